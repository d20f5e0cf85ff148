"""`kb run`: walk a tree in the terminal, then print the ticket's diagnostic."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from builder.command import command, load, root_option


@command(short_help="Parcourir un arbre et produire le diagnostic.")
@click.argument("tree_id", metavar="ARBRE")
@click.option("--vip", is_flag=True, help="L'appelant est VIP : la priorité d'escalade est P0.")
@root_option
def run(tree_id: str, vip: bool, root: Path) -> None:
    """Parcourir un arbre dans le terminal, puis afficher le diagnostic du ticket.

    Répondez par le numéro d'une réponse ; « b » revient à l'étape précédente,
    « q » arrête le parcours. Les « goto » continuent dans l'autre arbre.
    """
    from builder.resolution.diagnostic import fill, render
    from builder.content.suggest import did_you_mean
    from builder.resolution.walk import Walk, WalkError

    base = load(root)
    tree = base.tree(tree_id)
    if tree is None:
        hint = did_you_mean(tree_id, [t.id for t in base.trees])
        raise click.BadParameter(f"arbre « {tree_id} » introuvable" + (f" ({hint})" if hint else ""),
                                 param_hint="ARBRE")
    try:
        walk = Walk(base, tree)
        click.echo(click.style(f"{tree.id} — {tree.title}", bold=True))
        stopped = _interact(walk, base, fill)
    except WalkError as error:
        raise click.ClickException(f"{error} (lancez « kb check » pour corriger l'arbre)") from None
    click.echo()
    click.echo(click.style("Diagnostic à coller dans le ticket :", bold=True))
    click.echo(render(walk, base.config, vip))
    if stopped:
        sys.exit(1)


def _interact(walk: Any, base: Any, fill: Callable[[str, Any], str]) -> bool:
    """Ask until the walk reaches an end; True when the agent quits before."""
    from builder.content.markdown import links_as_text

    shown_tree = walk.current.tree.id
    while not walk.finished:
        step = walk.current
        node = step.node
        if step.tree.id != shown_tree:
            click.echo(click.style(f"→ Suite dans {step.tree.id} — {step.tree.title}", fg="cyan"))
            shown_tree = step.tree.id
        click.echo()
        if node.kind == "ask":
            click.echo(click.style(fill(node.text, base.config), bold=True))
        else:
            click.echo(click.style("Action : ", bold=True) + fill(node.text, base.config))
        if node.help:
            help_text = links_as_text(fill(node.help.value, base.config))
            click.echo("  Aide : " + help_text.strip().replace("\n", "\n         "))
        for ref in node.see:
            article = base.article(ref.target)
            click.echo(f"  À consulter : {ref.target}" + (f" — {article.title}" if article else ""))
        if node.kind == "ask":
            for number, label in enumerate(walk.answers(), 1):
                click.echo(f"  {number}. {label}")
            prompt = "Réponse (numéro, b = retour, q = quitter)"
        else:
            prompt = "Entrée quand c'est fait (b = retour, q = quitter)"
        choice = click.prompt(prompt, default="", show_default=False, prompt_suffix=" : ").strip()
        if choice.lower() == "q":
            click.echo("Parcours interrompu.")
            return True
        if choice.lower() == "b":
            if not walk.back():
                click.echo("(déjà au début de l'arbre)")
            continue
        if node.kind == "do":
            if choice == "":
                walk.done()
            else:
                click.echo("Appuyez sur Entrée, ou tapez b ou q.")
            continue
        labels = walk.answers()
        if choice.isdigit() and 1 <= int(choice) <= len(labels):
            walk.choose(labels[int(choice) - 1])
        elif choice in labels:
            walk.choose(choice)
        else:
            click.echo(f"Choix invalide : tapez un numéro de 1 à {len(labels)}, b ou q.")
    end = walk.current.node
    click.echo()
    click.echo(click.style("Fin : " + ("résolu" if end.kind == "resolved" else "escalade"), bold=True))
    return False

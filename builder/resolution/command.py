"""`kb run`: walk a tree in the terminal, then print the ticket's diagnostic."""
from __future__ import annotations

import sys
import unicodedata
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

    ARBRE est l'identifiant de l'arbre ou le chemin de son fichier. Répondez par
    le numéro d'une réponse ou par son libellé (majuscules et accents
    indifférents) ; « b » revient à l'étape précédente, « q » arrête le parcours.
    Les « goto » continuent dans l'autre arbre. Si l'entrée se termine avant la
    fin, le diagnostic partiel est affiché.
    """
    from builder.content.lookup import find_item
    from builder.content.printable import printable
    from builder.content.suggest import did_you_mean
    from builder.model import Tree
    from builder.resolution.diagnostic import fill, render
    from builder.resolution.walk import Walk, WalkError

    base = load(root)
    found = find_item(base, tree_id)
    tree = found if isinstance(found, Tree) else None
    if tree is None:
        hint = did_you_mean(tree_id, [t.id for t in base.trees])
        raise click.BadParameter(f"arbre « {tree_id} » introuvable" + (f" ({hint})" if hint else ""),
                                 param_hint="ARBRE")
    try:
        walk = Walk(base, tree)
        click.echo(click.style(printable(f"{tree.id} — {tree.title}"), bold=True))
        stopped = _interact(walk, base, fill)
    except WalkError as error:
        raise click.ClickException(f"{error} (lancez « kb check » pour corriger l'arbre)") from None
    click.echo()
    click.echo(click.style("Diagnostic à coller dans le ticket :", bold=True))
    click.echo(printable(render(walk, base.config, vip), keep_newlines=True))
    if stopped:
        sys.exit(1)


def answer_for(choice: str, labels: list[str]) -> str | None:
    """The label the agent meant: its number, or its text with case, accents and spaces folded."""
    if choice.isdigit():
        return labels[int(choice) - 1] if 1 <= int(choice) <= len(labels) else None
    if choice in labels:
        return choice
    matches = [label for label in labels if _folded(label) == _folded(choice)]
    return matches[0] if len(matches) == 1 else None


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _interact(walk: Any, base: Any, fill: Callable[[str, Any], str]) -> bool:
    """Ask until the walk reaches an end; True when the agent quits before."""
    from builder.content.markdown import links_as_text
    from builder.content.printable import printable

    shown_tree = walk.current.tree.id
    while not walk.finished:
        step = walk.current
        node = step.node
        if step.tree.id != shown_tree:
            click.echo(click.style(printable(f"→ Suite dans {step.tree.id} — {step.tree.title}"), fg="cyan"))
            shown_tree = step.tree.id
        click.echo()
        if node.kind == "ask":
            click.echo(click.style(printable(fill(node.text, base.config), True), bold=True))
        else:
            click.echo(click.style("Action : ", bold=True) + printable(fill(node.text, base.config), True))
        if node.help:
            help_text = links_as_text(fill(node.help.value, base.config))
            click.echo("  Aide : " + printable(help_text.strip(), True).replace("\n", "\n         "))
        for ref in node.see:
            article = base.article(ref.target)
            click.echo(printable(f"  À consulter : {ref.target}" + (f" — {article.title}" if article else "")))
        if node.kind == "ask":
            for number, label in enumerate(walk.answers(), 1):
                click.echo(f"  {number}. {printable(label)}")
            prompt = "Réponse (numéro ou libellé, b = retour, q = quitter)"
        else:
            prompt = "Entrée quand c'est fait (b = retour, q = quitter)"
        try:
            choice = click.prompt(prompt, default="", show_default=False, prompt_suffix=" : ").strip()
        except click.exceptions.Abort:  # end of input (Ctrl+D, a closed pipe): keep what was walked
            click.echo()
            click.echo("Fin de l'entrée : parcours interrompu.")
            return True
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
        chosen = answer_for(choice, labels)
        if chosen is not None:
            walk.choose(chosen)
        else:
            click.echo(f"Choix invalide : tapez un numéro de 1 à {len(labels)}, un libellé, b ou q.")
    end = walk.current.node
    click.echo()
    click.echo(click.style("Fin : " + ("résolu" if end.kind == "resolved" else "escalade"), bold=True))
    return False

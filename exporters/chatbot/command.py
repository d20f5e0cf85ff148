"""`kb export chatbot`: the JSONL corpus, the Rasa project, the evaluation."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from builder.command import command, not_a_root, os_reason, plural, root_option


@command("chatbot", short_help="Données du robot : corpus JSONL, projet Rasa, évaluation des intentions.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "rasa"]),
              help="jsonl : corpus de recherche, un objet JSON par section ; rasa : fichiers d'un projet Rasa 3.x.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER",
              help="Dossier où écrire les fichiers (créé au besoin ; nos fichiers y sont remplacés).")
@click.option("--include-stale", is_flag=True,
              help="Inclure les éléments en retard de revue, laissés de côté par défaut.")
@click.option("--evaluate", is_flag=True,
              help="Estimer par validation croisée si les exemples des articles distinguent bien les intentions.")
@root_option
def chatbot(fmt: str | None, out: Path | None, include_stale: bool, evaluate: bool, root: Path) -> None:
    """Exporter les articles et les arbres destinés aux usagers pour un robot conversationnel.

    Seuls les éléments publiés dont l'audience contient « user » sont exportés ;
    ceux en retard de revue sont laissés de côté (et comptés) sauf avec
    --include-stale. Toute la base est vérifiée d'abord, vérifications CB
    comprises : avec une erreur, rien n'est écrit (code de sortie 1).
    --evaluate affiche une estimation de la séparation des intentions.
    """
    from builder.content.snapshot import NotAContentRoot
    from exporters.chatbot import export as chatbot_export

    if fmt is None and not evaluate:
        raise click.UsageError("indiquez --format jsonl ou --format rasa (avec --out), ou --evaluate")
    if fmt is not None and out is None:
        raise click.UsageError("--format demande --out DOSSIER, le dossier où écrire les fichiers")
    today = date.today()
    try:
        if fmt is not None and out is not None:
            _export_chatbot(chatbot_export, root, fmt, out, today, include_stale)
        if evaluate:
            _evaluate_chatbot(chatbot_export, root, today, include_stale)
    except NotAContentRoot:
        raise not_a_root(root) from None


def _export_chatbot(module: Any, root: Path, fmt: str, out: Path, today: date, include_stale: bool) -> None:
    try:
        report = module.export(root, fmt, out, today, include_stale)
    except module.ExportRefused as refused:
        for f in refused.findings:
            if f.severity.value == "error" or f.code.startswith("CB"):
                click.echo(f.text(), err=True)
        errors = sum(f.severity.value == "error" for f in refused.findings)
        raise click.ClickException(f"export refusé : {plural(errors, 'erreur')} dans la base, rien n'a été écrit "
                                   "(corrigez-les, « kb check --chatbot » les liste)") from None
    except OSError as error:
        raise click.ClickException(f"impossible d'écrire dans « {out} » : {os_reason(error)}") from None
    shown = [f for f in report.findings if f.code.startswith("CB")]
    for f in shown:
        click.echo(f.text(), err=True)
    others = len(report.findings) - len(shown)
    what = f"{plural(report.articles, 'article')}, {plural(report.trees, 'arbre')}"
    if fmt == "jsonl":
        what += f", {plural(report.chunks, 'section')}"
    click.echo(f"Export {fmt} écrit dans {out} : {what} ({', '.join(report.files)}).")
    if report.stale:
        ids = ", ".join(item.id for item in report.stale)
        click.echo(f"{plural(len(report.stale), 'élément')} en retard de revue laissé"
                   f"{'s' if len(report.stale) > 1 else ''} de côté : {ids} (--include-stale pour les inclure).")
    else:
        click.echo("Aucun élément en retard de revue laissé de côté.")
    if shown or others:
        click.echo(f"{plural(len(shown), 'avertissement')} du robot"
                   + (f", {plural(others, 'autre avertissement', 'autres avertissements')} (kb check)" if others
                      else "") + ".", err=True)


def _evaluate_chatbot(module: Any, root: Path, today: date, include_stale: bool) -> None:
    from exporters.chatbot.evaluate import render
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("Validation croisée", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result, _ = module.evaluation(root, today, include_stale, progress=advance)
    click.echo(render(result))

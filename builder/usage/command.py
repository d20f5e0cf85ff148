"""`kb usage LOG…`: the usage report read from the web server's access logs."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..command import CONTEXT, KbCommand, load, parse_date, root_option


def usage_option_files(patterns: tuple[str, ...]) -> list[Path]:
    """The files of another command's --usage option (kb build, kb coverage); a missing log is a misuse."""
    from .collect import expand
    from .logread import LogError

    try:
        return expand(list(patterns))
    except LogError as error:
        raise click.BadParameter(str(error), param_hint="--usage") from None


@click.command("usage", cls=KbCommand, context_settings=CONTEXT,
               short_help="Mesurer l'utilisation du site (journaux du serveur web).")
@click.argument("logs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="JOURNAL...")
@click.option("--since", "since_text", metavar="AAAA-MM-JJ", help="Ignorer ce qui précède ce jour.")
@click.option("--until", "until_text", metavar="AAAA-MM-JJ", help="Ignorer ce qui suit ce jour (inclus).")
@click.option("--format", "output", type=click.Choice(["table", "json", "csv"]), default="table",
              help="table : tableaux lisibles ; json et csv : formats décrits dans docs/usage.md.")
@root_option
def usage(logs: tuple[Path, ...], since_text: str | None, until_text: str | None, output: str, root: Path) -> None:
    """Lire les journaux d'accès du serveur web (format Combined ou Common, nginx ou Apache,
    .gz accepté, dans n'importe quel ordre) et dire comment le site est utilisé.

    Par arbre : parcours, fins (résolu, escaladé, abandonné), diagnostics copiés,
    durée médiane et 90e centile jusqu'à la fin, parcours hors délai, étapes où
    les agents abandonnent, passages et réponses à chaque étape. Par article :
    les vues. Les recherches, dont celles sans résultat. Par semaine, et le
    nombre de parcours par jour ouvré. Les lignes illisibles sont comptées,
    jamais bloquantes.
    """
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    from .collect import collect, expand
    from .logread import LogError
    from .report import print_report, report_csv, report_json

    since = parse_date(since_text, "--since")
    until = parse_date(until_text, "--until")
    if since and until and until < since:
        raise click.UsageError("--until précède --since")
    try:
        paths = expand([str(path) for path in logs])
    except LogError as error:
        raise click.UsageError(str(error)) from None
    base = load(root)
    errors = Console(stderr=True)
    columns = ("[progress.description]{task.description}", BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=errors, transient=True, disable=not errors.is_terminal) as progress:
        task = progress.add_task("Lecture des journaux", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            result, stats = collect(base, paths, advance, since, until)
        except LogError as error:
            raise click.ClickException(str(error)) from None
    if output == "json":
        click.echo(json.dumps(report_json(result, stats), ensure_ascii=False, indent=2))
    elif output == "csv":
        click.echo(report_csv(result), nl=False)
    else:
        screen = Console()
        print_report(result, stats, screen if screen.is_terminal else Console(width=160))
    if output != "table" and (stats.unreadable or stats.broken):
        click.echo(f"{stats.unreadable} ligne(s) illisible(s) sur {stats.lines} lue(s)"
                   + (f" ; {len(stats.broken)} journal(aux) lu(s) en partie" if stats.broken else "")
                   + " : voir docs/usage.md.", err=True)

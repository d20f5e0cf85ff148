"""`kb freshness`: PIL-05 today, at a date, or month by month from git."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from builder.command import command, load, not_a_root, parse_date, plural, root_option


@command(short_help="Fraîcheur de la base et indicateur PIL-05.")
@click.option("--at", "at_text", metavar="AAAA-MM-JJ",
              help="Date du calcul (par défaut aujourd'hui) ; une date passée lit l'historique git.")
@click.option("--history", "history_spec", metavar="AAAA-MM..AAAA-MM",
              help="Une ligne par mois, chaque mois pris à son dernier jour (le mois en cours à aujourd'hui).")
@click.option("--by", type=click.Choice(["domain", "owner"]),
              help="Les mêmes chiffres par domaine ou par responsable.")
@click.option("--format", "output", type=click.Choice(["table", "json", "csv"]), default="table",
              help="table : tableaux lisibles ; json et csv : schémas décrits dans le README.")
@click.option("--digest", "digest_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER",
              help="Écrire dans DOSSIER un fichier Markdown par responsable : ce qu'il doit revoir, "
                   "du plus urgent au moins urgent.")
@click.option("--forecast", "forecast_months", type=click.IntRange(1, 120), metavar="N",
              help="PIL-05 prévu à la fin de chacun des N prochains mois (le mois en cours d'abord) "
                   "si rien n'est revu, et les échéances de chaque semaine ; --at change la date de départ.")
@root_option
def freshness(at_text: str | None, history_spec: str | None, by: str | None, output: str,
              digest_dir: Path | None, forecast_months: int | None, root: Path) -> None:
    """Afficher la fraîcheur de la base et l'indicateur PIL-05.

    PIL-05 = éléments publiés « à jour » / éléments publiés. Sans --history :
    les chiffres à la date voulue puis les éléments en retard, à revoir
    bientôt, modifiés sans revue ou qui citent un élément en retard, du plus
    urgent au moins urgent. Avec --history : une ligne par mois, lue dans
    l'historique git (première branche parente). Une base hors d'un dépôt git
    n'a que les chiffres du jour. Avec --forecast N : ce que deviendra
    l'indicateur si personne ne revoit rien, mois par mois.
    """
    from rich.console import Console

    from builder.freshness import output as out
    from builder.freshness.figures import report_at
    from builder.content.git import GitError

    today = date.today()
    at = parse_date(at_text, "--at") or today
    if history_spec and (at_text or digest_dir):
        raise click.UsageError("--history ne se combine ni avec --at ni avec --digest")
    if forecast_months is not None:
        if history_spec or digest_dir or by:
            raise click.UsageError("--forecast ne se combine ni avec --history, ni avec --digest, ni avec --by")
        _freshness_forecast(forecast_months, at, output, root)
        return
    if history_spec:
        _freshness_history(history_spec, by, output, root, today)
        return
    base = load(root)
    try:
        with Console(stderr=True).status("Lecture de l'historique git…"):
            result = report_at(base, at, today, by)
    except GitError as error:
        raise click.ClickException(str(error)) from None
    if digest_dir is not None:
        from builder.freshness.digest import write_digests
        written = write_digests(result, base.config, digest_dir)
        for path in written:
            click.echo(path.as_posix())
        click.echo(f"{plural(len(written), 'fichier')} écrit{'s' if len(written) > 1 else ''} dans "
                   f"{digest_dir} ({plural(len(result.lines), 'élément')} à revoir).", err=True)
    elif output == "json":
        click.echo(json.dumps(out.report_json(result), ensure_ascii=False, indent=2))
    elif output == "csv":
        click.echo(out.report_csv(result), nl=False)
    else:
        out.print_report(result, out.console())


def _freshness_history(spec: str, by: str | None, output: str, root: Path, today: date) -> None:
    from rich.console import Console

    from builder.freshness import output as out
    from builder.freshness.figures import PeriodError, history, periods
    from builder.content.git import GitError
    from builder.content.snapshot import is_content_root

    try:
        spans = periods(spec, today)
    except PeriodError as error:
        raise click.BadParameter(str(error), param_hint="--history") from None
    if not is_content_root(root):
        raise not_a_root(root)
    with Console(stderr=True).status("Lecture de l'historique git…") as spinner:
        def parsing(done: int, total: int) -> None:
            spinner.update(f"Analyse des versions passées (une seule fois, gardées sous .kb/) : {done} / {total}")
        try:
            rows = history(root.resolve(), spans, today, by, parsing)
        except GitError as error:
            raise click.ClickException(str(error)) from None
    if output == "json":
        click.echo(json.dumps(out.history_json(rows, by), ensure_ascii=False, indent=2))
    elif output == "csv":
        click.echo(out.history_csv(rows, by), nl=False)
    else:
        out.print_history(rows, by, out.console())


def _freshness_forecast(months: int, start: date, output: str, root: Path) -> None:
    from builder.freshness import plan_output
    from builder.freshness.forecast import forecast
    from builder.freshness.output import console

    base = load(root)
    result = forecast(base.config, base.items, start, months)
    if output == "json":
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    elif output == "csv":
        click.echo(plan_output.forecast_csv(result), nl=False)
    else:
        plan_output.print_forecast(result, console())

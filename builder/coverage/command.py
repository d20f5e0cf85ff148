"""`kb coverage FILE`: the click command; it parses options, calls `coverage()`, prints, sets the exit status."""
from __future__ import annotations

from pathlib import Path

import click

from builder.command import command, not_a_root, parse_date, root_option
from builder.usage.command import usage_option_files

from ._kb import printable
from .errors import CoverageError


def _mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, header = pair.partition("=")
        if not sep or not key.strip() or not header.strip():
            raise click.BadParameter(f"« {pair} » : écrivez CHAMP=EN-TÊTE (summary=Libellé)", param_hint="--column")
        out[key.strip()] = header.strip()
    return out


@command("coverage", short_help="Tickets couverts par la base et problèmes récurrents sans connaissance.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FICHIER")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="Nombre de problèmes récurrents sans connaissance à présenter.")
@click.option("--since", metavar="AAAA-MM-JJ", help="Ne compter que les tickets créés ce jour-là ou après.")
@click.option("--until", metavar="AAAA-MM-JJ", help="Ne compter que les tickets créés ce jour-là ou avant.")
@click.option("--format", "output", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="table : le rapport lisible ; json : le rapport complet ; csv : un ticket par ligne (audit).")
@click.option("--column", "columns", multiple=True, metavar="CHAMP=EN-TÊTE",
              help="Colonne de l'export pour un champ (id, created, category, summary, description, group, "
                   "resolved_by, requester, email), si son en-tête n'est pas reconnu. Répétable.")
@click.option("--threshold", type=click.FloatRange(0.05, 1.0), default=None,
              help="Confiance minimale (0 à 1) pour qu'un élément trouvé par la recherche couvre un ticket "
                   "(par défaut 0,65, ou tickets.threshold de kb.yaml).")
@click.option("--level1-group", "level1", multiple=True, metavar="GROUPE",
              help="Groupe dont la résolution compte comme niveau 1 (en plus de tickets.level1 de kb.yaml). Répétable.")
@click.option("--usage", "usage_logs", multiple=True, metavar="JOURNAL",
              help="Journal du serveur web (comme kb usage) : ajoute le taux d'utilisation des arbres par "
                   "catégorie, parcours sur la période des tickets rapportés aux tickets résolus au niveau 1 "
                   "(option répétable ; un motif entre guillemets comme 'access.log*' est accepté).")
@root_option
def coverage(file: Path, top: int, since: str | None, until: str | None, output: str, columns: tuple[str, ...],
             threshold: float | None, level1: tuple[str, ...], usage_logs: tuple[str, ...], root: Path) -> None:
    """Lire un export de tickets (CSV, XLSX ou ODS) et dire lesquels la base couvre.

    Un ticket est couvert par un élément publié qui déclare sa catégorie, ou que
    la recherche trouve pour son objet avec une confiance suffisante. Le rapport
    donne la couverture par catégorie (Pareto), le taux de résolution au niveau 1
    des tickets couverts et non couverts, et les problèmes récurrents sans
    connaissance, prêts à devenir les prochains arbres et articles. Les noms,
    adresses électroniques et numéros de téléphone des tickets sont masqués.
    Avec --usage, il donne aussi le taux d'utilisation : par catégorie, les
    parcours des arbres qui la déclarent rapportés aux tickets résolus au niveau 1.
    """
    from .output import as_csv, as_json, as_text
    from .run import coverage as run
    from ._kb import NotAContentRoot

    start, end = parse_date(since, "--since"), parse_date(until, "--until")
    if start and end and start > end:
        raise click.BadParameter("--since est après --until", param_hint="--since")
    logs = usage_option_files(usage_logs)
    try:
        report = run(root, file, top, start, end, _mapping(columns), threshold, level1, usage_logs=logs)
    except NotAContentRoot:
        raise not_a_root(root) from None
    except CoverageError as error:
        raise click.ClickException(printable(str(error))) from None
    click.echo(as_json(report) if output == "json" else as_csv(report).rstrip("\n") if output == "csv"
               else printable(as_text(report), keep_newlines=True))  # the export's text, never obeyed

"""`kb new` and `kb review`."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from builder.command import command, known_domain, load, locked, not_a_root, os_reason, parse_date, root_option


@command(short_help="Créer un article ou un arbre avec le prochain identifiant.")
@click.argument("kind", type=click.Choice(["article", "tree"]))
@click.option("--domain", required=True, metavar="DOMAINE", help="Domaine (une clé de « domains » dans kb.yaml).")
@click.option("--title", required=True, metavar="TITRE", help="Titre de l'article ou de l'arbre.")
@click.option("--owner", metavar="RESPONSABLE", help="Responsable ; par défaut le nom de « git config user.name ».")
@click.option("--yes", "-y", is_flag=True, help="Créer sans demander, même si des éléments semblables existent.")
@root_option
def new(kind: str, domain: str, title: str, owner: str | None, yes: bool, root: Path) -> None:
    """Créer un article ou un arbre valide avec le prochain identifiant libre.

    Avant d'écrire, kb cherche les éléments existants dont le titre, les
    questions ou les symptômes ressemblent au nouveau titre (chercher avant de
    créer) ; s'il y en a, il les affiche et demande « Créer quand même ? ».
    Sans réponse (entrée non interactive), rien n'est créé : --yes crée sans
    demander. Le fichier est créé en brouillon (status: draft), daté
    d'aujourd'hui, dans kb/DOMAINE/ ou trees/DOMAINE/ ; son chemin est affiché.
    """
    from builder.content.gitignore import ensure_ignored
    from builder.content.snapshot import is_content_root

    if not is_content_root(root.resolve()):
        raise not_a_root(root)
    with locked(root.resolve(), "new"):
        base = load(root)
        _new(base, kind, domain, title, owner, yes, root)
        ensure_ignored(base.root)


def _new(base: Any, kind: str, domain: str, title: str, owner: str | None, yes: bool, root: Path) -> None:
    from builder.authoring.files import default_owner, new_article, new_tree

    if domain not in base.config.domains:
        known_domain(domain, base.config.domains)
    if not title.strip():
        raise click.BadParameter("le titre est vide", param_hint="--title")
    if not yes:
        _confirm_unlike_existing(root, title.strip())
    make = new_article if kind == "article" else new_tree
    path = make(base, domain, title.strip(), owner or default_owner(base.root), date.today())
    click.echo(path.relative_to(base.root).as_posix())


def _confirm_unlike_existing(root: Path, title: str) -> None:
    """List the items that look like the new title; go on only if the author says so."""
    from builder.content.printable import printable
    from builder.model import STATUS_LABELS
    from builder.search.api import SearchError
    from builder.search.index import updated_index

    try:
        index, _ = updated_index(root)
        similar = index.similar(title, limit=5)
    except SearchError as error:
        raise click.ClickException(f"{error} (ou relancez avec --yes)") from None
    if not similar:
        return
    click.echo("Des éléments existants ressemblent à ce titre :", err=True)
    for hit in similar:
        status = "" if hit.status == "published" else f", {STATUS_LABELS.get(hit.status, hit.status)}"
        click.echo(printable(f"  {hit.id} — {hit.title} ({hit.path}{status})"), err=True)
    try:
        answer = click.prompt("Créer quand même ? [o/N]", default="n", show_default=False, err=True,
                              prompt_suffix=" : ")
    except click.exceptions.Abort:
        answer = None
    if answer is None or answer.strip().lower() not in ("o", "oui", "y", "yes"):
        raise click.ClickException("rien n'a été créé" + (
            " : pas de réponse à « Créer quand même ? » (relancez avec --yes pour créer sans demander)"
            if answer is None else ""))




@command(short_help="Marquer des éléments comme revus, ou planifier les revues.")
@click.argument("ids", nargs=-1, metavar="[ID...]")
@click.option("--date", "day", metavar="AAAA-MM-JJ",
              help="Date de la revue (par défaut aujourd'hui) ; avec --plan, premier jour du plan.")
@click.option("--plan", "plan", is_flag=True,
              help="Proposer un calendrier de revues qui garde PIL-05 au-dessus de l'objectif à chaque fin de mois.")
@click.option("--per-week", type=click.IntRange(0), metavar="N",
              help="Avec --plan : N revues par semaine au plus (par défaut le plus petit nombre qui suffit).")
@click.option("--until", "until_text", metavar="AAAA-MM-JJ",
              help="Avec --plan : dernier jour du plan (par défaut la fin du 12e mois, le mois en cours compris).")
@click.option("--owner", metavar="RESPONSABLE", help="Avec --plan : seulement les revues de ce responsable.")
@click.option("--format", "output", type=click.Choice(["table", "json", "csv"]), default="table",
              help="Avec --plan : table (lisible), json ou csv (schémas dans docs/freshness.md).")
@click.option("--ics", "ics_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER",
              help="Avec --plan : écrire dans DOSSIER un fichier iCalendar (.ics) par responsable, "
                   "un rappel par revue, à importer dans Outlook ou tout agenda.")
@root_option
def review(ids: tuple[str, ...], day: str | None, plan: bool, per_week: int | None, until_text: str | None,
           owner: str | None, output: str, ics_dir: Path | None, root: Path) -> None:
    """Marquer des articles ou des arbres comme revus, ou planifier les revues.

    Avec des identifiants (ou des chemins de fichiers) : réécrit seulement la ligne
    « reviewed » de chaque fichier ; commentaires, ordre des clés et mise en forme restent intacts.

    Avec --plan : propose, semaine par semaine, quel élément revoir et quand,
    pour que PIL-05 reste au moins à l'objectif (pil05.target) à chaque fin de
    mois, sans dépasser --per-week revues par semaine et sans laisser passer une
    échéance (revoir en avance est permis : c'est ce qui étale les pics). Quand
    aucun plan ne tient avec N revues par semaine, la commande le dit, donne le
    plus petit N qui suffirait et sort avec le code 1.
    """
    plan_options = {"--per-week": per_week is not None, "--until": until_text, "--owner": owner,
                    "--format": output != "table", "--ics": ics_dir}
    if plan:
        if ids:
            raise click.UsageError("--plan ne prend pas d'identifiant : il planifie toute la base")
        _review_plan(parse_date(day) or date.today(), per_week, parse_date(until_text, "--until"), owner,
                     output, ics_dir, root)
        return
    if used := [name for name, value in plan_options.items() if value]:
        raise click.UsageError(f"{', '.join(used)} ne s'emploie qu'avec --plan")
    if not ids:
        raise click.UsageError("indiquez au moins un identifiant (ou --plan pour planifier les revues)")
    _mark_reviewed(ids, day, root)


def _mark_reviewed(ids: tuple[str, ...], day: str | None, root: Path) -> None:
    when = parse_date(day) or date.today()
    if when > date.today():
        raise click.BadParameter(f"la date {when.isoformat()} est dans le futur", param_hint="--date")
    with locked(root.resolve(), "review"):
        _review(ids, when, load(root))


def _review(refs: tuple[str, ...], when: date, base: Any) -> None:
    from builder.authoring.files import AuthoringError, set_reviewed
    from builder.content.lookup import find_item
    from builder.content.suggest import did_you_mean

    found = {ref: find_item(base, ref) for ref in refs}
    unknown = [ref for ref, item in found.items() if item is None]
    if unknown:
        hints = [f"« {i} »" + (f" ({h})" if (h := did_you_mean(i, base.by_id)) else "") for i in unknown]
        raise click.BadParameter("identifiant ou fichier inconnu : " + ", ".join(hints), param_hint="ID")
    for item in {id(item): item for item in found.values()}.values():
        try:
            set_reviewed(item, base.root, when)
        except AuthoringError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"{item.id} revu le {when.isoformat()} ({item.path})")


def _review_plan(start: date, per_week: int | None, until: date | None, owner: str | None, output: str,
                 ics_dir: Path | None, root: Path) -> None:
    import json

    from builder.content.suggest import did_you_mean
    from builder.freshness import plan_output
    from builder.freshness.forecast import month_ends
    from builder.freshness.output import console
    from builder.freshness.plan_hint import remembered_plan

    until = until or month_ends(start, 12)[-1]
    if until < start:
        raise click.BadParameter(f"le {until.isoformat()} précède le début du plan ({start.isoformat()})",
                                 param_hint="--until")
    if (until - start).days > 3 * 366:
        raise click.BadParameter("un plan couvre trois ans au plus", param_hint="--until")
    base = load(root)
    owners = {item.owner for item in base.items if item.published}
    if owner is not None and owner not in owners:
        hint = did_you_mean(owner, owners)
        raise click.BadParameter(f"aucun élément publié n'a pour responsable « {owner} »"
                                 + (f" ({hint})" if hint else ""), param_hint="--owner")
    outcome = remembered_plan(base.root, base.config, base.items, start, until, per_week)
    reviews = [r for r in outcome.plan.reviews if owner is None or r.item.owner == owner]
    if ics_dir is not None:
        from builder.freshness.ics import write_calendars
        try:
            written = write_calendars(outcome.plan, reviews, base.config, ics_dir)
        except OSError as error:
            raise click.ClickException(f"impossible d'écrire dans {ics_dir} : {os_reason(error)}") from None
        for path in written:
            click.echo(path.as_posix(), err=output != "table")
    if output == "json":
        click.echo(json.dumps(plan_output.plan_json(outcome, reviews), ensure_ascii=False, indent=2))
    elif output == "csv":
        click.echo(plan_output.plan_csv(reviews), nl=False)
    else:
        plan_output.print_plan(outcome, reviews, console(), owner)
    if not outcome.plan.feasible:
        if output != "table":
            click.echo(plan_output.verdict(outcome), err=True)
        raise click.exceptions.Exit(1)

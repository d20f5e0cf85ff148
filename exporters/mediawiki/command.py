"""`kb export mediawiki` and `kb import mediawiki`: the GIDE wiki."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from builder.command import command, known_domain, load, locked, not_a_root, plural, root_option


@command("mediawiki", short_help="Publier les articles et les arbres sur le wiki.")
@click.option("--url", metavar="URL", help="Adresse de l'API du wiki (https://serveur/w/api.php) : synchroniser.")
@click.option("--dump", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER.xml",
              help="Écrire les pages dans un export XML (schéma 0.11) pour importDump.php, sans wiki.")
@click.option("--dry-run", is_flag=True, help="Afficher ce qui serait fait, avec les différences, sans rien écrire.")
@click.option("--only", multiple=True, metavar="ID", help="Ne publier que cet élément (option répétable).")
@click.option("--force", multiple=True, metavar="PAGE",
              help="Écraser cette page même si une personne l'a modifiée (titre ou identifiant ; répétable).")
@click.option("--templates", is_flag=True, help="Créer ou mettre à jour aussi les modèles utilisés par les pages.")
@root_option
def export_mediawiki(url: str | None, dump: Path | None, dry_run: bool, only: tuple[str, ...],
                     force: tuple[str, ...], templates: bool, root: Path) -> None:
    """Publier les articles et les arbres publiés sur le wiki GIDE (MediaWiki).

    Avec --url, la synchronisation lit d'abord toutes les pages gérées (celles de la
    catégorie de kb.yaml qui portent le modèle « Fiche CSU »), puis crée les pages
    manquantes, met à jour celles dont la dernière version vient du compte de
    synchronisation, et laisse telles quelles celles qu'une personne a modifiées
    (conflits, avec le lien vers la différence), sauf --force PAGE. Un élément archivé
    ou supprimé laisse une page « fiche archivée ».

    Identifiants : un mot de passe de robot dans KB_MEDIAWIKI_USER et
    KB_MEDIAWIKI_PASSWORD, ou dans ~/.netrc ; jamais sur la ligne de commande.
    Code de sortie : 1 s'il reste un conflit ou une erreur.
    """
    if (url is None) == (dump is None):
        raise click.UsageError("indiquez soit --url (synchroniser le wiki), soit --dump (écrire un fichier XML)")
    if dump is not None and (dry_run or force):
        raise click.UsageError("--dry-run et --force ne concernent que la synchronisation (--url)")
    base = _exportable(root, only)
    from exporters.mediawiki.export import git_commit, wanted_pages
    from exporters.mediawiki.wikitext import ConversionError
    try:
        pages = wanted_pages(base, date.today(), only, templates)
    except ConversionError as error:
        raise click.ClickException(str(error)) from None
    commit = git_commit(base.root)
    if dump is not None:
        from exporters.mediawiki import dump as xml_dump
        xml_dump.write(dump, pages, f"kb export mediawiki (commit {commit})")
        click.echo(f"{plural(len(pages), 'page')} écrites dans {dump} ; à importer avec "
                   f"« php maintenance/importDump.php {dump.name} » sur le serveur du wiki.")
        from exporters.mediawiki.export import dump_files
        folder = dump_files(base, dump, only)
        if folder is not None:
            click.echo(f"Images écrites dans {folder} (liste : fichiers.txt) ; à importer avant les pages avec "
                       f"« php maintenance/importImages.php {folder.name} ».")
        return
    assert url is not None
    sys.exit(_sync(url, base, pages, commit, dry_run, force, only))


def _exportable(root: Path, only: tuple[str, ...]) -> Any:
    """The loaded base, refused while `kb check` finds errors in it."""
    from builder.check.pipeline import check as run_check
    from builder.content.snapshot import NotAContentRoot
    from builder.content.suggest import did_you_mean
    try:
        report = run_check(root)
    except NotAContentRoot:
        raise not_a_root(root) from None
    if report.errors:
        raise click.ClickException(f"la base a {plural(report.errors, 'erreur')} : corrigez-les "
                                   "(« kb check ») avant de publier")
    base = load(root)
    published = {item.id for item in base.items if item.published}
    unknown = [i for i in only if i not in published]
    if unknown:
        hints = [f"« {i} »" + (f" ({h})" if (h := did_you_mean(i, published)) else "") for i in unknown]
        raise click.BadParameter("pas d'élément publié " + ", ".join(hints), param_hint="--only")
    return base


def _sync(url: str, base: Any, pages: Any, commit: str, dry_run: bool, force: tuple[str, ...],
          only: tuple[str, ...]) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from exporters.mediawiki.client import UsageProblem, WikiError
    from exporters.mediawiki.export import connect, report_lines, run

    try:
        wiki = connect(url)
    except UsageProblem as error:
        raise click.UsageError(str(error)) from None
    except WikiError as error:
        raise click.ClickException(str(error)) from None
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console,
                  transient=True, disable=dry_run) as progress:
        task = progress.add_task("Lecture du wiki", total=None)

        def planned(changes: Any) -> None:
            writes = sum(1 for c in changes if c.outcome.writes)
            progress.update(task, description="Écriture des pages", total=writes, completed=0)

        try:
            result = run(wiki, base, pages, commit=commit, dry_run=dry_run, force=force, only=only,
                         planned=planned, progress=lambda change: progress.advance(task))
        except WikiError as error:
            raise click.ClickException(str(error)) from None
    for line in report_lines(result):
        click.echo(line)
    return 1 if result.failed else 0




@command("mediawiki", short_help="Convertir des pages du wiki en articles.")
@click.option("--url", required=True, metavar="URL", help="Adresse de l'API du wiki (https://serveur/w/api.php).")
@click.option("--category", metavar="CATÉGORIE", help="Importer les pages de cette catégorie.")
@click.option("--title", "titles", multiple=True, metavar="TITRE", help="Importer cette page (option répétable).")
@click.option("--domain", metavar="DOMAINE",
              help="Domaine des articles créés ; sinon déduit des catégories de chaque page.")
@click.option("--max-size", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              metavar="MO", help="Taille maximale d'une page importée, en mégaoctets ; les plus grandes sont ignorées.")
@root_option
def import_mediawiki(url: str, category: str | None, titles: tuple[str, ...], domain: str | None,
                     max_size: float, root: Path) -> None:
    """Convertir des pages du wiki en articles brouillons dans kb/.

    Chaque page devient un article (nouvel identifiant, statut draft, responsable
    « à définir », date de revue vide : « kb check » demande une relecture). Les
    encadrés et les liens internes sont convertis ; un modèle inconnu est gardé
    visiblement et signalé. Aucun fichier existant n'est écrasé ; une page déjà
    présente dans la base est ignorée. Le rapport liste ce qu'une personne doit
    reprendre. Identifiants facultatifs (comme pour kb export mediawiki).
    """
    if not category and not titles:
        raise click.UsageError("indiquez --category ou au moins un --title")
    for name in (*titles, category or ""):
        if any(c in name for c in "\0\r\n|"):
            raise click.BadParameter("un titre de page ne peut contenir ni « | », ni retour à la ligne, ni "
                                     "caractère nul", param_hint="--title/--category")
    from exporters.mediawiki.client import UsageProblem, WikiError
    from exporters.mediawiki.export import connect
    from exporters.mediawiki.importer import fetch, import_pages, report_lines
    from exporters.mediawiki.wikitext import ConversionError
    from builder.content.snapshot import is_content_root
    if not is_content_root(root.resolve()):
        raise not_a_root(root)
    # under the base's lock: the new ids are the next free ones, which a `kb new` beside would also take
    with locked(root.resolve(), "import"):
        base = load(root)
        if domain is not None and domain not in base.config.domains:
            known_domain(domain, base.config.domains)
        try:
            wiki = connect(url, anonymous=True)
            fetched = fetch(wiki, category, titles)
            pages = import_pages(base, wiki, fetched, domain, category, max_bytes=int(max_size * 1_000_000))
        except UsageProblem as error:
            raise click.UsageError(str(error)) from None
        except (WikiError, ConversionError) as error:
            raise click.ClickException(str(error)) from None
    lines, failed = report_lines(pages, titles)
    for line in lines:
        click.echo(line)
    sys.exit(1 if failed else 0)

"""`kb build` and `kb serve`: the agents' site, and the users' portal (--audience user)."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from builder.command import (command, locked, not_a_root, os_reason, plural, print_findings, root_option,
                             summary)
from builder.usage.command import usage_option_files


def content_snapshot(root: Path) -> Any:
    from builder.content.snapshot import NotAContentRoot, read_snapshot
    try:
        return read_snapshot(root)
    except NotAContentRoot:
        raise not_a_root(root) from None


def checked_base(root: Path, strict: bool, snapshot: Any = None, load: bool = True, base: Any = None) -> tuple[Any, Any]:
    """Load the base once (unless given) and check it; refuse to publish it with errors. Returns (base, snapshot).

    With load=False the base is not loaded when the check's cache answers (base is then None)."""
    from builder.check.pipeline import check as run_check
    from builder.content.load import load_base
    from builder.content.gcpause import cycle_collector_paused
    snapshot = snapshot or content_snapshot(root)
    with cycle_collector_paused():
        base = base or (load_base(root, snapshot) if load else None)
        report = run_check(root, snapshot=snapshot, base=base)
    _refuse_if_failed(report, strict)
    return base, snapshot


def _refuse_if_failed(report: Any, strict: bool) -> None:
    if report.failed(strict):
        print_findings(report.findings)
        click.echo(summary(report.errors, report.warnings, report.files), err=True)
        raise click.ClickException("site non publié : corrigez d'abord les problèmes ci-dessus (kb check)")


AUDIENCE = click.option(
    "--audience", type=click.Choice(["agent", "user"]), default="agent", show_default=True,
    help="« agent » : le site des agents ; « user » : le portail d'auto-dépannage des usagers, avec les seuls "
         "éléments publiés pour le public « user » et aucune donnée réservée aux agents (docs/portal.md).")
@command(short_help="Vérifier la base et construire le site des agents (ou le portail des usagers).")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER",
              help="Où écrire le site ; par défaut site/ sous la racine du contenu (site-usagers/ avec "
                   "--audience user).")
@AUDIENCE
@click.option("--strict", is_flag=True, help="Refuser aussi les avertissements (de kb check et de MkDocs).")
@click.option("--usage", "usage_logs", multiple=True, metavar="JOURNAL",
              help="Ajouter la page « Utilisation » et les parcours par étape, lus dans ce journal du serveur "
                   "web (option répétable ; un motif entre guillemets comme 'access.log*' est accepté).")
@click.option("--tickets", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
              metavar="FICHIER",
              help="Ajouter la page « Couverture » : les tickets de cet export de l'outil de gestion (CSV, XLSX "
                   "ou ODS) que la base couvre et les problèmes récurrents sans connaissance, comme kb coverage ; "
                   "avec --usage, le taux d'utilisation des arbres par catégorie.")
@root_option
def build(site_dir: Path | None, audience: str, strict: bool, usage_logs: tuple[str, ...], tickets: Path | None,
          root: Path) -> None:
    """Vérifier la base, générer les pages et construire le site statique.

    Refuse de publier une base qui a des erreurs. Les pages sont générées dans
    .kb/docs, puis MkDocs construit le site (par défaut dans site/), que
    n'importe quel serveur web statique peut servir. Seules les pages touchées
    par une modification sont reconstruites ; le résultat est celui d'une
    construction complète (supprimez .kb/ pour en forcer une).

    --usage et --tickets ajoutent au site des agents les pages « Utilisation »
    et « Couverture » (jamais au portail des usagers).
    """
    from builder.content.snapshot import is_content_root

    if not is_content_root(root.resolve()):
        raise not_a_root(root)
    if usage_logs and audience == "user":
        raise click.UsageError("--usage s'applique au site des agents : la page « Utilisation » n'est pas publiée "
                               "sur le portail des usagers")
    if tickets and audience == "user":
        raise click.UsageError("--tickets s'applique au site des agents : la page « Couverture » n'est pas publiée "
                               "sur le portail des usagers")
    with locked(root.resolve(), "build"):
        _build(site_dir, strict, usage_logs, root, audience, tickets)


def _build(site_dir: Path | None, strict: bool, usage_logs: tuple[str, ...], root: Path, audience: str = "agent",
           tickets: Path | None = None) -> None:
    """The build itself, under the lock: check, index, generate and build incrementally in .kb/site-build,
    then publish a copy beside the target and swap."""
    from rich.console import Console

    from builder.content.gitignore import ensure_ignored
    from builder.search.index import updated_index
    from builder.site import incremental
    from builder.site.engine import SiteError
    from builder.site.publish import PublishError, check_target

    portal = audience == "user"
    target = (site_dir or root / ("site-usagers" if portal else "site")).resolve()
    what = "Portail" if portal else "Site"
    try:
        check_target(target)  # before any work: a refused folder is said at once
    except PublishError as error:
        raise click.UsageError(str(error)) from None
    logs = usage_option_files(usage_logs)
    snapshot = content_snapshot(root)
    ensure_ignored(snapshot.root)
    work, today = incremental.work_dir(snapshot.root, audience), date.today()
    build_dir = work / incremental.BUILD_DIR
    source = incremental.source_key(snapshot, today, build_dir, False, logs, tickets)
    unchanged = incremental.up_to_date(work, source, build_dir)
    if unchanged is not None:  # the check's cache answers without loading the base
        checked_base(root, strict, snapshot, load=False)
        if incremental.published(work, source, target):
            click.echo(f"{what} à jour dans {target} : rien n'a changé depuis la dernière construction "
                       f"(0 page reconstruite sur {unchanged}).")
            return
        _publish(build_dir, target, work, source)
        click.echo(f"{what} publié dans {target} : rien n'a changé depuis la dernière construction "
                   f"(0 page reconstruite sur {unchanged}).")
        return
    incremental.forget_source(work)
    base = incremental.load_base(snapshot, snapshot.root / ".kb")
    checked_base(root, strict, snapshot, base=base)
    console = Console(stderr=True)
    if not portal:  # the index of kb search (the agents' tool); the portal's search is its own pages'
        with console.status("Mise à jour de l'index de recherche…"):
            _, stats = updated_index(snapshot, base.config)
        click.echo(f"Index de recherche à jour ({plural(stats.indexed, 'fichier')} indexé"
                   f"{'s' if stats.indexed > 1 else ''}, {stats.unchanged} inchangé{'s' if stats.unchanged > 1 else ''}).",
                   err=True)
    usage = _usage(base, logs, console) if logs else None
    report = _coverage(base, tickets, usage, console) if tickets else None
    with console.status("Génération des pages…"):
        generated, _ = incremental.generate_changed(base, snapshot, today, work, usage=usage, audience=audience,
                                                    coverage=report)
    with console.status(f"Construction du site ({generated.pages} fichiers) avec MkDocs…"):
        try:
            built = incremental.build(generated.config_file, build_dir, work / incremental.SITE_STATE)
        except SiteError as error:
            raise click.ClickException(f"{error} ; le site précédent reste en place") from None
    warnings = built.warnings
    for warning in warnings:
        click.echo(f"MkDocs : {warning}", err=True)
    if strict and warnings:  # before the swap: the previous site stays
        raise click.ClickException(f"{plural(len(warnings), 'avertissement')} de MkDocs avec --strict ; "
                                   "le site précédent reste en place")
    if not warnings:
        incremental.remember_source(work, source)
    with console.status(f"Publication du {what.lower()} dans {target}…"):
        _publish(build_dir, target, work, source if not warnings else None)
    click.echo(f"{what} construit dans {target} ({plural(generated.pages, 'fichier')} générés ; "
               f"{built.rebuilt} page{'s' if built.rebuilt > 1 else ''} reconstruite{'s' if built.rebuilt > 1 else ''} "
               f"sur {built.pages}{', construction complète' if built.full else ''}). "
               "Servez ce dossier avec n'importe quel serveur web statique, ou lancez « kb serve ».")


def _publish(build_dir: Path, target: Path, work: Path, source: str | None) -> None:
    """Copy the site built in build_dir beside the target, then swap; `source`: the inputs it was built from."""
    from builder.site import incremental
    from builder.site.publish import PublishError, copy_site, publish

    incremental.forget_published(work, target)
    try:
        publish(target, lambda folder: copy_site(build_dir, folder, target if target.is_dir() else None))
    except PublishError as error:
        raise click.UsageError(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"impossible de publier le site dans {target} : {os_reason(error)} ; "
                                   "le site précédent reste en place") from None
    if source is not None:
        incremental.remember_published(work, source, target)


def _usage(base: Any, paths: list[Path], console: Any) -> Any:
    """The usage figures for `--usage`; unreadable lines are only a note."""
    from builder.usage.collect import collect
    from builder.usage.logread import LogError

    with console.status("Lecture des journaux du serveur web…"):
        try:
            usage, stats = collect(base, paths)
        except LogError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Utilisation lue : {plural(stats.lines, 'ligne')}, {plural(usage.sessions, 'parcours', 'parcours')}"
               + (f", {plural(stats.unreadable, 'ligne illisible', 'lignes illisibles')}" if stats.unreadable else "")
               + ".", err=True)
    return usage


def _coverage(base: Any, export: Path, usage: Any, console: Any) -> Any:
    """The coverage report for `--tickets` (kb coverage's own, with kb.yaml's `tickets:` settings)."""
    from builder.content.printable import printable
    from builder.coverage import CoverageError
    from builder.coverage.run import coverage

    with console.status("Couverture des tickets…"):
        try:
            report = coverage(base.root, export, base=base, usage=usage)
        except CoverageError as error:
            raise click.ClickException(f"--tickets : {printable(str(error))}") from None
    click.echo(f"Couverture lue : {plural(report.tickets, 'ticket')}, dont {plural(report.covered, 'couvert')} "
               "par la base"
               + (f", {plural(len(report.rejected), 'ligne écartée', 'lignes écartées')}"
                  if report.rejected else "")
               + ".", err=True)
    return report


@command(short_help="Servir le site en le reconstruisant à chaque modification.")
@click.option("--dev-addr", default="127.0.0.1:8000", metavar="HÔTE:PORT",
              help="Adresse d'écoute ; par défaut 127.0.0.1:8000.")
@AUDIENCE
@root_option
def serve(dev_addr: str, audience: str, root: Path) -> None:
    """Servir le site pour les auteurs : chaque modification de kb/, trees/ ou
    kb.yaml reconstruit les pages touchées et le navigateur se recharge.

    Reprend la dernière construction de kb build (gardée dans .kb/) ; le site
    publié n'est pas modifié. Les problèmes de contenu sont affichés dans le terminal et sur la page, sans arrêter le
    serveur. Arrêt avec Ctrl+C.
    """
    from builder.site import incremental
    from builder.site.preview import Previewer, serve as serve_site

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter(f"« {dev_addr} » : attendu HÔTE:PORT, par exemple 127.0.0.1:8000",
                                 param_hint="--dev-addr")
    snapshot = content_snapshot(root)
    previewer = Previewer(snapshot.root, incremental.work_dir(snapshot.root, audience) / incremental.BUILD_DIR,
                          lambda: locked(snapshot.root, "serve"), audience)
    what = "portail" if audience == "user" else "site"
    click.echo(f"Mise à jour du {what} (la dernière construction est reprise)…", err=True)
    errors = previewer.rebuild() or previewer.check()
    for line in errors:
        click.echo(line, err=True)
    click.echo(f"{what.capitalize()} servi sur http://{dev_addr}/ — Ctrl+C pour arrêter.", err=True)
    try:
        serve_site(previewer, host, int(port), [snapshot.root / name for name in ("kb", "trees", "kb.yaml", "mkdocs.yml")],
                   errors, lambda line: click.echo(line, err=True))
    except OSError as error:
        raise click.ClickException(f"impossible d'écouter sur {dev_addr} : {error.strerror}") from None

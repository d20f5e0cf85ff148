"""`kb build` and `kb serve`: the agents' site."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from builder.command import (command, locked, not_a_root, os_reason, plural, print_findings, root_option,
                             summary)


class StrictRefusal(Exception):
    """MkDocs warned and --strict was given: the new site is not published."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__(f"{len(warnings)} warnings")
        self.warnings = warnings


def checked_base(root: Path, strict: bool) -> tuple[Any, Any]:
    """Load the base once and check it; refuse to publish it with errors. Returns (base, snapshot)."""
    from builder.check.pipeline import check as run_check
    from builder.content.load import load_base
    from builder.content.snapshot import NotAContentRoot, read_snapshot
    from builder.content.gcpause import cycle_collector_paused
    try:
        snapshot = read_snapshot(root)
    except NotAContentRoot:
        raise not_a_root(root) from None
    with cycle_collector_paused():
        base = load_base(root, snapshot)
        report = run_check(root, snapshot=snapshot, base=base)
    if report.failed(strict):
        print_findings(report.findings)
        click.echo(summary(report.errors, report.warnings, report.files), err=True)
        raise click.ClickException("site non publié : corrigez d'abord les problèmes ci-dessus (kb check)")
    return base, snapshot


@command(short_help="Vérifier la base et construire le site des agents.")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER",
              help="Où écrire le site ; par défaut site/ sous la racine du contenu.")
@click.option("--strict", is_flag=True, help="Refuser aussi les avertissements (de kb check et de MkDocs).")
@click.option("--usage", "usage_logs", multiple=True, metavar="JOURNAL",
              help="Ajouter la page « Utilisation » et les parcours par étape, lus dans ce journal du serveur "
                   "web (option répétable ; un motif entre guillemets comme 'access.log*' est accepté).")
@root_option
def build(site_dir: Path | None, strict: bool, usage_logs: tuple[str, ...], root: Path) -> None:
    """Vérifier la base, générer les pages et construire le site statique.

    Refuse de publier une base qui a des erreurs. Les pages sont générées dans
    .kb/docs, puis MkDocs construit le site (par défaut dans site/), que
    n'importe quel serveur web statique peut servir.
    """
    from builder.content.snapshot import is_content_root

    if not is_content_root(root.resolve()):
        raise not_a_root(root)
    with locked(root.resolve(), "build"):
        _build(site_dir, strict, usage_logs, root)


def _build(site_dir: Path | None, strict: bool, usage_logs: tuple[str, ...], root: Path) -> None:
    """The build itself, under the lock: check, index, generate, then publish beside and swap."""
    from rich.console import Console

    from builder.content.gitignore import ensure_ignored
    from builder.search.index import updated_index
    from builder.site.engine import SiteError, build as build_site
    from builder.site.generate import generate
    from builder.site.publish import PublishError, check_target, publish

    target = (site_dir or root / "site").resolve()
    try:
        check_target(target)  # before any work: a refused folder is said at once
    except PublishError as error:
        raise click.UsageError(str(error)) from None
    base, snapshot = checked_base(root, strict)
    ensure_ignored(base.root)
    console = Console(stderr=True)
    with console.status("Mise à jour de l'index de recherche…"):
        _, stats = updated_index(snapshot, base.config)
    click.echo(f"Index de recherche à jour ({plural(stats.indexed, 'fichier')} indexé"
               f"{'s' if stats.indexed > 1 else ''}, {stats.unchanged} inchangé{'s' if stats.unchanged > 1 else ''}).",
               err=True)
    usage = _usage(base, usage_logs, console) if usage_logs else None
    with console.status("Génération des pages…"):
        generated = generate(base, date.today(), usage=usage)

    def build_into(folder: Path) -> list[str]:
        warnings = build_site(generated.config_file, folder)
        if strict and warnings:
            raise StrictRefusal(warnings)  # before the swap: the previous site stays
        return warnings

    with console.status(f"Construction du site ({generated.pages} fichiers) avec MkDocs…"):
        try:
            warnings = publish(target, build_into)
        except PublishError as error:
            raise click.UsageError(str(error)) from None
        except StrictRefusal as refusal:
            for warning in refusal.warnings:
                click.echo(f"MkDocs : {warning}", err=True)
            raise click.ClickException(f"{plural(len(refusal.warnings), 'avertissement')} de MkDocs avec --strict ; "
                                       "le site précédent reste en place") from None
        except SiteError as error:
            raise click.ClickException(f"{error} ; le site précédent reste en place") from None
        except OSError as error:
            raise click.ClickException(f"impossible de publier le site dans {target} : {os_reason(error)} ; "
                                       "le site précédent reste en place") from None
    for warning in warnings:
        click.echo(f"MkDocs : {warning}", err=True)
    click.echo(f"Site construit dans {target} ({plural(generated.pages, 'fichier')} générés). "
               "Servez ce dossier avec n'importe quel serveur web statique, ou lancez « kb serve ».")


def _usage(base: Any, logs: tuple[str, ...], console: Any) -> Any:
    """The usage figures for `--usage`; a missing log is a misuse, unreadable lines only a note."""
    from builder.usage.collect import collect, expand
    from builder.usage.logread import LogError

    try:
        paths = expand(list(logs))
    except LogError as error:
        raise click.BadParameter(str(error), param_hint="--usage") from None
    with console.status("Lecture des journaux du serveur web…"):
        try:
            usage, stats = collect(base, paths)
        except LogError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Utilisation lue : {plural(stats.lines, 'ligne')}, {plural(usage.sessions, 'parcours', 'parcours')}"
               + (f", {plural(stats.unreadable, 'ligne illisible', 'lignes illisibles')}" if stats.unreadable else "")
               + ".", err=True)
    return usage


@command(short_help="Servir le site en le reconstruisant à chaque modification.")
@click.option("--dev-addr", default="127.0.0.1:8000", metavar="HÔTE:PORT",
              help="Adresse d'écoute ; par défaut 127.0.0.1:8000.")
@root_option
def serve(dev_addr: str, root: Path) -> None:
    """Servir le site pour les auteurs : chaque modification de kb/, trees/ ou
    kb.yaml régénère les pages et le navigateur se recharge.

    Les problèmes de contenu sont affichés dans le terminal sans arrêter le
    serveur. Arrêt avec Ctrl+C.
    """
    from builder.check.pipeline import check as run_check
    from builder.content.load import load_base
    from builder.content.snapshot import read_snapshot
    from builder.site.engine import serve as serve_site
    from builder.site.generate import generate

    from builder.content.snapshot import is_content_root

    if not is_content_root(root.resolve()):
        raise not_a_root(root)
    with locked(root.resolve(), "serve"):
        base, _ = checked_base(root, strict=False)
        generated = generate(base, date.today(), serving=True)

    def regenerate() -> bool:
        with locked(root.resolve(), "serve"):
            snapshot = read_snapshot(root)
            fresh = load_base(root, snapshot)
            report = run_check(root, snapshot=snapshot, base=fresh)
            print_findings(report.findings)
            generate(fresh, date.today(), serving=True)
        click.echo(f"Pages régénérées ({summary(report.errors, report.warnings, report.files)})", err=True)
        return True

    click.echo(f"Site servi sur http://{dev_addr}/ — Ctrl+C pour arrêter.", err=True)
    serve_site(generated.config_file, dev_addr, regenerate,
               [base.root / "kb", base.root / "trees", base.root / "kb.yaml"])

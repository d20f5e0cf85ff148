"""`kb check`: findings printed like a compiler's, or as JSON."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from builder.command import command, not_a_root, print_findings, root_option, summary


@command(short_help="Vérifier la base et signaler chaque problème.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str), metavar="[CHEMINS]...")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              help="text : une ligne par problème, comme un compilateur ; json : un tableau d'objets.")
@click.option("--strict", is_flag=True, help="Échouer aussi sur les avertissements.")
@click.option("--no-cache", is_flag=True, help="Tout revérifier sans réutiliser le résultat précédent.")
@click.option("--chatbot", is_flag=True,
              help="Ajouter les vérifications du robot conversationnel (CB…) : exemples des intentions, "
                   "doublons entre articles, longueur des réponses, dépannages guidés.")
@root_option
def check(paths: tuple[str, ...], output: str, strict: bool, no_cache: bool, chatbot: bool, root: Path) -> None:
    """Vérifier toute la base et signaler chaque problème avec sa position.

    Chaque problème s'écrit CHEMIN:LIGNE:COLONNE: SÉVÉRITÉ CODE message.
    Avec des CHEMINS (fichiers ou dossiers, comme les passe pre-commit), seuls
    leurs problèmes sont affichés, mais les références sont vérifiées contre
    toute la base. Code de sortie : 0 sans erreur, 1 avec au moins une erreur
    (ou un avertissement avec --strict), 2 en cas de mauvaise utilisation.
    """
    from builder.check.pipeline import check as run_check
    from builder.content.snapshot import NotAContentRoot
    from builder.check.extensions import rule_set
    try:
        report = run_check(root, paths, use_cache=not no_cache, extra=[rule_set("chatbot")] if chatbot else [])
    except NotAContentRoot:
        raise not_a_root(root) from None
    if output == "json":
        click.echo(json.dumps([f.as_dict() for f in report.findings], ensure_ascii=False, indent=2))
    else:
        print_findings(report.findings)
        click.echo(summary(report.errors, report.warnings, report.files), err=True)
    sys.exit(1 if report.failed(strict) else 0)

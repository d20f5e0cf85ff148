"""What every `command.py` shares: French help formatting, `--root`, dates, loading, plurals.

Only the `command.py` modules of each capability and `cli.py` import click; they
import this module for the conventions of the contract (French help, exit status 2
on misuse).
"""
from __future__ import annotations

import errno
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class FrenchFormatter(click.HelpFormatter):
    HEADINGS = {"Options": "Options", "Commands": "Commandes", "Arguments": "Arguments"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Utilisation : ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(self.HEADINGS.get(heading, heading))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Click's own words in option help (« [required] », « [default: x] ») in French."""
        french = [(term, text.replace("[default: ", "[par défaut : ").replace("; required]", " ; obligatoire]")
                   .replace("[required]", "[obligatoire]")) for term, text in rows]
        super().write_dl(french, col_max, col_spacing)


click.Context.formatter_class = FrenchFormatter


class FrenchHelpOption:
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Afficher cette aide et quitter."
        return option


class KbCommand(FrenchHelpOption, click.Command):
    pass


def command(name: str | None = None, **settings: Any) -> Callable[[Callable[..., Any]], click.Command]:
    """`@click.command` with the French help and the shared context settings."""
    return click.command(name, cls=KbCommand, context_settings=CONTEXT, **settings)


def root_option(func: F) -> F:
    return click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                        metavar="DOSSIER",
                        help="Dossier de la base de connaissance (kb.yaml, kb/, trees/) ; "
                             "par défaut le dossier courant.")(func)


def parse_date(value: str | None, name: str = "--date") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"« {value} » n'est pas une date AAAA-MM-JJ", param_hint=name) from None


def load(root: Path) -> Any:
    """The loaded base, or a usage error when root is not a content repository."""
    from builder.content.load import load_base
    from builder.content.snapshot import NotAContentRoot
    try:
        return load_base(root)
    except NotAContentRoot:
        raise not_a_root(root) from None


def not_a_root(root: Path) -> click.UsageError:
    return click.UsageError(f"« {root} » n'est pas une base de connaissance : ni kb.yaml, ni kb/, ni trees/ "
                            "(placez-vous à la racine du contenu ou utilisez --root)")


def known_domain(domain: str, domains: Iterable[str], param_hint: str = "--domain") -> str:
    """The domain itself, or a usage error naming the closest domain of kb.yaml."""
    from builder.content.suggest import unknown_domain
    known = list(domains)
    if domain not in known:
        message, hint = (unknown_domain(domain, known)
                         or (f"domaine « {domain} » inconnu de kb.yaml", "kb.yaml ne déclare aucun domaine"))
        raise click.BadParameter(f"{message} ({hint})", param_hint=param_hint)
    return domain


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    return f"{count} {word if count < 2 else (plural_word or word + 's')}"


def os_reason(error: OSError) -> str:
    """Why a file could not be written, in French."""
    reasons = {errno.ENOENT: "chemin introuvable", errno.EACCES: "permission refusée",
               errno.EPERM: "opération non permise", errno.EROFS: "système de fichiers en lecture seule",
               errno.ENOSPC: "plus de place sur le disque", errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
               errno.EEXIST: "un fichier porte déjà ce nom"}
    return reasons.get(error.errno or 0, error.strerror or str(error))


def print_findings(findings: list[Any]) -> None:
    from builder.content.printable import printable

    color = sys.stdout.isatty()
    styles = {"error": "red", "warning": "yellow", "info": "cyan"}
    for f in findings:
        line = printable(f.text())
        if color:
            line = line.replace(f" {f.severity.value} ", " " + click.style(f.severity.value,
                                fg=styles[f.severity.value], bold=True) + " ", 1)
        click.echo(line)


def summary(errors: int, warnings: int, files: int) -> str:
    if not errors and not warnings:
        return f"Aucun problème dans {plural(files, 'fichier')}."
    return f"{plural(errors, 'erreur')}, {plural(warnings, 'avertissement')} dans {plural(files, 'fichier')}."


@contextmanager
def locked(root: Path, name: str) -> Iterator[None]:
    """Hold the root's `.kb/` lock for command `name`; say who we wait for, fail in French after the wait."""
    from builder.content.lock import Busy, exclusive

    def waiting(who: str) -> None:
        click.echo(f"{who} travaille déjà sur cette base : « kb {name} » attend qu'elle se termine…", err=True)

    try:
        with exclusive(root, name, on_wait=waiting):
            yield
    except Busy as error:
        raise click.ClickException(str(error)) from None

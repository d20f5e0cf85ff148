"""The `kb` command: the root group, French errors and exit statuses, and where each command lives.

Each capability owns its commands (`builder/<capability>/command.py`,
`exporters/<tool>/command.py`); this module only registers them. They are imported
when used (or when `kb --help` lists them), and import their heavy modules inside
the commands, so that `kb check` on an unchanged base starts fast.
Exit status: 0 success, 1 the command ran and found errors, 2 misuse.
"""
from __future__ import annotations

import importlib
import os
import re
import sys
from typing import Any

import click

from builder.check.extensions import register as register_rule_set
from builder.command import CONTEXT, FrenchHelpOption, KbCommand

COMMANDS = {
    "build": "builder.site.command:build",
    "check": "builder.check.command:check",
    "coverage": "builder.coverage.command:coverage",
    "freshness": "builder.freshness.command:freshness",
    "new": "builder.authoring.command:new",
    "review": "builder.authoring.command:review",
    "run": "builder.resolution.command:run",
    "search": "builder.search.command:search",
    "serve": "builder.site.command:serve",
    "usage": "builder.usage.command:usage",
}
EXPORTS = {
    "chatbot": "exporters.chatbot.command:chatbot",
    "mediawiki": "exporters.mediawiki.command:export_mediawiki",
}
IMPORTS = {
    "mediawiki": "exporters.mediawiki.command:import_mediawiki",
}
# Checks that exporters hand to `kb check` (--chatbot); builder never imports exporters.
register_rule_set("chatbot", "exporters.chatbot.quality:check")

_CLICK_MESSAGES = {
    "No such option": "option inconnue",
    "Missing argument": "argument manquant",
    "Missing option": "option manquante",
    "No such command": "commande inconnue",
    "Invalid value for": "valeur invalide pour",
    "is not one of": "n'est pas l'une des valeurs",
    "Got unexpected extra argument": "argument en trop",
    "Option '--": "l'option « --",
    "requires an argument": "attend une valeur",
    "does not exist": "n'existe pas",
    "is not in the range": "n'est pas dans l'intervalle",
    "is not a valid integer range": "n'est pas un nombre entier",
    "is not a valid float range": "n'est pas un nombre",
    "is not a valid integer": "n'est pas un nombre entier",
    "is not a valid float": "n'est pas un nombre",
}


def _french(message: str) -> str:
    for english, french in _CLICK_MESSAGES.items():
        message = message.replace(english, french)
    # French puts a space before « : » (click writes « Invalid value for '--limit': … »)
    return re.sub(r"^(valeur invalide pour \S+): ", r"\1 : ", message)


class LazyGroup(click.Group):
    """A group whose commands are imported from "module:attribute" only when needed."""

    lazy: dict[str, str] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.lazy, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        target = self.lazy.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        found: click.Command = getattr(importlib.import_module(module), attribute)
        return found


class KbSubGroup(FrenchHelpOption, LazyGroup):
    """A group of subcommands (`kb export …`), with the same French help."""

    command_class = KbCommand


class ExportGroup(KbSubGroup):
    lazy = EXPORTS


class ImportGroup(KbSubGroup):
    lazy = IMPORTS


class KbGroup(LazyGroup):
    """Turns every failure into a French message and the exit status of the contract."""

    command_class = KbCommand
    lazy = COMMANDS

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name or "kb", complete_var, False, **extra)
        except click.exceptions.Abort:
            click.echo("\nInterrompu.", err=True)
            sys.exit(1)
        except click.UsageError as error:
            if error.ctx is not None:
                click.echo(error.ctx.get_usage(), err=True)
            click.echo(f"Erreur : {_french(error.format_message())}", err=True)
            sys.exit(2)
        except click.ClickException as error:
            click.echo(f"Erreur : {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("\nInterrompu.", err=True)
            sys.exit(1)
        except Exception as error:  # a bug: say so in French, without a traceback unless asked
            if os.environ.get("KB_DEBUG"):
                raise
            click.echo(f"Erreur inattendue de kb ({type(error).__name__} : {error}). "
                       "Relancez avec KB_DEBUG=1 pour le détail et signalez-la.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=KbGroup, context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...")
@click.version_option(package_name="csu-kb", message="kb %(version)s",
                      help="Afficher la version et quitter.")
@click.help_option("-h", "--help", help="Afficher cette aide et quitter.")
def kb() -> None:
    """Base de connaissance et arbres de résolution du centre de services.

    Les articles (kb/) et les arbres (trees/) sont écrits dans git ; kb les
    vérifie, y cherche, les parcourt dans le terminal, publie le site des
    agents, suit leur fraîcheur (PIL-05) et les exporte vers le wiki GIDE et
    un robot conversationnel. « kb COMMANDE --help » détaille chaque commande.
    """


@kb.group(cls=ExportGroup, context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...",
             short_help="Exporter la base vers d'autres outils.")
def export() -> None:
    """Exporter la base vers d'autres outils : le wiki GIDE (MediaWiki), un robot conversationnel."""


@kb.group("import", cls=ImportGroup, context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...",
             short_help="Importer des pages d'un autre système.")
def import_() -> None:
    """Importer dans la base des pages d'un autre système : le wiki GIDE (MediaWiki)."""


def main() -> None:
    kb.main(prog_name="kb")


if __name__ == "__main__":
    main()

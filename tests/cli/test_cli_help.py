"""`kb --help` and every subcommand's help, compared with the committed snapshot."""
from __future__ import annotations

from pathlib import Path

import click
import pytest

from cli import kb
from helpers import invoke

GOLDEN = Path(__file__).parents[1] / "golden" / "help"


def command_paths(command: click.Command, prefix: list[str]) -> list[list[str]]:
    paths = [prefix]
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            paths += command_paths(sub, prefix + [name])
    return paths


PATHS = command_paths(kb, [])


@pytest.mark.parametrize("path", PATHS, ids=[" ".join(["kb", *p]) for p in PATHS])
def test_help_matches_snapshot(path: list[str], request: pytest.FixtureRequest) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.output
    golden = GOLDEN / ("-".join(["kb", *path]) + ".txt")
    if request.config.getoption("--update-golden"):
        golden.write_text(result.output, encoding="utf-8")
    assert golden.exists(), f"pas d'instantané pour {golden.name} : relancer avec --update-golden"
    assert result.output == golden.read_text(encoding="utf-8")


def test_every_snapshot_is_a_command() -> None:
    names = {"-".join(["kb", *p]) + ".txt" for p in PATHS}
    assert {p.name for p in GOLDEN.iterdir()} == names

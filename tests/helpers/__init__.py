"""What tests share: where the fixtures and the project are, and the CLI invoked as a user would."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from cli import kb

TESTS = Path(__file__).resolve().parent.parent
DATA = TESTS / "data"
GOLDEN = TESTS / "golden"
PROJECT = TESTS.parent


def invoke(*args: str, input: str | None = None) -> Result:
    """Run `kb ARGS` as a user would, through the same entry point."""
    return CliRunner().invoke(kb, list(args), input=input, prog_name="kb")

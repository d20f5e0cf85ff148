"""Shared fixtures: content repositories copied to a temporary folder, the CLI invoked."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli import kb

DATA = Path(__file__).parent / "data"
PROJECT = Path(__file__).parent.parent


@pytest.fixture
def copy_case(tmp_path: Path):
    """Copy tests/data/<name> to a temporary folder and return its path."""
    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(DATA / name, target, ignore=shutil.ignore_patterns(".kb", "expected.txt"))
        return target
    return copy


def invoke(*args: str, input: str | None = None) -> Result:
    """Run `kb ARGS` as a user would, through the same entry point."""
    return CliRunner().invoke(kb, list(args), input=input, prog_name="kb")


@pytest.fixture(scope="session")
def library_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped library built once per test session with `kb build`."""
    site = tmp_path_factory.mktemp("library") / "site"
    result = invoke("build", "--root", str(PROJECT), "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    return site

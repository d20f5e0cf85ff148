"""The house rules of docs/development.md: layers, small modules, a thin cli.py."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import PROJECT


def test_import_layers_hold() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=PROJECT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_modules_stay_small() -> None:
    sources = [*(PROJECT / "builder").rglob("*.py"), *(PROJECT / "exporters").rglob("*.py")]
    too_long = {p.relative_to(PROJECT).as_posix(): n for p in sources
                if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert not too_long
    assert len((PROJECT / "cli.py").read_text(encoding="utf-8").splitlines()) <= 200


def test_builder_top_level_holds_packages_and_four_modules() -> None:
    modules = sorted(p.name for p in (PROJECT / "builder").glob("*.py") if p.name != "__init__.py")
    assert len(modules) <= 4, modules


def test_only_command_modules_import_click() -> None:
    for path in [*(PROJECT / "builder").rglob("*.py"), *(PROJECT / "exporters").rglob("*.py")]:
        if path.name == "command.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "import click" not in text, path

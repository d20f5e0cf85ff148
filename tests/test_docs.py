"""The README is the user's manual: its generated parts and examples match the code."""
from __future__ import annotations

import subprocess
import sys

from cli import kb
from conftest import PROJECT, invoke


def test_readme_is_up_to_date() -> None:
    result = subprocess.run([sys.executable, "scripts/update_readme.py", "--check"], cwd=PROJECT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_command_has_french_help_and_a_readme_entry() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for name, command in kb.commands.items():
        assert command.help and command.short_help, name
        result = invoke(name, "--help")
        assert result.exit_code == 0
        assert "Utilisation : kb " + name in result.stdout
        assert "Afficher cette aide et quitter." in result.stdout
        assert "Show this message" not in result.stdout
        assert f"`kb {name}`" in readme


def test_quick_start_and_ci_call_the_same_test_command() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert "scripts/test.sh" in readme and "scripts/quickstart.sh" in readme
    assert "scripts/test.sh" in (PROJECT / ".ci/run").read_text()

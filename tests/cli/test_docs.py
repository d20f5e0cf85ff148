"""The manual (README.md and docs/): its generated parts and examples match the code."""
from __future__ import annotations

import re
import subprocess
import sys

import click

from cli import kb
from helpers import PROJECT, invoke


def test_manual_is_up_to_date() -> None:
    result = subprocess.run([sys.executable, "scripts/update_docs.py", "--check"], cwd=PROJECT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_command_has_french_help_and_a_reference_entry() -> None:
    reference = (PROJECT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    ctx = click.Context(kb)
    for name in kb.list_commands(ctx):
        command = kb.get_command(ctx, name)
        assert command is not None
        assert command.help and command.short_help, name
        result = invoke(name, "--help")
        assert result.exit_code == 0
        assert "Utilisation : kb " + name in result.stdout
        assert "Afficher cette aide et quitter." in result.stdout
        assert "Show this message" not in result.stdout
        assert f"`kb {name}`" in reference


def test_quick_start_and_ci_call_the_same_test_command() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert "scripts/test.sh" in readme and "scripts/quickstart.sh" in readme
    assert "scripts/test.sh" in (PROJECT / ".ci/run").read_text()


def test_readme_is_short_and_links_resolve() -> None:
    readme = PROJECT / "README.md"
    assert len(readme.read_bytes()) <= 8 * 1024
    for page in [readme, *(PROJECT / "docs").rglob("*.md")]:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(((?:docs/|\.\./)?[\w./-]+\.md)(?:#[^)]*)?\)", text):
            assert (page.parent / target).resolve().exists(), f"{page.name} : lien mort vers {target}"

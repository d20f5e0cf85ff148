"""Regenerate the manual's generated parts (the checks catalogue, the CLI reference, the examples)
and schemas/kb.schema.json (from builder/settings.py).

    .venv/bin/python scripts/update_docs.py          rewrite README.md and docs/**/*.md
    .venv/bin/python scripts/update_docs.py --check  exit 1 if one of them is stale (tests/cli/test_docs.py)

Examples are blocks `<!-- BEGIN example: kb ARGS -->` … `<!-- END example -->`: the command
runs from the project root and its output (stdout then stderr) replaces the block's body.
"""
from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import click
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.codes import CHECKS  # noqa: E402
from cli import kb  # noqa: E402

SEVERITY = {"error": "erreur", "warning": "avertissement", "info": "info"}


def checks_table() -> str:
    lines = ["| code | sévérité | ce que cela signifie | comment corriger |", "|---|---|---|---|"]
    for check in CHECKS.values():
        lines.append(f"| `{check.code}` | {SEVERITY[check.severity.value]} | {check.meaning} | {check.fix} |")
    return "\n".join(lines)


def run(args: list[str], input: str | None = None) -> str:
    import os
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(kb, args, prog_name="kb", input=input, terminal_width=100)
    finally:
        os.chdir(cwd)
    return (result.stdout + result.stderr).rstrip()


def cli_reference() -> str:
    import click
    parts = []
    ctx = click.Context(kb)
    for name in kb.list_commands(ctx):
        parts.append(f"## `kb {name}`\n\n```text\n{run([name, '--help'])}\n```")
        command = kb.get_command(ctx, name)
        if isinstance(command, click.Group):  # `kb export chatbot`…
            for sub in command.list_commands(click.Context(command)):
                parts.append(f"## `kb {name} {sub}`\n\n```text\n{run([name, sub, '--help'])}\n```")
    return "\n\n".join(parts)


def example(command: str) -> str:
    """`kb ARGS`, or `printf 'INPUT' | kb ARGS` for a command that asks questions."""
    piped = re.fullmatch(r"printf '(.*?)' \| (kb .*)", command)
    input_text = piped.group(1).encode().decode("unicode_escape") if piped else None
    args = shlex.split(piped.group(2) if piped else command)
    assert args[0] == "kb", command
    return f"```console\n$ {command}\n{run(args[1:], input_text)}\n```"


def render(text: str) -> str:
    text = re.sub(r"(<!-- BEGIN checks -->\n)(?:.*?\n)?(<!-- END checks -->)",
                  lambda m: m.group(1) + checks_table() + "\n" + m.group(2), text, flags=re.S)
    text = re.sub(r"(<!-- BEGIN cli -->\n)(?:.*?\n)?(<!-- END cli -->)",
                  lambda m: m.group(1) + cli_reference() + "\n" + m.group(2), text, flags=re.S)
    return re.sub(r"(<!-- BEGIN example: (.*?) -->\n)(?:.*?\n)?(<!-- END example -->)",
                  lambda m: m.group(1) + example(m.group(2)) + "\n" + m.group(3), text, flags=re.S)


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def generated(page: Path, current: str) -> str:
    """What the file should hold: the schema from builder/settings.py, a page with its generated parts."""
    if page.suffix == ".json":
        from builder.content.kb_schema import kb_schema_text
        return kb_schema_text()
    return render(current)


def main() -> int:
    stale = []
    for page in [*pages(), ROOT / "schemas" / "kb.schema.json"]:
        current = page.read_text(encoding="utf-8")
        fresh = generated(page, current)
        if fresh == current:
            continue
        stale.append(page.relative_to(ROOT).as_posix())
        if "--check" not in sys.argv:
            page.write_text(fresh, encoding="utf-8")
    if stale and "--check" in sys.argv:
        print(f"{', '.join(stale)} : plus à jour, lancez .venv/bin/python scripts/update_docs.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

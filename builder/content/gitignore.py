"""Keep derived folders out of git: `.kb/` (caches, generated pages), `site/` and `site-usagers/` (the builds).

Authors who started a content repository with `kb new` or `kb build` committed
`.kb/` by accident; these commands now add the lines to `.gitignore` when it lacks
them, in a git repository only, and leave every other line as it is.
"""
from __future__ import annotations

from pathlib import Path

from builder.content.atomic import write_text

IGNORED = {".kb/": (".kb", ".kb/", "/.kb", "/.kb/"), "/site/": ("site", "site/", "/site", "/site/"),
           "/site-usagers/": ("site-usagers", "site-usagers/", "/site-usagers", "/site-usagers/")}


def ensure_ignored(root: Path) -> list[str]:
    """Add the missing lines to root/.gitignore if root is a git work tree; returns the lines added."""
    if not (root / ".git").exists():
        return []
    path = root / ".gitignore"
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
    except (OSError, UnicodeDecodeError):
        return []
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line, forms in IGNORED.items() if not present.intersection(forms)]
    if missing:
        prefix = text if not text or text.endswith("\n") else text + "\n"
        write_text(path, prefix + "".join(f"{line}\n" for line in missing))
    return missing

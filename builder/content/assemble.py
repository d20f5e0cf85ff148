"""The base from each file's loaded item: what load_base ends with, and what the mutation test reuses.

Files that cannot be read still name their id (`written_id`), so that the items
citing them are not told it « n'existe pas »: one mistake, one finding.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from builder.codes import finding
from builder.model import START, Article, Base, Config, Finding, ImageFile, Item, Tree


def refused_findings(refused: dict[str, str]) -> list[Finding]:
    """Files the snapshot would not open (links leaving the root, FIFOs): one finding each."""
    return [finding("YM009", path, START, f"fichier refusé, non lu : {why}",
                    "remplacez le lien par le fichier lui-même, ou retirez-le") for path, why in sorted(refused.items())]


def assemble(root: Path, config: Config, findings: list[Finding],
             loaded: Iterable[tuple[str, bytes, Item | None, list[Finding]]],
             images: dict[str, ImageFile] | None = None) -> Base:
    """The base from each file's bytes, item and findings (the mutation test reloads one file at a time)."""
    articles: list[Article] = []
    trees: list[Tree] = []
    unreadable: dict[str, str] = {}
    for path, data, item, item_findings in loaded:
        findings.extend(item_findings)
        if isinstance(item, Article):
            articles.append(item)
        elif isinstance(item, Tree):
            trees.append(item)
        elif item_findings and (written := written_id(data)):
            unreadable.setdefault(written, path)
    return Base(root, config, articles, trees, findings, unreadable, images or {})


_WRITTEN_ID = re.compile(rb"^id:[ \t]*[\"']?((?:KB|TR)-[A-Za-z0-9-]+)", re.M)


def written_id(data: bytes) -> str:
    """The id a file that cannot be read declares on an `id:` line of its own, or "".

    Items citing an unreadable file are not told that its id « n'existe pas »: the
    file is reported once, where it is broken.
    """
    match = _WRITTEN_ID.search(data[:65536])
    return match.group(1).decode("ascii") if match else ""

"""The images a bot may show: each image's alternative text and address, with the section it belongs to.

An article's image belongs to the section (level-2 or level-3 heading) it is written
under; a section the corpus omits (no text) hands its images to the section before.
A tree's images (in its help texts) go with its summary.
"""
from __future__ import annotations

import re

from builder.content.images import image_refs, published_path
from builder.content.markdown import prose_lines
from builder.content.urls import heading_anchor
from builder.model import Article, Base, Item

_HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*#*\s*$")


def image_url(base: Base, path: str) -> str:
    """The image's absolute address on the site (kb.yaml site_url)."""
    return (base.config.site_url or "/").rstrip("/") + "/" + published_path(path)


def item_images(base: Base, item: Item) -> list[dict[str, str]]:
    """Every image an item shows, once each, in file order."""
    out: dict[str, dict[str, str]] = {}
    for ref in image_refs(item):
        if ref.target in base.images and base.images[ref.target].format and ref.target not in out:
            out[ref.target] = {"alt": ref.alt, "url": image_url(base, ref.target)}
    return list(out.values())


def images_by_section(base: Base, article: Article, kept: list[str]) -> dict[str, list[dict[str, str]]]:
    """Anchor of a kept section → its images; `kept` are the anchors of the sections the corpus has, in order."""
    starts: list[tuple[int, str]] = [(0, "")]  # (body line, anchor) of each cut
    for number, line in prose_lines(article.body):
        heading = _HEADING.match(line)
        if heading:
            starts.append((number, heading_anchor(heading.group(2))))
    out: dict[str, list[dict[str, str]]] = {anchor: [] for anchor in kept}
    seen: set[str] = set()
    for ref in image_refs(article):
        if ref.target not in base.images or not base.images[ref.target].format or ref.target in seen:
            continue
        line = ref.pos.line - article.body_line
        before = [anchor for start, anchor in starts if start <= line]
        owner = next((anchor for anchor in reversed(before) if anchor in out), kept[0] if kept else None)
        if owner is not None:
            seen.add(ref.target)
            out[owner].append({"alt": ref.alt, "url": image_url(base, ref.target)})
    return out

"""Images on the site: copied with the pages, links rewritten, sized, loaded lazily.

Each image is served at images/<kb|trees>/<domain>/<name>. A link is rewritten to
that address with the file's width and height (no layout shift when it arrives) and
`loading="lazy"`. An SVG is published only as the allow-list rewrote it. An image
the site cannot serve from its own origin (external, missing, unsafe) is replaced by
its alternative text: the site never asks another server for anything.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from html import escape

from builder.content import svg
from builder.content.images import published_path, resolve
from builder.content.markdown import IMAGE, sub_outside_code
from builder.model import Base, ImageFile

_TITLE = re.compile(r"""\s+(?:"[^"]*"|'[^']*')\s*\Z""")


def published_files(base: Base) -> dict[str, bytes]:
    """Docs-relative path → bytes of every image the site may serve."""
    out: dict[str, bytes] = {}
    for path, image in base.images.items():
        data = _publishable(base, image)
        if data is not None:
            out[published_path(path)] = data
    return out


def _publishable(base: Base, image: ImageFile) -> bytes | None:
    if image.format is None:
        return None
    try:
        data = (base.root / image.path).read_bytes()
    except OSError:
        return None
    return svg.clean(data) if image.format == "svg" else data


def rewrite_markdown(markdown: str, base: Base, source: str, from_file: str) -> str:
    """Images of a content file (`source`) rewritten for the generated page `from_file` (docs-relative).

    Links stay Markdown, relative to the generated file: MkDocs checks them and makes them
    relative to the page's URL.
    """
    return _rewrite(markdown, base, source, lambda target: posixpath.relpath(target, posixpath.dirname(from_file)
                                                                             or "."))


def rewrite_for_page(markdown: str, base: Base, source: str, page_dir: str) -> str:
    """The same for Markdown rendered outside MkDocs (a tree's help texts), relative to the page's URL."""
    return _rewrite(markdown, base, source, lambda target: posixpath.relpath(target, page_dir.rstrip("/") or "."))


def _rewrite(markdown: str, base: Base, source: str, address: Callable[[str], str]) -> str:
    if "![" not in markdown:
        return markdown

    def replace(match: re.Match[str]) -> str:
        alt = match.group("alt").strip()
        src = _TITLE.sub("", match.group("src").strip()).strip("<>")
        target = resolve(source, src)
        image = base.images.get(target) if target else None
        if image is None or image.format is None or image.svg_problems and _publishable(base, image) is None:
            return escape(alt) if alt else ""
        url = address(published_path(image.path))
        attributes = ['loading="lazy"']
        if image.width and image.height:
            attributes[:0] = [f'width="{image.width}"', f'height="{image.height}"']
        return f"![{alt}]({url}){{ {' '.join(attributes)} }}"

    return sub_outside_code(markdown, IMAGE, replace)


"""HTML pieces shared by the pages made from outside data (« Utilisation », « Couverture »).

Those pages are written as HTML, never as Markdown: what comes from logs or
ticket exports is hostile input, escaped by the caller with `html.escape`.
"""
from __future__ import annotations

import posixpath
from html import escape

from builder.content import urls
from builder.model import Base


def href(base: Base, item_id: str, page: str) -> str | None:
    """The address of an item's page relative to the built `page` (docs-relative Markdown file), or None
    for an unknown id. MkDocs rewrites the links of Markdown, not those of raw HTML: this is the final
    address (`utilisation.md` is served as `utilisation/`, the article as `articles/KB-0001/`)."""
    item = base.by_id.get(item_id)
    if item is None:
        return None
    stem = page.removesuffix(".md")
    served = posixpath.dirname(stem) if posixpath.basename(stem) in ("index", "README") else stem
    return posixpath.relpath(urls.page_path(item), served or ".") + "/"


def link(base: Base, item_id: str, text: str, page: str) -> str:
    """A link to the item's page, or the text alone when the base has no such item; escaped."""
    target = href(base, item_id, page)
    return f'<a href="{escape(target)}">{escape(text)}</a>' if target else escape(text)


def table(headers: tuple[str, ...], rows: list[list[str]], label: str = "") -> str:
    """Cells are HTML already escaped by the caller; no class, so that the theme styles it like its own
    tables (and scrolls it sideways on a narrow screen). The scrolling box takes the keyboard focus, so
    that a keyboard can scroll it too, and is a region named `label` (by default, after its columns)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    name = label or "Tableau : " + ", ".join(headers)
    return (f'<div class="md-typeset__scrollwrap" tabindex="0" role="region" aria-label="{escape(name)}">'
            f'<div class="md-typeset__table"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div></div>")

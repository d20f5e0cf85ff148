"""Links between generated pages, written the way each part of a page needs them.

Markdown links point at .md files (MkDocs checks and rewrites them); raw HTML and
the player's JSON need final directory URLs, relative to the page.
"""
from __future__ import annotations

import posixpath
from functools import lru_cache
import re
from html import escape

from builder.content import urls
from builder.content.markdown import ID_LINK, PLACEHOLDER, sub_outside_code
from builder.model import Base, Config


def relative_md(from_file: str, to_file: str) -> str:
    """From docs file to docs file: `articles/KB-0001.md` → `../arbres/TR-X.md`."""
    return posixpath.relpath(to_file, posixpath.dirname(from_file) or ".")


@lru_cache(maxsize=1 << 16)  # the indexes ask it thousands of times for the same pairs
def relative_url(from_file: str, to_path: str) -> str:
    """From a docs file to a directory URL, as the browser resolves it.

    With directory URLs `articles/KB-0001.md` is served at `articles/KB-0001/`;
    `index.md` files are served at their folder.
    """
    page_dir = from_file[:-len("index.md")] if from_file.endswith("index.md") else from_file[:-3] + "/"
    rel = posixpath.relpath(to_path.rstrip("/") or ".", page_dir.rstrip("/") or ".")
    return "./" if rel == "." else rel + "/"


def rewrite_id_links(markdown: str, base: Base, from_file: str) -> str:
    """`[texte](KB-0042#section)` → a link to the item's generated page (outside code)."""
    def replace(match: re.Match[str]) -> str | None:
        item = base.by_id.get(match.group("target"))
        if item is None or not item.published:  # not on this site: keep the words, drop the link
            return match.group("text")
        target = relative_md(from_file, urls.docs_file(item)) + (match.group("anchor") or "")
        return f"[{match.group('text')}]({target})"

    return sub_outside_code(markdown, ID_LINK, replace) if "](" in markdown else markdown


def placeholder_html(name: str, config: Config) -> str | None:
    """A placeholder as the site shows it: an unfilled one (« [à renseigner] ») stands out."""
    value = config.placeholders.get(name)
    if value is None:
        return None
    unfilled = value.strip().startswith("[")
    css = "kb-placeholder kb-placeholder--unfilled" if unfilled else "kb-placeholder"
    title = f"Paramètre « {name} » de kb.yaml" + (" : à renseigner" if unfilled else "")
    return f'<span class="{css}" title="{escape(title)}">{escape(value)}</span>'


def fill_markdown(markdown: str, config: Config) -> str:
    """Placeholders in Markdown prose become visible spans; code keeps them literal."""
    if "{{" not in markdown:
        return markdown
    return sub_outside_code(markdown, PLACEHOLDER, lambda m: placeholder_html(m.group("name"), config))

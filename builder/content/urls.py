"""Where each item lives on the site: one scheme for the site, the wiki and the chatbot.

Pages are addressed by id, not by file name, so that a link survives a rename:
an article is `articles/KB-0042/`, a tree `arbres/TR-IMPRESSION-01/`. Section
anchors are those MkDocs gives headings (Python-Markdown's toc slugify).
"""
from __future__ import annotations

from markdown.extensions.toc import slugify

from builder.model import Article, Config, Item

ARTICLES = "articles"
TREES = "arbres"
DOMAINS = "domaines"


def page_path(item: Item) -> str:
    """The page's path relative to the site root, with its trailing slash."""
    return f"{ARTICLES if isinstance(item, Article) else TREES}/{item.id}/"


def docs_file(item: Item) -> str:
    """The generated Markdown file of the item, relative to the docs folder."""
    return page_path(item).rstrip("/") + ".md"


def domain_path(domain: str) -> str:
    return f"{DOMAINS}/{domain}/"


def heading_anchor(heading: str) -> str:
    """The id MkDocs gives a heading: « Procédure pas à pas » → « procedure-pas-a-pas »."""
    return slugify(heading, "-")


def page_url(config: Config, item: Item, anchor: str | None = None) -> str:
    """The absolute address of an item's page (kb.yaml site_url), with a section anchor."""
    base = config.site_url or "/"
    url = base.rstrip("/") + "/" + page_path(item)
    return f"{url}#{anchor}" if anchor else url

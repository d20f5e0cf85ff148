"""The wiki pages of the base: one per published article and tree, and the archive notice.

Every page starts with the metadata template (which is how the sync recognises its
pages) and the « page générée » banner, and ends with its categories.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from builder.model import AUDIENCE_LABELS, TYPE_LABELS, Article, Base, Item, Tree
from builder.freshness.review_state import due_date, state_at
from builder.content.urls import page_url

from exporters.mediawiki.files import rewrite_markdown as wiki_images
from exporters.mediawiki.naming import BANNER_TEMPLATE, METADATA_TEMPLATE, page_titles
from exporters.mediawiki.tree_outline import outline_documents, render_outline
from exporters.mediawiki.wikitext import LinkTarget, convert, fill_prose, headings, literal


@dataclass(frozen=True)
class Page:
    """A page as the export wants it on the wiki."""

    title: str
    text: str
    item_id: str = ""  # "" for a template


def normalize(text: str) -> str:
    """The text as MediaWiki stores it: NFC, no trailing blanks at the end."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).rstrip()


def param(value: str) -> str:
    """A template parameter's value that cannot break the call."""
    return literal(" ".join(value.split()))


def template_call(name: str, params: Iterable[tuple[str, str]]) -> str:
    lines = [f"{{{{{name}"] + [f"|{key}={param(value)}" for key, value in params] + ["}}"]
    return "\n".join(lines)


def exported(base: Base) -> list[Item]:
    """The items that have a page: the published ones, sorted by id."""
    return sorted((item for item in base.items if item.published and item.id), key=lambda i: i.id)


def link_targets(base: Base, titles: dict[str, str]) -> dict[str, LinkTarget]:
    return {item.id: LinkTarget(titles[item.id], headings(item.body) if isinstance(item, Article) else {})
            for item in base.items if item.id in titles}


def metadata(base: Base, item: Item, today: date) -> str:
    config = base.config
    state = state_at(item, config, today)
    due = due_date(item, config)
    kind = TYPE_LABELS.get(item.type, item.type) if isinstance(item, Article) else "Arbre de résolution"
    return template_call(METADATA_TEMPLATE, [
        ("id", item.id), ("type", kind), ("domaine", config.domains.get(item.domain, item.domain)),
        ("public", ", ".join(AUDIENCE_LABELS.get(a, a) for a in item.audience)),
        ("responsable", item.owner), ("revue", item.reviewed.isoformat() if item.reviewed else "jamais"),
        ("échéance", due.isoformat() if due else "à définir"),
        ("état", state.label if state else "non publié"), ("site", page_url(config, item)),
    ])


def categories(base: Base, item: Item) -> str:
    config = base.config
    names = [config.mediawiki_category, config.domains.get(item.domain, item.domain)]
    if isinstance(item, Article):
        names += list(item.tags)
    seen: list[str] = []
    for name in names:
        name = " ".join(name.replace("_", " ").split())
        if name and name.casefold() not in (s.casefold() for s in seen) and not any(c in name for c in "[]{}|#<>"):
            seen.append(name)
    return "\n".join(f"[[Catégorie:{name}]]" for name in seen)


def build_pages(base: Base, today: date, only: Iterable[str] = ()) -> list[Page]:
    """The page of every published item (or of the given ids), in id order."""
    items = exported(base)
    titles = page_titles(base.config, items)
    wanted = set(only)
    if wanted:
        items = [item for item in items if item.id in wanted]
    documents: dict[str, str | dict[str, str]] = {}
    for item in items:
        if isinstance(item, Article):
            documents[item.id] = fill_prose(wiki_images(item.body, base, item.path), base.config)
        elif isinstance(item, Tree):
            documents[item.id] = {name: wiki_images(text, base, item.path)
                                  for name, text in outline_documents(item, base.config).items()}
    converted = convert(documents, link_targets(base, titles))
    pages = []
    for item in items:
        if isinstance(item, Article):
            body = converted[item.id]
        else:
            assert isinstance(item, Tree)
            body = render_outline(base, item, converted, titles)
        banner = template_call(BANNER_TEMPLATE, [("site", page_url(base.config, item))])
        text = f"{metadata(base, item, today)}\n{banner}\n\n{body.strip()}\n\n{categories(base, item)}\n"
        pages.append(Page(titles[item.id], normalize(text), item.id))
    return pages


def archive_notice(base: Base, item_id: str) -> str:
    """What replaces the page of an item that is archived, withdrawn or deleted."""
    item = base.by_id.get(item_id)
    lines = [template_call(METADATA_TEMPLATE, [("id", item_id), ("état", "archivée")]),
             "", "'''Fiche archivée.''' Cette fiche ne fait plus partie de la base de connaissance du CSU "
             "et n'est plus tenue à jour : ne l'utilisez plus pour traiter une demande."]
    if item is not None and item.title:
        lines.append(f"Son dernier titre était « {param(item.title)} ».")
    lines += ["", f"[[Catégorie:{base.config.mediawiki_category}]]"]
    return normalize("\n".join(lines))

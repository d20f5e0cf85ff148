"""What the wiki holds now, read in bulk: the managed pages and the pages the export wants.

Managed pages are the members of kb.yaml's category that call the metadata template with
an id: the wiki itself says which pages the sync owns, so any clone can sync. The
other wanted titles are read by batches of 50 (500 with the bot's high limits).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import mwparserfromhell

from exporters.mediawiki.client import Wiki
from exporters.mediawiki.naming import METADATA_TEMPLATE

REVISION_PROPS = "ids|user|comment|timestamp|content"
_ID = re.compile(r"^(KB-[0-9]{4,}|TR-[A-Z0-9-]+)$")


@dataclass
class Current:
    """The latest revision of a page on the wiki."""

    title: str
    pageid: int
    revid: int
    user: str
    comment: str
    timestamp: str
    text: str
    item_id: str = ""  # from the metadata template, "" when the page has none


@dataclass
class WikiState:
    managed: list[Current] = field(default_factory=list)  # pages of the category with an id
    by_title: dict[str, Current] = field(default_factory=dict)  # every page read, by normalised title
    missing: set[str] = field(default_factory=set)  # wanted titles that have no page
    invalid: dict[str, str] = field(default_factory=dict)  # wanted titles the wiki refuses, with why
    csrf: str = ""
    rights: frozenset[str] = frozenset()
    extension_tags: frozenset[str] = frozenset()  # « <syntaxhighlight> », « <ref> »… that the wiki knows


def key(title: str) -> str:
    """The form under which the wiki stores a title (underscores, first letter, NFC)."""
    title = unicodedata.normalize("NFC", title.replace("_", " ")).strip()
    return title[:1].upper() + title[1:]


def item_id_of(text: str) -> str:
    """The id given to the metadata template in the page's text, "" if none."""
    if METADATA_TEMPLATE not in text:
        return ""
    for template in mwparserfromhell.parse(text).filter_templates(recursive=False):
        if key(str(template.name).strip()).removeprefix("Modèle:").removeprefix("Template:") == METADATA_TEMPLATE \
                and template.has("id"):
            value = template.get("id").value.strip_code().strip()
            return value if _ID.match(value) else ""
    return ""


def current_of(page: dict[str, Any]) -> Current | None:
    revisions = page.get("revisions")
    if page.get("missing") or page.get("invalid") or not revisions:
        return None
    rev = revisions[0]
    text = rev.get("slots", {}).get("main", {}).get("content", "")
    return Current(page["title"], int(page["pageid"]), int(rev["revid"]), rev.get("user", ""),
                   rev.get("comment", ""), rev.get("timestamp", ""), text, item_id_of(text))


def merge_pages(pages: dict[str, dict[str, Any]], batch: Iterable[dict[str, Any]]) -> None:
    """Continued queries send the same pages again with the parts still missing."""
    for page in batch:
        known = pages.setdefault(page["title"], {})
        for name, value in page.items():
            if name == "revisions" and known.get("revisions"):
                continue
            known[name] = value


def read_state(wiki: Wiki, category: str, wanted_titles: Iterable[str]) -> WikiState:
    state = WikiState()
    pages: dict[str, dict[str, Any]] = {}
    for result in wiki.query(generator="categorymembers", gcmtitle=f"Category:{category}", gcmlimit="max",
                             gcmtype="page", prop="revisions", rvprop=REVISION_PROPS, rvslots="main",
                             meta="tokens|siteinfo", siprop="general|extensiontags", uiprop="rights", formatversion="2"):
        query = result.get("query", {})
        state.csrf = query.get("tokens", {}).get("csrftoken", state.csrf)
        if "general" in query:
            wiki.adopt_siteinfo(query["general"])
        state.rights = frozenset(query.get("userinfo", {}).get("rights", state.rights))
        state.extension_tags = frozenset(query.get("extensiontags", state.extension_tags))
        merge_pages(pages, query.get("pages", []))
    for page in pages.values():
        current = current_of(page)
        if current is not None:
            state.by_title[key(current.title)] = current
            if current.item_id:
                state.managed.append(current)
    todo = [t for t in dict.fromkeys(key(t) for t in wanted_titles) if t not in state.by_title]
    batch = 500 if "apihighlimits" in state.rights else 50
    for start in range(0, len(todo), batch):
        _read_titles(wiki, todo[start:start + batch], state)
    return state


def _read_titles(wiki: Wiki, titles: list[str], state: WikiState) -> None:
    pages: dict[str, dict[str, Any]] = {}
    renamed: dict[str, str] = {}
    for result in wiki.query(titles="|".join(titles), prop="revisions", rvprop=REVISION_PROPS, rvslots="main",
                             formatversion="2"):
        query = result.get("query", {})
        renamed.update({n["to"]: n["from"] for n in query.get("normalized", [])})
        merge_pages(pages, query.get("pages", []))
    for title, page in pages.items():
        asked = key(renamed.get(title, title))
        if page.get("invalid"):
            state.invalid[asked] = page.get("invalidreason", "titre refusé par le wiki")
            continue
        current = current_of(page)
        if current is None:
            state.missing.add(asked)
        else:
            state.by_title[asked] = current
            state.by_title[key(current.title)] = current

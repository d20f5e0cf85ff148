"""Wiki page titles of the items: `{title_prefix}{title}`, unique, valid for MediaWiki.

The id is not in the title (people read titles) but in the metadata template of the
page, which is how the sync finds its pages again after a retitling.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from builder.model import Config, Item

METADATA_TEMPLATE = "Fiche CSU"
BANNER_TEMPLATE = "Page générée CSU"
MAX_TITLE_BYTES = 255

_FORBIDDEN = str.maketrans({"[": "(", "]": ")", "{": "(", "}": ")", "<": "‹", ">": "›", "|": "-", "#": "n°",
                            "_": " "})


def clean_title(text: str) -> str:
    """A title MediaWiki accepts and stores as written (NFC, no forbidden characters)."""
    text = unicodedata.normalize("NFC", text).translate(_FORBIDDEN)
    text = re.sub(r"\s+", " ", "".join(c for c in text if unicodedata.category(c)[0] != "C")).strip()
    while len(text.encode("utf-8")) > MAX_TITLE_BYTES - 20:
        text = text[:-1].rstrip()
    return text[:1].upper() + text[1:]


def page_titles(config: Config, items: Iterable[Item]) -> dict[str, str]:
    """id → page title; two items with the same title both get their id added: « Titre (KB-0042) »."""
    prefix = config.mediawiki_title_prefix
    items = list(items)
    plain = {item.id: clean_title(prefix + item.title) for item in items}
    counts = Counter(title.casefold() for title in plain.values())
    return {item_id: title if counts[title.casefold()] == 1 else f"{title} ({item_id})"
            for item_id, title in plain.items()}


def same_title(a: str, b: str) -> bool:
    """Whether two titles name the same page (spaces and underscores, first letter)."""
    def norm(t: str) -> str:
        t = unicodedata.normalize("NFC", t.replace("_", " ")).strip()
        return t[:1].upper() + t[1:]
    return norm(a) == norm(b)

"""A published item that still holds the text `kb new` wrote was never written (CT006)."""
from __future__ import annotations

from collections.abc import Iterator

from builder.codes import finding
from builder.content.templates import PHRASES
from builder.model import Article, Base, Finding, Item, Pos, Tree


def check(base: Base) -> list[Finding]:
    found = []
    for item in base.items:
        if not item.published:
            continue
        left = [(text, pos, phrase, text.find(phrase)) for text, pos in _texts(item) for phrase in PHRASES
                if phrase in text]
        if not left:
            continue
        text, pos, phrase, at = left[0]  # one finding per item: the first sentence left, the others counted
        line = text.count("\n", 0, at)
        col = at - (text.rfind("\n", 0, at) + 1) + (pos.col if line == 0 else 0)
        more = f" (et {len(left) - 1} autre{'s' if len(left) > 2 else ''} phrase{'s' if len(left) > 2 else ''} " \
               "du modèle)" if len(left) > 1 else ""
        found.append(finding("CT006", item.path, Pos(pos.line + line, col),
                             f"texte du modèle de « kb new » dans un élément publié : « {phrase} »{more}",
                             "rédigez le contenu, ou repassez l'élément en « status: draft »"))
    return found


def _texts(item: Item) -> Iterator[tuple[str, Pos]]:
    if isinstance(item, Article):
        yield item.body, Pos(item.body_line, 0)
    elif isinstance(item, Tree):
        for node in item.nodes.values():
            if node.text_at:
                yield node.text, node.text_at.pos
            if node.ticket and "ticket" in node.valpos:
                yield node.ticket, node.valpos["ticket"]

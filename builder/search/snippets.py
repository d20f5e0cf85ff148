"""Snippets: the part of a passage around the words that matched, with their positions.

Engine-neutral: the words are found again by the same analysis as the query's
(stems, synonyms, and the corrections of mistyped words).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable


Span = tuple[int, int]


def find(text: str, terms: frozenset[str], analyse: Callable[[str], list[tuple[int, str, int, int]]]) -> list[Span]:
    """Character spans of the words of `text` whose analysed term is one of `terms`."""
    return [(start, end) for _, term, start, end in analyse(text) if term in terms]


def excerpt(text: str, spans: Iterable[Span], limit: int = 180) -> tuple[str, tuple[Span, ...]]:
    """At most `limit` characters of the text around the most matched words, on one line.

    Line breaks become « · »; a cut is marked « … ». The spans come back
    relative to the excerpt.
    """
    spans = sorted(spans)
    start = 0
    if spans and len(text) > limit:
        start = max(0, min(_best_window(spans, limit) - limit // 5, len(text) - limit))
        start = _word_start(text, start)
    end = min(len(text), start + limit)
    if end < len(text):
        cut = text.rfind(" ", start + limit // 2, end)
        end = cut if cut > 0 else end
    head = "… " if start > 0 else ""
    tail = " …" if end < len(text) else ""
    piece = text[start:end]

    def moved(offset: int) -> int:
        return len(head) + (offset - start) + 2 * piece.count("\n", 0, offset - start)

    inside = tuple((moved(a), moved(b)) for a, b in spans if a >= start and b <= end)
    return head + piece.replace("\n", " · ") + tail, inside


def _best_window(spans: list[Span], limit: int) -> int:
    """The start of the span after which `limit` characters hold the most spans."""
    best, best_count = 0, 0
    for i, (first, _) in enumerate(spans):
        count = sum(1 for a, b in spans[i:] if b <= first + limit * 4 // 5)
        if count > best_count:
            best, best_count = first, count
    return best


def _word_start(text: str, offset: int) -> int:
    if offset == 0:
        return 0
    space = text.rfind(" ", 0, offset)
    newline = text.rfind("\n", 0, offset)
    return max(space, newline) + 1

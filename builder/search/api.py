"""What other packages may use of the search: results (`Hit`, `Match`), statuses, the error.

Data only, so that the engine (tantivy_index) and the interface (index) both import it
without importing each other.
"""
from __future__ import annotations

from dataclasses import dataclass

PUBLISHED = ("published",)
ALL_STATUSES = ("draft", "published", "archived")


class SearchError(Exception):
    """The index cannot be used (locked, unwritable); the message says what to do."""


@dataclass(frozen=True)
class Match:
    """Where in an item the query matched: a section, a tree node, the questions or symptoms."""

    kind: str  # "intro" | "section" | "questions" | "symptoms" | "node" | "title" (no passage matched)
    label: str  # section heading or node id ("" for the intro)
    anchor: str  # section anchor on the site ("" when none)
    node: str  # tree node id ("" for articles)
    snippet: str  # only for the best match of a hit
    highlights: tuple[tuple[int, int], ...]  # [start, end) character offsets of matched words in snippet

    @property
    def section(self) -> str | None:
        return self.label if self.kind == "section" else None


@dataclass(frozen=True)
class Hit:
    """One item of the results; its best matching passage first, then the other ones."""

    id: str
    kind: str  # "article" | "tree"
    title: str
    path: str  # the file, relative to the content root
    page: str  # the page on the site, relative to its root
    domain: str
    audience: tuple[str, ...]
    status: str
    score: float
    matches: tuple[Match, ...]  # never empty: a « title » match, with the item's start, when no passage matched

    @property
    def best(self) -> Match:
        return self.matches[0]

    def url(self, match: Match | None = None) -> str:
        """The page, with the section's anchor (the best match's by default)."""
        match = match or self.best
        return self.page + (f"#{match.anchor}" if match.anchor else "")

    def as_dict(self) -> dict[str, object]:
        best = self.best
        return {"id": self.id, "kind": self.kind, "title": self.title, "path": self.path, "url": self.url(),
                "domain": self.domain, "audience": list(self.audience), "status": self.status,
                "score": round(self.score, 3), "match": best.kind, "section": best.section,
                "node": best.node or None, "snippet": best.snippet,
                "highlights": [list(h) for h in best.highlights],
                "also": [{"match": m.kind, "section": m.section, "node": m.node or None, "url": self.url(m)}
                         for m in self.matches[1:]]}

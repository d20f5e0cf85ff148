"""The full-text search of the base: one small interface, the engine behind it.

`open_index(root, synonyms)` gives an `Index`; `update(root)` brings it in
step with the files (only what changed is re-indexed), `search(...)` ranks the
items for a query, `similar(title)` lists the items a new title looks like.
The engine today is tantivy (builder/search_tantivy.py), on disk under
.kb/index/; a server engine (OpenSearch, Meilisearch) would implement the same
three methods on the same `IndexDoc`s (builder/search_docs.py) and reuse the
manifest (builder/search_manifest.py) to know what changed.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .load import decode, load_config
from .snapshot import CONFIG_FILE, Snapshot
from .model import Config
from .search_manifest import Source, UpdateStats

INDEX_DIR = Path(".kb") / "index"
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


class Index(Protocol):
    def update(self, content: Snapshot | Path | Source) -> UpdateStats:
        """Index what changed since the last update (in files already read, or on disk under a root);
        rebuild if the index is missing or outdated."""

    def search(self, query: str, limit: int = 10, audience: str | None = None, domain: str | None = None,
               statuses: Iterable[str] = PUBLISHED) -> list[Hit]:
        """The items that best answer the query, best first."""

    def similar(self, title: str, limit: int = 5) -> list[Hit]:
        """Items of any status whose title, questions or symptoms look like this title."""


def open_index(root: Path, synonyms: Iterable[Iterable[str]] = ()) -> Index:
    from .search_tantivy import TantivyIndex
    return TantivyIndex(root / INDEX_DIR, synonyms)


def config_of(content: Snapshot | Path) -> Config:
    """kb.yaml as far as it can be read (its findings are kb check's business)."""
    if isinstance(content, Path):
        try:
            data: bytes | None = (content / CONFIG_FILE).read_bytes()
        except OSError:
            data = None
    else:
        data = content.config
    text = decode(CONFIG_FILE, data) if data is not None else None
    return load_config(CONFIG_FILE, text)[0] if isinstance(text, str) else Config()


def updated_index(content: Snapshot | Path | Source, config: Config | None = None) -> tuple[Index, UpdateStats]:
    """The index of a content root, brought up to date: what `kb search` and `kb new` use."""
    root = content if isinstance(content, Path) else content.root
    config = config or config_of(root if isinstance(content, Source) else content)
    index = open_index(root, config.synonyms)
    return index, index.update(content)

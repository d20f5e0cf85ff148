"""The full-text search of the base: one small interface, the engine behind it.

`open_index(root, synonyms)` gives an `Index`; `update(snapshot)` brings it in
step with the files (only what changed is re-indexed), `search(...)` ranks the
items for a query, `similar(title)` lists the items a new title looks like.
The engine today is tantivy (builder/search_tantivy.py), on disk under
.kb/index/; a server engine (OpenSearch, Meilisearch) would implement the same
three methods on the same `IndexDoc`s (builder/search_docs.py) and reuse the
manifest below to know what changed.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .atomic import write_text
from .load import CONFIG_FILE, Snapshot, decode, load_config, load_file
from .model import Config
from .search_docs import IndexDoc, index_doc

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


@dataclass
class UpdateStats:
    """What an update did, so that a test can tell an incremental update from a rebuild."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    rebuilt: bool = False
    reason: str = ""  # why the index was rebuilt

    @property
    def indexed(self) -> int:
        return self.added + self.changed


class Index(Protocol):
    def update(self, snapshot: Snapshot) -> UpdateStats:
        """Index what changed since the last update; rebuild if the index is missing or outdated."""

    def search(self, query: str, limit: int = 10, audience: str | None = None, domain: str | None = None,
               statuses: Iterable[str] = PUBLISHED) -> list[Hit]:
        """The items that best answer the query, best first."""

    def similar(self, title: str, limit: int = 5) -> list[Hit]:
        """Items of any status whose title, questions or symptoms look like this title."""


def open_index(root: Path, synonyms: Iterable[Iterable[str]] = ()) -> Index:
    from .search_tantivy import TantivyIndex
    return TantivyIndex(root / INDEX_DIR, synonyms)


def config_of(snapshot: Snapshot) -> Config:
    """kb.yaml as far as it can be read (its findings are kb check's business)."""
    if snapshot.config is None:
        return Config()
    text = decode(CONFIG_FILE, snapshot.config)
    return Config() if not isinstance(text, str) else load_config(CONFIG_FILE, text)[0]


def updated_index(snapshot: Snapshot, config: Config | None = None) -> tuple[Index, UpdateStats]:
    """The index of a content root, brought up to date: what `kb search` and `kb new` use."""
    config = config or config_of(snapshot)
    index = open_index(snapshot.root, config.synonyms)
    return index, index.update(snapshot)


# -- what changed since the last update (any engine) -----------------------------------------
@dataclass
class Manifest:
    """The hash of each file as last indexed, and the version of what was indexed."""

    path: Path
    version: str = ""
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, str(data["version"]), {str(k): str(v) for k, v in data["files"].items()})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(path)

    def write(self) -> None:
        write_text(self.path, json.dumps({"version": self.version, "files": self.files}, ensure_ascii=False,
                                         indent=0, sort_keys=True))


@dataclass
class Changes:
    docs: list[IndexDoc]  # to add (after removing what their files had)
    replaced: list[str]  # files whose old documents must go (changed or deleted)
    hashes: dict[str, str]  # every file's hash now
    stats: UpdateStats


def file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def changes(snapshot: Snapshot, manifest: Manifest, rebuild: bool) -> Changes:
    """The documents of the new or changed files, and the files to remove from the index.

    Only changed files are parsed (by the loader); a file that cannot be read
    as an item leaves the index until it is fixed.
    """
    before = {} if rebuild else manifest.files
    hashes = {path: file_hash(data) for path, data in snapshot.files.items()}
    stats = UpdateStats(rebuilt=rebuild)
    docs: list[IndexDoc] = []
    replaced = [path for path in before if path not in hashes]
    stats.removed = len(replaced)
    for path, digest in hashes.items():
        old = before.get(path)
        if old == digest:
            stats.unchanged += 1
            continue
        if old is None:
            stats.added += 1
        else:
            stats.changed += 1
            replaced.append(path)
        item, _ = load_file(path, snapshot.files[path])
        if item is not None and item.id:
            docs.append(index_doc(item))
    return Changes(docs, replaced, hashes, stats)

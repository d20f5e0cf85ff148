"""The full-text search of the base: one small interface, the engine behind it.

`open_index(root, synonyms)` gives an `Index`; `update(root)` brings it in
step with the files (only what changed is re-indexed), `search(...)` ranks the
items for a query, `similar(title)` lists the items a new title looks like.
The engine today is tantivy (tantivy_index.py), on disk under .kb/index/; a
server engine (OpenSearch, Meilisearch) would implement the same three methods
on the same `IndexDoc`s (documents.py) and reuse the manifest (manifest.py) to
know what changed. Results and errors are in api.py.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from builder.content.load import decode, load_config
from builder.content.snapshot import CONFIG_FILE, Snapshot
from builder.model import Config
from builder.search.api import PUBLISHED, Hit
from builder.search.manifest import Source, UpdateStats

INDEX_DIR = Path(".kb") / "index"


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
    from builder.search.tantivy_index import TantivyIndex
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

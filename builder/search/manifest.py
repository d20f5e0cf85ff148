"""What changed in the content since the index was last updated, for any engine.

The manifest (.kb/index/manifest.json) keeps, for each file, the hash of its
content and the size and modification time it had then. A file whose size and
time have not moved is not even read: an update of a large base where little
changed reads little. A file that was touched but not changed is read, hashed,
and left alone. Only new and changed files are parsed, by the loader.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from builder.content.atomic import write_text
from builder.content.load import load_file
from builder.content.snapshot import Snapshot, content_root, digest_bytes, discover
from builder.search.documents import IndexDoc, index_doc

Entry = tuple[str, int, int]  # content hash, size, modification time (ns)


@dataclass
class UpdateStats:
    """What an update did, so that a test can tell an incremental update from a rebuild."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    read: int = 0  # files read and hashed (the others had the size and time of the last update)
    rebuilt: bool = False
    reason: str = ""  # why the index was rebuilt

    @property
    def indexed(self) -> int:
        return self.added + self.changed


@dataclass
class Source:
    """The content files as an update sees them: their size and time, their bytes on demand."""

    root: Path
    stats: dict[str, tuple[int, int]]
    reader: Callable[[str], bytes] | None = None  # bytes already read (a Snapshot): hashed, times not trusted

    def read(self, path: str) -> bytes:
        return self.reader(path) if self.reader is not None else (self.root / path).read_bytes()

    @property
    def trusts_times(self) -> bool:
        return self.reader is None


def scan(root: Path) -> Source:
    """The content files under root, by their size and time, without reading them."""
    root = content_root(root)
    stats = {}
    for path in discover(root):
        try:
            info = (root / path).stat()
        except OSError:
            continue  # gone since it was listed
        stats[path] = (info.st_size, info.st_mtime_ns)
    return Source(root, stats)


def source_of(content: Snapshot | Path | Source) -> Source:
    if isinstance(content, Source):
        return content
    if isinstance(content, Path):
        return scan(content)
    on_disk = scan(content.root).stats
    return Source(content.root, {path: on_disk.get(path, (0, 0)) for path in content.paths}, content.read)


@dataclass
class Manifest:
    """Each file as last indexed, and the version of what was indexed."""

    path: Path
    version: str = ""
    files: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            files = {str(k): (str(v[0]), int(v[1]), int(v[2])) for k, v in data["files"].items()}
            return cls(path, str(data["version"]), files)
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return cls(path)

    def write(self) -> None:
        write_text(self.path, json.dumps({"version": self.version, "files": self.files}, ensure_ascii=False,
                                         separators=(",", ":"), sort_keys=True))


@dataclass
class Changes:
    docs: list[IndexDoc]  # to add, once the documents of `replaced` files are removed
    replaced: list[str]  # files whose documents must go: changed or deleted
    files: dict[str, Entry]  # the manifest's entries after the update
    stats: UpdateStats


def changes(source: Source, manifest: Manifest, rebuild: bool) -> Changes:
    """The documents of the new or changed files, and the files to take out of the index.

    A file that cannot be read as an item leaves the index until it is fixed.
    """
    before = {} if rebuild else manifest.files
    stats = UpdateStats(rebuilt=rebuild)
    replaced = [path for path in before if path not in source.stats]
    stats.removed = len(replaced)
    files: dict[str, Entry] = {}
    docs: list[IndexDoc] = []
    for path, (size, mtime) in source.stats.items():
        old = before.get(path)
        if old is not None and source.trusts_times and old[1:] == (size, mtime):
            files[path] = old
            stats.unchanged += 1
            continue
        try:
            data = source.read(path)
        except OSError:
            continue  # gone since it was listed: removed next time
        stats.read += 1
        files[path] = (digest_bytes(data), size, mtime)
        if old is not None and old[0] == files[path][0]:
            stats.unchanged += 1
            continue
        if old is None:
            stats.added += 1
        else:
            stats.changed += 1
            replaced.append(path)
        item, _ = load_file(path, data)
        if item is not None and item.id:
            docs.append(index_doc(item))
    return Changes(docs, replaced, files, stats)

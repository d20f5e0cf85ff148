"""What freshness needs from one version of a content file, parsed once per git blob.

A past version is read by the project's loader (`load_file`), like the working
copy; only the fields that decide its review state are kept, with a digest of
its content, and cached under .kb/ by blob id: a blob never changes, so a
history is parsed once and then only its new versions are.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from builder.content.atomic import write_text
from builder.content.git import read_blobs
from builder.content.load import FRONT_MATTER_END_BYTES, content_kind, decode, load_header
from builder.freshness.quick_header import quick_header
from builder.content.yamlio import MAX_FILE_BYTES
from builder.model import Article, Interval, Item, Tree

CACHE_FILE = Path(".kb") / "cache" / "versions.json"
# Lines of these keys are not "content": changing them does not call for a review.
REVIEW_KEYS = ("reviewed", "review_every", "owner")
_LOADER_SOURCES = ("content/load.py", "content/schema.py", "content/yamlio.py", "model.py", "settings.py",
                   "freshness/versions.py", "freshness/quick_header.py")


@dataclass(frozen=True, slots=True)
class Version:
    """One version of an article or a tree: its identity, review fields and content digest."""

    kind: str  # "article" or "tree"
    id: str
    title: str
    type: str  # articles only
    domain: str
    owner: str
    status: str
    reviewed: date | None
    review_every: Interval | None
    digest: str | None  # None until asked for (history does not need it)

    def item(self, path: str) -> Item:
        """The version as a model item (with its review fields only), for review_state."""
        item: Item = Article(path, type=self.type) if self.kind == "article" else Tree(path)
        item.id, item.title, item.domain, item.owner = self.id, self.title, self.domain, self.owner
        item.status, item.reviewed, item.review_every = self.status, self.reviewed, self.review_every
        return item

    def to_json(self) -> list[object]:
        every = [self.review_every.months, self.review_every.days] if self.review_every else None
        return [self.kind, self.id, self.title, self.type, self.domain, self.owner, self.status,
                self.reviewed.isoformat() if self.reviewed else None, every, self.digest]

    @classmethod
    def from_json(cls, data: list[Any]) -> Version:
        kind, id_, title, type_, domain, owner, status, reviewed, every, digest = data
        return cls(kind, id_, title, type_, domain, owner, status,
                   date.fromisoformat(reviewed) if reviewed else None,
                   Interval(*every) if every else None, digest)


def content_digest(item: Item, data: bytes) -> str:
    """The content without the review keys' lines and with every run of spacing made one space.

    So a change of `reviewed` (kb review), of the owner or the interval, or of
    spacing only (line breaks, non-breaking spaces) is not a change of content.
    """
    text = decode(item.path, data)
    lines = text.split("\n") if isinstance(text, str) else []
    for key in REVIEW_KEYS:
        if key in item.keypos and item.keypos[key].line < len(lines):
            lines[item.keypos[key].line] = ""
    normalized = " ".join("\n".join(lines).split())
    return hashlib.blake2b(normalized.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def version_of(path: str, data: bytes, digest: bool = False) -> Version | None:
    """The version written in data at path, or None when the loader cannot make an item of it."""
    if not digest:
        quick = _quick_version(path, data)
        if quick is not None:
            return quick
    item = load_header(path, data)
    return None if item is None else version_of_item(item, data, digest)


def _quick_version(path: str, data: bytes) -> Version | None:
    """The version from its simple `key: value` lines (quick_header), without composing YAML.

    Only the header's bytes are decoded: an article's front matter, a tree's lines before
    `nodes:` (a tree whose header keys come later is left to the loader).
    """
    kind = content_kind(path)
    if kind is None or len(data) > MAX_FILE_BYTES or b"\x00" in data:
        return None
    try:
        data.decode("utf-8")  # the loader refuses the whole file otherwise
    except UnicodeDecodeError:
        return None
    if kind == "article":
        end = FRONT_MATTER_END_BYTES.search(data, 4) if data.startswith(b"---\n") else None
        region = data[:end.end()] if end else b""
    else:
        cut = data.find(b"\nnodes:")
        region = data if cut < 0 else data[:cut + 1]
    text = region.decode("utf-8")
    if not text or "\r" in text or "\ufeff" in text or "\t" in text:
        return None
    fields = quick_header(kind, text)
    if fields is None:
        return None
    return Version(kind, str(fields["id"]), str(fields["title"]), str(fields.get("type") or "") if kind == "article"
                   else "", str(fields["domain"]), str(fields["owner"]), str(fields["status"]),
                   fields.get("reviewed"), fields.get("review_every"), None)  # type: ignore[arg-type]


def version_of_item(item: Item, data: bytes, digest: bool = True) -> Version:
    return Version(item.kind, item.id, item.title, item.type if isinstance(item, Article) else "", item.domain,
                   item.owner, item.status, item.reviewed, item.review_every,
                   content_digest(item, data) if digest else None)


def blob_id(data: bytes) -> str:
    """The id git gives these bytes (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _loader_digest() -> str:
    """Changes when the loader changes, so that cached versions are parsed again."""
    h = hashlib.blake2b(digest_size=8)
    here = Path(__file__).parents[1]  # builder/
    for name in _LOADER_SOURCES:
        h.update((here / name).read_bytes())
    return h.hexdigest()


class VersionCache:
    """Versions by (kind, blob id), read from and written to .kb/cache/versions.json."""

    def __init__(self, root: Path, use_disk: bool = True,
                 progress: Callable[[int, int], None] | None = None) -> None:
        self.root = root
        self.progress = progress  # called with (parsed, to parse) while versions are parsed
        self.file = root / CACHE_FILE
        self.use_disk = use_disk
        self.loader = _loader_digest()
        self.entries: dict[str, list[Any] | None] = {}
        self.parsed: dict[str, Version | None] = {}
        self.dirty = False
        if use_disk:
            try:
                data = json.loads(self.file.read_text(encoding="utf-8"))
                if data.get("loader") == self.loader:
                    self.entries = data["versions"]
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                pass

    def versions(self, wanted: Iterable[tuple[str, str]],
                 digests: bool = False) -> dict[tuple[str, str], Version | None]:
        """The version of each (path, blob); blobs not cached yet (or without the digest asked for)
        are read with one git process."""
        keys = {(path, blob): f"{kind}:{blob}" for path, blob in wanted if (kind := content_kind(path))}
        missing: dict[str, dict[str, str]] = {}  # blob -> {key: a path it had}
        for (path, blob), key in keys.items():
            if key not in self.parsed and key in self.entries:
                entry = self.entries[key]
                self.parsed[key] = Version.from_json(entry) if entry is not None else None
            if key not in self.parsed or (digests and (version := self.parsed[key]) is not None
                                          and version.digest is None):
                missing.setdefault(blob, {}).setdefault(key, path)
        for done, (blob, data) in enumerate(read_blobs(self.root, list(missing)), 1):
            for key, path in missing[blob].items():
                self._store(key, version_of(path, data, digests))
            if self.progress and (done % 500 == 0 or done == len(missing)):
                self.progress(done, len(missing))
        return {pair: self.parsed.get(key) for pair, key in keys.items()}

    def _store(self, key: str, version: Version | None) -> None:
        self.parsed[key] = version
        self.entries[key] = version.to_json() if version else None
        self.dirty = True

    def of_file(self, path: str, data: bytes) -> Version | None:
        """The version of a working file, found by its git blob id when already parsed."""
        kind = content_kind(path)
        if kind is None:
            return None
        key = f"{kind}:{blob_id(data)}"
        if key not in self.parsed:
            if key in self.entries:
                entry = self.entries[key]
                self.parsed[key] = Version.from_json(entry) if entry is not None else None
            else:
                self._store(key, version_of(path, data))
        return self.parsed[key]

    def save(self) -> None:
        if not (self.use_disk and self.dirty):
            return
        try:
            write_text(self.file, json.dumps({"loader": self.loader, "versions": self.entries},
                                             separators=(",", ":"), ensure_ascii=False))
            self.dirty = False
        except OSError:
            pass  # a read-only checkout still gets its report


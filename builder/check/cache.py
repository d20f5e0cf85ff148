"""The check result cache under .kb/: unchanged content, unchanged findings.

A file's content hash is remembered with its size and modification time; a file
whose stat has not changed since the cache was written is not read again (as git
does, a file modified within two seconds of the cache is always re-read, so that
a quick edit of the same size is never missed).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from builder.content.atomic import write_text
from builder.content.snapshot import Snapshot, digest_bytes
from builder.model import Finding, Severity

CACHE_FILE = Path(".kb") / "cache" / "check.json"
RACY_NS = 2_000_000_000


@dataclass
class Fingerprint:
    """The content digest of a snapshot and the per-file stats it was computed from."""

    digest: str
    entries: dict[str, list[object]]  # path -> [size, mtime_ns, content hash]


def fingerprint(snapshot: Snapshot, previous: dict[str, list[object]], written_ns: int) -> Fingerprint:
    h = hashlib.blake2b(digest_size=16)
    h.update(snapshot.config or b"<none>")
    entries: dict[str, list[object]] = {}
    for path in [*snapshot.paths, *snapshot.images]:
        stat = os.stat(snapshot.root / path)
        old = previous.get(path)
        if old and old[0] == stat.st_size and old[1] == stat.st_mtime_ns and stat.st_mtime_ns < written_ns - RACY_NS:
            content = str(old[2])
        else:
            content = digest_bytes(snapshot.read(path))
        entries[path] = [stat.st_size, stat.st_mtime_ns, content]
        h.update(f"\0{path}\0{content}".encode())
    for path, why in sorted(snapshot.refused.items()):  # a link or FIFO added or removed changes the report
        h.update(f"\0refused\0{path}\0{why}".encode())
    return Fingerprint(h.hexdigest(), entries)


def stored(found: Finding) -> dict[str, object]:
    return {"path": found.path, "line": found.line, "col": found.col, "severity": found.severity.value,
            "code": found.code, "message": found.message, "hint": found.hint}


def restored(data: dict[str, object]) -> Finding:
    return Finding(str(data["path"]), int(data["line"]), int(data["col"]),  # type: ignore[call-overload]
                   Severity(data["severity"]), str(data["code"]), str(data["message"]), str(data.get("hint", "")))


def _all_restored(stored_findings: object) -> list[Finding] | None:
    """The findings of the cache file, or None when it is not what this program wrote (edited, truncated)."""
    try:
        return [restored(f) for f in stored_findings]  # type: ignore[attr-defined]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


@dataclass
class ItemMemo:
    """The findings of the rules that read one item's file alone (the costly ones: rendering every
    body to see what the sanitiser removes, looking for secrets), by the hash of that file.

    When anything else changes, the whole check runs again, but these rules only on the files
    whose bytes changed: an edit costs its own file, not the base's."""

    hashes: dict[str, str]  # path -> content hash now
    previous: dict[str, list[object]]  # path -> [content hash, findings stored]
    fresh: dict[str, list[object]] = field(default_factory=dict)

    def findings(self, path: str, compute: Callable[[], list[Finding]]) -> list[Finding]:
        digest = self.hashes.get(path)
        old = self.previous.get(path)
        found = _all_restored(old[1]) if (digest is not None and isinstance(old, list) and len(old) == 2
                                          and old[0] == digest) else None
        if found is None:
            found = compute()
        if digest is not None:
            self.fresh[path] = [digest, [stored(f) for f in found]]
        return found


class CheckCache:
    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_FILE
        try:
            self.data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    @property
    def entries(self) -> dict[str, list[object]]:
        entries = self.data.get("files")
        return entries if isinstance(entries, dict) else {}

    @property
    def written_ns(self) -> int:
        value = self.data.get("written_ns")
        return value if isinstance(value, int) else 0

    def findings(self, key: str) -> list[Finding] | None:
        if self.data.get("key") != key or not isinstance(self.data.get("findings"), list):
            return None
        return _all_restored(self.data["findings"])

    def item_memo(self, key: str, print_: Fingerprint) -> ItemMemo:
        """The per-file findings of the last run, if made by this program with this configuration."""
        items = self.data.get("items")
        previous = items if self.data.get("items_key") == key and isinstance(items, dict) else {}
        return ItemMemo({path: str(entry[2]) for path, entry in print_.entries.items()}, previous)

    def store(self, key: str, print_: Fingerprint, findings: list[Finding], memo: ItemMemo | None = None,
              memo_key: str = "") -> None:
        payload = {"key": key, "written_ns": time.time_ns(), "files": print_.entries,
                   "findings": [stored(f) for f in findings], "items_key": memo_key,
                   "items": memo.fresh if memo else {}}
        try:
            write_text(self.path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        except OSError:
            pass  # a read-only checkout still gets its report

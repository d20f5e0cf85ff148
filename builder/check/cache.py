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
from dataclasses import dataclass
from pathlib import Path

from builder.content.atomic import write_text
from builder.content.snapshot import Snapshot, digest_bytes

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

    def findings(self, key: str) -> list[dict[str, object]] | None:
        if self.data.get("key") != key or not isinstance(self.data.get("findings"), list):
            return None
        return list(self.data["findings"])

    def store(self, key: str, print_: Fingerprint, findings: list[dict[str, object]]) -> None:
        payload = {"key": key, "written_ns": time.time_ns(), "files": print_.entries, "findings": findings}
        try:
            write_text(self.path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        except OSError:
            pass  # a read-only checkout still gets its report

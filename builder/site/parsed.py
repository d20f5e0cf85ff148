"""The model of each content file kept between builds, so that a save re-parses one file, not all.

`load_file` is a function of a file's path and bytes only; its result is kept under
the file's digest, with the code's digest (a new version of the tool parses again).
`kb serve` keeps it in memory; `kb build` keeps it in `.kb/parsed.pickle` (a file of
this tool's own, beside the other derived data, never shipped), each file's model
pickled apart: a build after an edit pickles the edited file's model, not the base's.
kb.yaml is always read by `load_base` itself.
"""
from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from builder.content.atomic import write_bytes
from builder.content.snapshot import Snapshot, digest_bytes
from builder.model import Base

Parsed = dict[tuple[str, str], "tuple[Any, list[Any]] | bytes"]  # bytes: pickled, loaded when used
CACHE_FILE = "parsed.pickle"


def load(snapshot: Snapshot, known: Parsed) -> tuple[Base, Parsed]:
    """The base `load_base` would give (refused files and images included); files whose bytes are in
    `known` are not parsed again."""
    from builder.content.assemble import assemble
    from builder.content.load import load_base, load_file

    # kb.yaml, the refused files' findings and the images, as load_base reads them
    rest = load_base(snapshot.root, replace(snapshot, paths=[]))
    parsed: Parsed = {}

    def loaded() -> Iterator[tuple[str, bytes, Any, list[Any]]]:
        for path in snapshot.paths:
            data = snapshot.read(path)
            key = (path, digest_bytes(data))
            entry = known.get(key)
            model = _unpickled(entry) if isinstance(entry, bytes) else entry
            if model is None:
                entry = model = load_file(path, data)
            parsed[key] = entry  # the bytes it came from, if any: written back as they are
            item, item_findings = model
            yield path, data, item, item_findings

    base = assemble(snapshot.root, rest.config, list(rest.findings), loaded(), rest.images)
    return base, parsed


def _unpickled(entry: bytes) -> tuple[Any, list[Any]] | None:
    """A file's model as the last build pickled it; None when the bytes are not that (the file is parsed again)."""
    try:
        loaded = pickle.loads(entry)
    except Exception:  # noqa: BLE001 - unpickling damaged bytes can raise nearly anything
        return None
    return loaded if isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[1], list) else None


def read_cache(work_dir: Path, code: str) -> Parsed:
    """What the last build parsed, or nothing when it was another version of the tool (or unreadable)."""
    try:
        stored = pickle.loads((work_dir / CACHE_FILE).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return {}
    if not isinstance(stored, dict) or stored.get("code") != code or not isinstance(stored.get("parsed"), dict):
        return {}
    return {key: entry for key, entry in stored["parsed"].items() if isinstance(entry, bytes)}


def write_cache(work_dir: Path, code: str, parsed: Parsed) -> None:
    entries = {key: entry if isinstance(entry, bytes) else pickle.dumps(entry, pickle.HIGHEST_PROTOCOL)
               for key, entry in parsed.items()}
    write_bytes(work_dir / CACHE_FILE, pickle.dumps({"code": code, "parsed": entries}, pickle.HIGHEST_PROTOCOL))

"""`kb check`: load everything, run every rule, report all findings sorted, once.

The result is cached under .kb/ by a digest of the content, of this program, of
today's date and of the git commit checked out (« modifié sans revue » reads the
history; uncommitted edits are in the content digest): re-checking an unchanged
base reads the files and asks git for HEAD, nothing more.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from . import __version__
from .atomic import write_text
from .load import CONFIG_FILE, Snapshot, load_base, read_snapshot
from .git import head
from .model import Base, Finding, Severity
from .modified import Modification, modified_since_review

CACHE_FILE = Path(".kb") / "cache" / "check.json"


@dataclass
class Report:
    findings: list[Finding]
    files: int
    cached: bool = False

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def run_rules(base: Base, today: date, modified: Mapping[str, Modification] | None = None) -> list[Finding]:
    """Every check on a loaded base, severities as kb.yaml sets them, sorted.

    `modified` (modified.modified_since_review) comes from git; without it FR001 finds nothing.
    """
    from .graph import BaseGraph
    from .rules import content, graph_rules, identity, items, references, review, tree_tests, trees

    graph = BaseGraph(base)
    found = [*base.findings, *items.check(base, today), *identity.check(base), *references.check(base),
             *trees.check(base), *graph_rules.check(base, graph), *tree_tests.check(base), *content.check(base),
             *review.check(base, modified or {})]
    return sorted(_with_configured_severity(found, base.config.severity), key=lambda f: f.sort_key)


def _with_configured_severity(found: list[Finding], levels: dict[str, str]) -> list[Finding]:
    if not levels:
        return found
    out = []
    for f in found:
        level = levels.get(f.code)
        if level == "off":
            continue
        out.append(replace(f, severity=Severity(level)) if level else f)
    return out


def _code_digest() -> str:
    """Changes whenever the program changes, so that a new rule is never hidden by the cache."""
    h = hashlib.blake2b(__version__.encode(), digest_size=8)
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        stat = source.stat()
        h.update(f"{source.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return h.hexdigest()


def check(root: Path, paths: Iterable[str] = (), today: date | None = None, use_cache: bool = True,
          snapshot: Snapshot | None = None) -> Report:
    today = today or date.today()
    snapshot = snapshot or read_snapshot(root)
    key = f"{_code_digest()}:{today.isoformat()}:{snapshot.digest()}:{head(snapshot.root) or '-'}"
    cache = snapshot.root / CACHE_FILE
    findings = _read_cache(cache, key) if use_cache else None
    cached = findings is not None
    if findings is None:
        base = load_base(root, snapshot)
        findings = run_rules(base, today, modified_since_review(snapshot.root, base, today, snapshot.files))
        if use_cache:
            _write_cache(cache, key, findings)
    wanted = [_relative(p, snapshot.root) for p in paths]
    if not wanted or CONFIG_FILE in wanted or "." in wanted:
        return Report(findings, len(snapshot.files), cached)
    return Report([f for f in findings if _within(f.path, wanted)],
                  sum(_within(p, wanted) for p in snapshot.files), cached)


def _within(path: str, wanted: list[str]) -> bool:
    """Whether a file is one of the given files or under one of the given folders."""
    return any(path == w or path.startswith(w.rstrip("/") + "/") for w in wanted)


def _relative(path: str, root: Path) -> str:
    """A path given on the command line (from the current directory, or from the root)."""
    for candidate in (Path(path).resolve(), (root / path).resolve()):
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            continue
    return Path(path).as_posix()


def _read_cache(cache: Path, key: str) -> list[Finding] | None:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return [Finding(f["path"], f["line"], f["col"], Severity(f["severity"]), f["code"], f["message"],
                        f.get("hint", "")) for f in data["findings"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(cache: Path, key: str, findings: list[Finding]) -> None:
    payload = {"key": key, "findings": [{"path": f.path, "line": f.line, "col": f.col, "severity": f.severity.value,
                                         "code": f.code, "message": f.message, "hint": f.hint} for f in findings]}
    try:
        write_text(cache, json.dumps(payload, ensure_ascii=False))
    except OSError:
        pass  # a read-only checkout still gets its report

"""`kb check`: load everything, run every rule, report all findings sorted, once.

The result is cached under .kb/ by a digest of the content, of this program, of
today's date and of the git commit checked out (« modifié sans revue » reads the
history; uncommitted edits are in the content digest): re-checking an unchanged
base reads the files and asks git for HEAD, nothing more.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from builder import __version__
from builder.check.cache import CheckCache, ItemMemo, fingerprint
from builder.check.extensions import RuleSet, sources_digest
from builder.content.gcpause import cycle_collector_paused
from builder.content.git import head
from builder.model import Base, Finding, Item, Severity
from builder.content.snapshot import CONFIG_FILE, Snapshot, read_snapshot

if TYPE_CHECKING:
    from builder.freshness.modified import Modification


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


def run_rules(base: Base, today: date, extra: Sequence[RuleSet] = (),
              modified: Mapping[str, Modification] | None = None, memo: ItemMemo | None = None) -> list[Finding]:
    """Every check on a loaded base, severities as kb.yaml sets them, sorted.

    `extra` adds rule sets handed over by other packages (the chatbot export's CB… checks,
    which only matter to those who feed a bot).
    `modified` (modified.modified_since_review) comes from git; without it FR001 finds nothing.
    `memo` holds the last findings of the rules that read one file alone, by file.
    """
    from builder.check.graph import BaseGraph
    from builder.check.rules import (audience, content, duplicates, graph_rules, identity, images, items, links,
                                      references, review, secrets, template, tree_tests, trees)

    graph = BaseGraph(base)
    found = [*base.findings, *items.check(base, today), *identity.check(base), *references.check(base),
             *links.check(base), *trees.check(base), *graph_rules.check(base, graph), *tree_tests.check(base),
             *_each_item(base, memo, content.check_item, secrets.check_item, audience.check_item),
             *template.check(base), *review.check(base, modified or {}),
             *duplicates.check(base), *images.check(base), *audience.check(base)]
    for rules in extra:
        found.extend(rules(base))
    return sorted(_with_configured_severity(found, base.config.severity), key=lambda f: f.sort_key)


def _each_item(base: Base, memo: ItemMemo | None, *rules: Callable[[Item, Base], list[Finding]]) -> list[Finding]:
    """Rules that read one item's file alone, run again only on the files whose bytes changed."""
    found: list[Finding] = []
    for item in base.items:
        def compute(item: Item = item) -> list[Finding]:
            return [f for rule in rules for f in rule(item, base)]
        found.extend(memo.findings(item.path, compute) if memo else compute())
    return found


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


def _code_digest(extra: Sequence[RuleSet]) -> str:
    """Changes whenever the program changes, so that a new rule is never hidden by the cache."""
    h = hashlib.blake2b(__version__.encode(), digest_size=8)
    builder = Path(__file__).parents[1]
    for source in sorted(builder.rglob("*.py")):
        stat = source.stat()
        h.update(f"{source.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    h.update(sources_digest(list(extra)).encode())
    return h.hexdigest()


def _item_memo_key(snapshot: Snapshot, code: str) -> str:
    """What the per-file rules read besides the file: this program (`code`), kb.yaml (its allow-list),
    mkdocs.yml (the Markdown extensions the sanitiser's rendering uses)."""
    mkdocs = snapshot.root / "mkdocs.yml"
    h = hashlib.blake2b(code.encode(), digest_size=16)
    h.update(b"\0" + (snapshot.config or b"-") + b"\0" + (mkdocs.read_bytes() if mkdocs.is_file() else b"-"))
    return h.hexdigest()


def check(root: Path, paths: Iterable[str] = (), today: date | None = None, use_cache: bool = True,
          snapshot: Snapshot | None = None, base: Base | None = None, extra: Sequence[RuleSet] = ()) -> Report:
    """Check the base under root (or the given snapshot, already loaded as `base`), with `extra` rule sets."""
    today = today or date.today()
    snapshot = snapshot or read_snapshot(root)
    cache = CheckCache(snapshot.root) if use_cache else None
    findings: list[Finding] | None = None
    if cache is not None:
        print_ = fingerprint(snapshot, cache.entries, cache.written_ns)
        code = _code_digest(extra)
        key = (f"{code}:{today.isoformat()}:{print_.digest}:{head(snapshot.root) or '-'}:"
               f"{','.join(f'{r.__module__}.{r.__name__}' for r in extra)}")
        findings = cache.findings(key)
    cached = findings is not None
    if findings is None:
        from builder.content.load import load_base
        from builder.freshness.modified import modified_since_review
        memo_key = _item_memo_key(snapshot, code) if cache is not None else ""
        memo = cache.item_memo(memo_key, print_) if cache is not None else None
        with cycle_collector_paused():
            base = base or load_base(snapshot.root, snapshot)
            modified = modified_since_review(snapshot.root, base, today, snapshot.files)
            findings = run_rules(base, today, extra, modified, memo)
        if cache is not None:
            cache.store(key, print_, findings, memo, memo_key)
    wanted = [_relative(p, snapshot.root) for p in paths]
    if not wanted or CONFIG_FILE in wanted or "." in wanted:
        return Report(findings, len(snapshot.paths), cached)
    return Report([f for f in findings if _within(f.path, wanted)],
                  sum(_within(p, wanted) for p in snapshot.paths), cached)


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

"""Seeded single-line mutations of a content repository, checked in-process.

The mutation test (test_mutations.py) and the benchmark share this: the base is
loaded once, and each mutation reloads only its own file before every rule runs
on the whole base again, so hundreds of mutations take seconds, not minutes.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from builder.check.pipeline import run_rules
from builder.content.assemble import assemble
from builder.content.load import decode, load_config, load_file
from builder.content.snapshot import CONFIG_FILE, read_snapshot
from builder.model import Config, Finding, Tree

ID = re.compile(r"\b(?:KB-[0-9]{4,}|TR-[A-Z0-9-]+[A-Z0-9])\b")
LINK = re.compile(r"\]\(\s*(?P<target>(?:KB|TR)-[A-Z0-9-]*[A-Z0-9])\s*\)")
KEY_VALUE = re.compile(r"^(?P<indent>[ -]*)(?P<key>[a-z_]+):[ \t]+(?P<value>[^\s{\[|>'\"#].*)$")
REF_KEY = {"start": "typo-start", "next": "typo-next", "goto": "typo-goto", "id": "typo-id"}


@dataclass(frozen=True)
class Mutation:
    kind: str
    path: str
    line: int  # 0-based, the edited line
    before: str
    after: str
    text: str  # the whole file after the edit
    broken: str = ""  # a reference target that the edit made up (exists nowhere)
    old_id: str = ""  # the item's id before a typo in `id:`

    def __str__(self) -> str:
        return f"[{self.kind}] {self.path}:{self.line + 1}\n  avant : {self.before!r}\n  après : {self.after!r}"


class Library:
    """A content repository loaded once; `check` re-runs every rule with one file replaced."""

    def __init__(self, root: Path, today: date) -> None:
        self.snapshot = read_snapshot(root)
        self.root = self.snapshot.root
        self.today = today
        self.texts = {p: self.snapshot.read(p).decode("utf-8") for p in self.snapshot.paths}
        self.config_text = (self.snapshot.config or b"").decode("utf-8")
        self.config, self.config_findings = load_config(CONFIG_FILE, self.config_text)
        self.loaded = {p: load_file(p, self.snapshot.read(p)) for p in self.snapshot.paths}
        self.names = self._names()

    def _names(self) -> set[str]:
        """Every id and node name of the base, so that a made-up typo is known not to exist."""
        names: set[str] = set()
        for item, _ in self.loaded.values():
            if item is not None:
                names.add(item.id)
                if isinstance(item, Tree):
                    names.update(item.nodes)
        return names

    def check(self, path: str, text: str) -> list[Finding]:
        """Every rule on the base with the file at `path` holding `text` instead."""
        config, findings = self.config, list(self.config_findings)
        if path == CONFIG_FILE:
            decoded = decode(path, text.encode("utf-8"))
            config, findings = (Config(), [decoded]) if isinstance(decoded, Finding) else load_config(path, decoded)
        loaded = ((p, self.snapshot.read(p), *self.loaded[p]) if p != path else
                  (p, text.encode("utf-8"), *load_file(p, text.encode("utf-8"))) for p in self.snapshot.paths)
        return run_rules(assemble(self.root, config, findings, loaded), self.today)

    def mutations(self, seed: int, count: int) -> Iterator[Mutation]:
        """`count` mutations, each kind in turn, drawn from a generator seeded with `seed`."""
        rng = random.Random(seed)
        paths = [CONFIG_FILE, *self.texts]
        made = 0
        attempts = 0
        while made < count and attempts < count * 50:
            attempts += 1
            kind, make = KINDS[made % len(KINDS)] if attempts % 7 else rng.choice(KINDS)
            path = rng.choice(paths)
            text = self.config_text if path == CONFIG_FILE else self.texts[path]
            mutation = make(self, rng, path, text)
            if mutation is not None and mutation.text != text:
                made += 1
                yield mutation


# -- the kinds of mutation ----------------------------------------------------------------------
Maker = Callable[[Library, random.Random, str, str], "Mutation | None"]


def typo(rng: random.Random, word: str, taken: set[str]) -> str:
    """A one-character slip (swap, drop, double, replace) that names nothing existing."""
    for _ in range(20):
        i = rng.randrange(len(word))
        way = rng.randrange(4)
        if way == 0 and len(word) > 1:
            i = min(i, len(word) - 2)
            new = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif way == 1 and len(word) > 2:
            new = word[:i] + word[i + 1:]
        elif way == 2:
            new = word[:i] + word[i] + word[i:]
        else:
            new = word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") + word[i + 1:]
        if new != word and new not in taken and new.upper() not in taken:
            return new
    return ""


def _edit(kind: str, path: str, lines: list[str], index: int, new: str, **extra: str) -> Mutation:
    before = lines[index]
    changed = [*lines[:index], new, *lines[index + 1:]]
    return Mutation(kind, path, index, before, new, "\n".join(changed), **extra)


def _pick(rng: random.Random, lines: list[str], keep: Callable[[str], object]) -> int | None:
    found = [i for i, line in enumerate(lines) if keep(line)]
    return rng.choice(found) if found else None


def _ref_typo(key: str) -> Maker:
    pattern = re.compile(rf"^(?P<head>[ ]*{key}:[ ]*)(?P<value>[A-Za-z0-9_-]+)[ ]*$"
                         if key != "next" else r"(?P<head>\bnext:[ ]*)(?P<value>[A-Za-z0-9_-]+)")

    def make(lib: Library, rng: random.Random, path: str, text: str) -> Mutation | None:
        lines = text.split("\n")
        index = _pick(rng, lines, pattern.search)
        if index is None:
            return None
        match = pattern.search(lines[index])
        assert match is not None
        value = match.group("value")
        new = typo(rng, value, lib.names)
        if not new:
            return None
        line = lines[index][:match.start("value")] + new + lines[index][match.end("value"):]
        extra = {"old_id": value} if key == "id" else {"broken": new}
        return _edit(REF_KEY[key], path, lines, index, line, **extra)
    return make


def _list_ref_typo(lib: Library, rng: random.Random, path: str, text: str) -> Mutation | None:
    """A typo in an id of `see:`, `related:` or a link in a text."""
    lines = text.split("\n")
    index = _pick(rng, lines, lambda line: re.match(r"\s*(see|related):", line) or LINK.search(line))
    if index is None:
        return None
    targets = list(ID.finditer(lines[index]))
    if not targets:
        return None
    match = rng.choice(targets)
    new = typo(rng, match.group(), lib.names)
    if not new:
        return None
    line = lines[index][:match.start()] + new + lines[index][match.end():]
    return _edit("typo-reference", path, lines, index, line, broken=new)


def _link_form(kind: str) -> Maker:
    """A link to an id written another way: lower case, or the target's file path."""
    def make(lib: Library, rng: random.Random, path: str, text: str) -> Mutation | None:
        lines = text.split("\n")
        index = _pick(rng, lines, LINK.search)
        if index is None:
            return None
        match = rng.choice(list(LINK.finditer(lines[index])))
        target = match.group("target")
        if kind == "lower-link":
            new = target.lower()
        else:
            files = [p for p, (item, _) in lib.loaded.items() if item is not None and item.id == target]
            if not files:
                return None
            new = files[0].rsplit("/", 1)[1] if rng.random() < 0.5 else f"../../{files[0]}"
        line = lines[index][:match.start("target")] + new + lines[index][match.end("target"):]
        return _edit(kind, path, lines, index, line, broken=new)
    return make


def _delete(lib: Library, rng: random.Random, path: str, text: str) -> Mutation | None:
    lines = text.split("\n")
    index = _pick(rng, lines, str.strip)
    if index is None:
        return None
    return Mutation("delete-line", path, index, lines[index], "", "\n".join(lines[:index] + lines[index + 1:]))


def _duplicate(lib: Library, rng: random.Random, path: str, text: str) -> Mutation | None:
    lines = text.split("\n")
    index = _pick(rng, lines, str.strip)
    if index is None:
        return None
    return Mutation("duplicate-line", path, index + 1, lines[index], lines[index],
                    "\n".join(lines[:index + 1] + lines[index:]))


def _yaml_lines(path: str, lines: list[str]) -> range:
    if not path.endswith(".md"):
        return range(len(lines))
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), 0)
    return range(1, end)


def _indent(lib: Library, rng: random.Random, path: str, text: str) -> Mutation | None:
    lines = text.split("\n")
    candidates = [i for i in _yaml_lines(path, lines) if KEY_VALUE.match(lines[i]) or lines[i].lstrip().startswith("- ")]
    if not candidates:
        return None
    index = rng.choice(candidates)
    line = lines[index]
    shift = rng.choice([-2, -1, 1, 2])
    width = len(line) - len(line.lstrip(" "))
    new = " " * max(width + shift, 0) + line.lstrip(" ")
    return _edit("indentation", path, lines, index, new)


def _empty(lib: Library, rng: random.Random, path: str, text: str) -> Mutation | None:
    lines = text.split("\n")
    candidates = [i for i in _yaml_lines(path, lines) if KEY_VALUE.match(lines[i])]
    if not candidates:
        return None
    index = rng.choice(candidates)
    match = KEY_VALUE.match(lines[index])
    assert match is not None
    return _edit("empty-value", path, lines, index, lines[index][:match.start("value")].rstrip())


def _colon(lib: Library, rng: random.Random, path: str, text: str) -> Mutation | None:
    """« title: Imprimante : bourrage », an unquoted value with « : » inside."""
    lines = text.split("\n")
    candidates = [i for i in _yaml_lines(path, lines)
                  if (m := KEY_VALUE.match(lines[i])) and " " in m.group("value")]
    if not candidates:
        return None
    index = rng.choice(candidates)
    line = lines[index]
    match = KEY_VALUE.match(line)
    assert match is not None
    spaces = [m.start() for m in re.finditer(" ", line) if m.start() > match.start("value")]
    if not spaces:
        return None
    at = rng.choice(spaces)
    return _edit("colon-in-value", path, lines, index, line[:at] + rng.choice([" :", ":"]) + line[at:])


def _block(kind: str, key: str, replacement: str) -> Maker:
    """Replace a whole block (`nodes:` and its nodes, `answers:` and its items) by one line."""
    def make(lib: Library, rng: random.Random, path: str, text: str) -> Mutation | None:
        lines = text.split("\n")
        index = _pick(rng, lines, lambda line: line.strip() == f"{key}:")
        if index is None:
            return None
        width = len(lines[index]) - len(lines[index].lstrip())
        end = index + 1
        while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > width):
            end += 1
        new = " " * width + f"{key}: {replacement}"
        return Mutation(kind, path, index, lines[index], new, "\n".join([*lines[:index], new, *lines[end:]]))
    return make


def _plain_answers(lib: Library, rng: random.Random, path: str, text: str) -> Mutation | None:
    """`- {label: Oui, next: x}` written `- Oui`: an answer without its next node."""
    lines = text.split("\n")
    pattern = re.compile(r"^(?P<head>\s*- )\{label: (?P<label>\"[^\"]*\"|[^,]*), next: [^}]*\}\s*$")
    index = _pick(rng, lines, pattern.match)
    if index is None:
        return None
    match = pattern.match(lines[index])
    assert match is not None
    return _edit("answer-as-text", path, lines, index, match.group("head") + match.group("label"))


def _char(lib: Library, rng: random.Random, path: str, text: str) -> Mutation | None:
    """Any character typed, removed or replaced anywhere on a line."""
    lines = text.split("\n")
    index = _pick(rng, lines, str.strip)
    if index is None:
        return None
    line = lines[index]
    at = rng.randrange(len(line) + 1)
    char = rng.choice(" :-#[]{}\"'|>&*!%@`,?xé\t")
    new = line[:at] + char + line[at + rng.randrange(2):]
    return _edit("character", path, lines, index, new)


KINDS: list[tuple[str, Maker]] = [
    ("typo-start", _ref_typo("start")),
    ("typo-next", _ref_typo("next")),
    ("typo-goto", _ref_typo("goto")),
    ("typo-id", _ref_typo("id")),
    ("typo-reference", _list_ref_typo),
    ("lower-link", _link_form("lower-link")),
    ("file-link", _link_form("file-link")),
    ("delete-line", _delete),
    ("duplicate-line", _duplicate),
    ("indentation", _indent),
    ("empty-value", _empty),
    ("colon-in-value", _colon),
    ("nodes-empty", _block("nodes-empty", "nodes", "{}")),
    ("answers-plain", _block("answers-plain", "answers", "[Oui, Non]")),
    ("answer-as-text", _plain_answers),
    ("character", _char),
]

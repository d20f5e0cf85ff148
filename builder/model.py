"""The validated model: articles, trees and their nodes, and findings about them.

Every value a finding may point at keeps its position (0-based line and column
inside the program, 1-based on screen).
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from enum import Enum
from typing import NamedTuple

from builder import settings
from pathlib import Path


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Pos(NamedTuple):
    """A 0-based position in a file."""

    line: int
    col: int


START = Pos(0, 0)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, printed like a compiler's diagnostic."""

    path: str
    line: int  # 1-based
    col: int  # 1-based
    severity: Severity
    code: str
    message: str
    hint: str = ""

    @property
    def full_message(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def text(self) -> str:
        return (f"{self.path}:{self.line}:{self.col}: {self.severity.value} "
                f"{self.code} {self.full_message}")

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "col": self.col,
                "severity": self.severity.value, "code": self.code,
                "message": self.full_message}

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.code)


class Ref(NamedTuple):
    """A reference written in the content (an id, a node name, a group) and where."""

    target: str
    pos: Pos


class Text(NamedTuple):
    """A text value and where it is written, so that links inside it can be located."""

    value: str
    pos: Pos
    style: str = ""  # YAML scalar style: "" plain, '"' or "'" quoted, "|" or ">" block
    source: str = ""  # the value as written in the file, when it spans several lines

    def locate_line(self, line: int, col: int) -> Pos:
        """Position in the file of column `col` of line `line` (0-based) of the value."""
        newlines = _newlines(self.value)
        return self.locate((newlines[line - 1] + 1 if 0 < line <= len(newlines) else 0) + col)

    def locate(self, offset: int) -> Pos:
        """Position in the file of a character of the value (each call costs a search: texts with thousands
        of findings stay linear)."""
        if self.source:
            return _locate_in_source(self, offset)
        newlines = _newlines(self.value)
        nl = bisect_left(newlines, offset)  # the line breaks before the offset
        line_start = newlines[nl - 1] + 1 if nl else 0
        if self.style in ("|", ">"):
            # block scalars start on the next line, indented; assume 2 more than the key
            return Pos(self.pos.line + 1 + nl, self.pos.col + 2 + offset - line_start)
        if nl == 0:
            return Pos(self.pos.line, self.pos.col + (1 if self.style in ('"', "'") else 0) + offset)
        return Pos(self.pos.line + nl, 0)


_BLANK = " \t\n"


@lru_cache(maxsize=16)
def _newlines(text: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", text)]


@lru_cache(maxsize=16)
def _source_offsets(value: str, src: str, style: str) -> array[int]:
    """For each offset of the value, the index in its source where that character is written.

    The value and its source are walked together: folded line breaks and indentation are
    whitespace runs; a source character that is not the value's is an escape or a doubled quote."""
    j = src.index("\n") + 1 if style in ("|", ">") and "\n" in src else 1 if style in ('"', "'") else 0
    while j < len(src) and src[j] in _BLANK:
        j += 1
    out = array("l", [0]) * (len(value) + 1)
    out[0] = j
    i = 0
    while i < len(value) and j < len(src):
        if value[i] in _BLANK:
            start = i
            while i < len(value) and value[i] in _BLANK:
                i += 1
            while j < len(src) and src[j] in _BLANK:
                j += 1
            for k in range(start + 1, i + 1):
                out[k] = j
        elif src[j] == value[i]:
            i += 1
            j += 1
            out[i] = j
        else:
            j += 1  # an escape or a quote doubled in the source
    for k in range(i + 1, len(value) + 1):
        out[k] = j
    return out


def _locate_in_source(text: Text, offset: int) -> Pos:
    src = text.source
    j = _source_offsets(text.value, src, text.style)[max(0, min(offset, len(text.value)))]
    newlines = _newlines(src)
    lines = bisect_left(newlines, j)  # the line breaks in src[:j]
    if lines == 0:
        return Pos(text.pos.line, text.pos.col + j)
    return Pos(text.pos.line + lines, j - newlines[lines - 1] - 1)


@dataclass(frozen=True, slots=True)
class Interval:
    """A review interval: calendar months plus days."""

    months: int = 0
    days: int = 0

    def __str__(self) -> str:
        if self.months:
            return f"{self.months} mois"
        return f"{self.days} jours"


Status = str  # "draft" | "published" | "archived"

ARTICLE_TYPES = ("procedure", "faq", "incident", "tutorial", "reference")
AUDIENCES = ("agent", "user")
STATUSES = ("draft", "published", "archived")
IMPACTS = ("critique", "majeur", "modere")
URGENCIES = ("severe", "elevee", "moyenne")
NODE_KINDS = ("ask", "do", "goto", "resolved", "escalate")
TERMINAL_KINDS = ("resolved", "escalate")

IMPACT_LABELS = {"critique": "critique", "majeur": "majeur", "modere": "modéré"}
URGENCY_LABELS = {"severe": "sévère", "elevee": "élevée", "moyenne": "moyenne"}
STATUS_LABELS = {"draft": "brouillon", "published": "publié", "archived": "archivé"}
TYPE_LABELS = {"procedure": "Procédure", "faq": "FAQ", "incident": "Incident",
               "tutorial": "Tutoriel", "reference": "Référence"}
AUDIENCE_LABELS = {"agent": "Agents du support", "user": "Utilisateurs"}


@dataclass
class Item:
    """What articles and trees share: identity, ownership, review state."""

    path: str
    id: str = ""
    title: str = ""
    domain: str = ""
    audience: tuple[str, ...] = ()
    owner: str = ""
    reviewed: date | None = None
    review_every: Interval | None = None
    status: Status = "draft"
    categories: tuple[Text, ...] = ()  # ticket categories of kb.yaml this item answers (kb coverage)
    keypos: dict[str, Pos] = field(default_factory=dict)  # where each key is written
    valpos: dict[str, Pos] = field(default_factory=dict)  # where each value starts

    kind = "item"

    def at(self, key: str) -> Pos:
        """Position of a key's value, else of the key, else the top of the file."""
        return self.valpos.get(key) or self.keypos.get(key) or START

    @property
    def published(self) -> bool:
        return self.status == "published"


@dataclass
class Article(Item):
    type: str = ""
    tags: tuple[str, ...] = ()
    questions: tuple[Text, ...] = ()
    related: tuple[Ref, ...] = ()
    body: str = ""
    body_line: int = 0  # 0-based line of the body's first line in the file

    kind = "article"


@dataclass(frozen=True)
class Answer:
    label: str
    next: Ref | None
    pos: Pos  # the answer item


@dataclass
class Node:
    id: str
    pos: Pos  # the node's key
    kind: str | None = None  # one of NODE_KINDS, None when the node is malformed
    text: str = ""  # question, action or resolution
    text_at: Text | None = None  # the same as written, for positions inside it
    help: Text | None = None
    see: tuple[Ref, ...] = ()
    answers: tuple[Answer, ...] = ()
    next: Ref | None = None
    goto: Ref | None = None
    group: Ref | None = None  # escalate
    impact: str | None = None
    urgency: str | None = None
    ticket: str = ""
    category: Text | None = None  # resolved or escalate: the ticket's category, printed in the diagnostic
    duration: int = 1  # minutes
    keypos: dict[str, Pos] = field(default_factory=dict)
    valpos: dict[str, Pos] = field(default_factory=dict)
    invalid: frozenset[str] = frozenset()  # keys whose value was already reported as wrong

    def at(self, key: str) -> Pos:
        return self.valpos.get(key) or self.keypos.get(key) or self.pos

    @property
    def terminal(self) -> bool:
        return self.kind in TERMINAL_KINDS

    def markdown(self) -> list[Text]:
        """The node's texts that may hold Markdown links: its question, action or resolution, and help."""
        return [t for t in (self.text_at, self.help) if t is not None]

    def successors(self) -> list[Ref]:
        """References to the nodes that follow in the same tree."""
        if self.kind == "ask":
            return [a.next for a in self.answers if a.next]
        if self.kind == "do" and self.next:
            return [self.next]
        return []


@dataclass(frozen=True)
class TreeTest:
    path: tuple[Text, ...]
    expect: Ref | None
    pos: Pos


@dataclass
class Tree(Item):
    symptoms: tuple[Text, ...] = ()
    start: Ref | None = None
    nodes: dict[str, Node] = field(default_factory=dict)
    tests: tuple[TreeTest, ...] = ()

    kind = "tree"


@dataclass
class Config:
    """kb.yaml, validated."""

    title: str = settings.default("title")
    site_url: str = settings.default("site_url")
    domains: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    review_every: dict[str, Interval] = field(default_factory=dict)
    pil05_target: float = settings.default("pil05.target")
    due_soon: Interval = Interval(days=30)  # settings.default("pil05.due_soon"), as tests/content/test_settings.py checks
    escalate_within: int | None = None  # minutes
    resolve_within: int | None = None
    mediawiki_title_prefix: str = settings.default("mediawiki.title_prefix")
    mediawiki_category: str = settings.default("mediawiki.category")
    synonyms: tuple[tuple[str, ...], ...] = ()
    placeholders: dict[str, str] = field(default_factory=dict)
    allowlist: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # the ITSM's ticket categories (« Messagerie > Outlook »)
    ticket_columns: dict[str, str] = field(default_factory=dict)  # tickets.columns: field → export header
    ticket_level1: tuple[str, ...] = ()  # tickets.level1: groups whose resolution counts as level 1
    ticket_threshold: float | None = None  # tickets.threshold (kb coverage's default when None)
    severity: dict[str, str] = field(default_factory=dict)  # code -> error|warning|info|off
    portal_title: str = settings.default("portal.title")
    portal_intro: str = settings.default("portal.intro")
    portal_contact: str = settings.default("portal.contact")
    portal_itsm_url: str = settings.default("portal.itsm_url")
    usage: bool = settings.default("usage")  # the sites send usage events (kb usage)
    image_max_size: int | None = None  # bytes; None: the default (500 Ko)
    valpos: dict[str, Pos] = field(default_factory=dict)

    def interval_for(self, item: Item) -> Interval | None:
        if item.review_every:
            return item.review_every
        key = item.type if isinstance(item, Article) else "tree"
        return self.review_every.get(key)


@dataclass(frozen=True)
class ImageFile:
    """An image under kb/<domain>/images/ or trees/<domain>/images/, as read once."""

    path: str
    size: int  # bytes
    format: str | None  # png, jpeg, gif, webp, svg; None when the bytes are none of these
    width: int | None = None
    height: int | None = None
    svg_problems: tuple[tuple[int, str], ...] = ()  # (1-based line, message): what makes an SVG unsafe


@dataclass
class Base:
    """The whole content repository, loaded."""

    root: Path
    config: Config
    articles: list[Article]
    trees: list[Tree]
    findings: list[Finding]  # found while loading (syntax, schema)
    unreadable: dict[str, str] = field(default_factory=dict)  # id -> path of files that could not be read
    images: dict[str, ImageFile] = field(default_factory=dict)  # by path

    def __post_init__(self) -> None:
        self.by_id: dict[str, Item] = {}
        for item in [*self.articles, *self.trees]:
            if item.id:
                self.by_id.setdefault(item.id, item)

    @property
    def items(self) -> list[Item]:
        return [*self.articles, *self.trees]

    def tree(self, tree_id: str) -> Tree | None:
        item = self.by_id.get(tree_id)
        return item if isinstance(item, Tree) else None

    def article(self, article_id: str) -> Article | None:
        item = self.by_id.get(article_id)
        return item if isinstance(item, Article) else None

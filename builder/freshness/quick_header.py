"""The review fields of a file version, read from its simple `key: value` lines.

Freshness history reads tens of thousands of past versions; composing even their
header lines costs a third of a millisecond each. Nearly every header is a few
`key: value` lines, which this reads with one regular expression. Anything
else — quotes with escapes, flow or block values, a comment-looking value, a
value the loader would refuse — returns None, and the caller uses the loader
(`load_header`), so that both always agree (tests/freshness/test_quick_header.py checks it).
"""
from __future__ import annotations

import re
from datetime import date

from builder.model import ARTICLE_TYPES, STATUSES, Interval
from builder.content.load import FRONT_MATTER_END
from builder.content.schema import ARTICLE_ID, DATE, TREE_ID, parse_interval
from builder.content.yamlio import NULLS

# a header key, its value, and whether the next line continues it (indented, not blank)
_LINE = re.compile(r"^(id|title|type|domain|owner|reviewed|review_every|status)[ \t]*:(.*)(?:\n([ \t]+[^ \t\n]))?",
                   re.M)
_SIMPLE = re.compile(r"[ \t]*([0-9A-Za-zÀ-ÿ][^#:'\"\t]*?)[ \t]*\Z")  # a plain value needing no more care
_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@`")
_COMMENT = re.compile(r"[ \t]#")
_SINGLE_QUOTED = re.compile(r"((?:[^']|'')*)'(.*)\Z")
_REQUIRED = ("id", "title", "domain", "owner", "status")

Fields = dict[str, object]


def _value(raw: str) -> str | None:
    """The scalar written after `key:` when it is simple, else None."""
    raw = raw.strip(" ")
    if raw[:1] == '"':
        end = raw.find('"', 1)
        if end < 0 or "\\" in raw[:end] or raw[end + 1:].strip(" ")[:1] not in ("", "#"):
            return None
        return raw[1:end]
    if raw[:1] == "'":
        body = raw[1:]
        match = _SINGLE_QUOTED.match(body)
        if not match or match.group(2).strip(" ")[:1] not in ("", "#"):
            return None
        return match.group(1).replace("''", "'")
    if "#" in raw:
        comment = _COMMENT.search(raw)
        if comment:
            raw = raw[:comment.start()]
    raw = raw.rstrip(" ")
    if not raw or raw[0] in _PLAIN_START or ": " in raw or raw.endswith(":") or "\t" in raw:
        return None
    return raw


def quick_header(kind: str, text: str) -> Fields | None:
    """id, title, type, domain, owner, reviewed, review_every, status — or None if not simple."""
    if kind == "article":
        if not text.startswith("---\n"):
            return None
        end = FRONT_MATTER_END.search(text, 4)
        if end is None:
            return None
        text = text[4:end.start()]
    # a tree's header comes before its nodes: read them first, and the rest only if keys are missing
    cut = text.find("\nnodes:") if kind == "tree" else -1
    head = text if cut < 0 else text[:cut + 1]
    fields = _fields(head)
    if fields is not None and cut >= 0 and any(k not in fields for k in _REQUIRED):
        rest = _fields(text[cut + 1:])
        if rest is None or set(rest) & set(fields):
            return None
        fields.update(rest)
    return None if fields is None else _typed(kind, fields)


def _fields(text: str) -> Fields | None:
    fields: Fields = {}
    for key, rest, continued in _LINE.findall(text):
        if key in fields or continued:
            return None  # a duplicate key (the loader reports it), or a value on several lines
        if rest.strip(" ") in NULLS:
            fields[key] = None
            continue
        simple = _SIMPLE.match(rest)
        if simple:
            fields[key] = simple.group(1)
            continue
        value = _value(rest)
        if value is None or not value.strip():
            return None
        fields[key] = value
    return fields


def _typed(kind: str, fields: Fields) -> Fields | None:
    id_ = fields.get("id")
    if not isinstance(id_, str) or not (ARTICLE_ID if kind == "article" else TREE_ID).match(id_):
        return None
    if fields.get("status") not in STATUSES or (kind == "article" and fields.get("type") not in ARTICLE_TYPES):
        return None
    if any(not isinstance(fields.get(k), str) for k in ("title", "domain", "owner")):
        return None
    reviewed = fields.get("reviewed")
    if reviewed is not None:
        if not isinstance(reviewed, str) or not DATE.match(reviewed):
            return None
        try:
            fields["reviewed"] = date.fromisoformat(reviewed)
        except ValueError:
            return None
    every = fields.get("review_every")
    if every is not None:
        interval: Interval | None = parse_interval(str(every))
        if interval is None:
            return None
        fields["review_every"] = interval
    return fields

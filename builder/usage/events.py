"""The beacon's wire format, version 1 (docs/usage.md): decode a query string into an Event.

The site sends `_kb/u.gif?v=1&e=EVENT&…` with short keys so that log lines stay
short. Unknown keys are ignored (a later version may add some); an unknown
version or event, or a missing required key, makes the beacon invalid: counted,
never fatal. Values are percent-encoded UTF-8; bytes that are not UTF-8 are
replaced, never trusted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

VERSION = b"1"  # the v= value this reader understands
EVENTS = frozenset({"open", "step", "back", "restart", "end", "copy", "search", "view"})
OUTCOMES = {"resolved": "resolved", "escalated": "escalated"}
SITES = {"a": "agents", "p": "portal"}
MAX_TEXT = 200  # longest value kept (queries, labels); longer ones are cut
# keys each event needs, besides v and e
REQUIRED = {
    "open": ("w", "r", "n"), "step": ("w", "r", "t", "n"), "back": ("w", "r", "t", "n"),
    "restart": ("w", "r"), "end": ("w", "r", "t", "n", "o"), "copy": ("w", "r"),
    "search": ("q",), "view": ("id",),
}
KEYS = frozenset({b"s", b"w", b"r", b"t", b"n", b"pt", b"pn", b"a", b"o", b"p", b"q", b"id"})


@dataclass(slots=True)
class Event:
    kind: str
    site: str = "agents"
    walk: str = ""
    seq: int = 0          # order of the event in its walk (the log's order across files is not trusted)
    root: str = ""        # the tree the walk started in (its page)
    tree: str = ""        # the tree of the node reached
    node: str = ""
    from_tree: str = ""   # step: where the answer was given
    from_node: str = ""
    answer: str = ""
    outcome: str = ""     # end: resolved | escalated
    seconds: int = 0      # end: time since the walk started
    vip: bool = False
    query: str = ""       # search
    results: int = -1     # search: -1 when the page could not tell (the index was still loading)
    item: str = ""        # view: the article's id


PAIR = re.compile(rb"(?:^|&)([a-z]+)=([^&#]*)")


def _text(raw: bytes) -> str:
    if b"%" in raw or b"+" in raw or not raw.isascii():
        return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8", "replace")[:MAX_TEXT]
    return raw[:MAX_TEXT].decode("ascii")


def _int(raw: bytes) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def decode(query: bytes) -> Event | None:
    """The event of a beacon's query string, or None when it is not a valid version 1 beacon."""
    raw = dict(PAIR.findall(query.split(b"#", 1)[0]))
    if raw.get(b"v") != VERSION:
        return None
    kind = raw.get(b"e", b"").decode("ascii", "replace")
    if kind not in EVENTS:
        return None
    values = {key.decode("ascii"): _text(value) for key, value in raw.items() if key in KEYS}
    if any(not values.get(key) for key in REQUIRED[kind]):
        return None
    seq = _int(raw.get(b"i", b"0"))
    seconds = _int(raw.get(b"d", b"0"))
    results = _int(raw[b"k"]) if raw.get(b"k") else -1
    if seq is None or seconds is None or results is None:
        return None
    outcome = ""
    if kind == "end":
        outcome = OUTCOMES.get(values["o"], "")
        if not outcome:
            return None
    query_text = ""
    if kind == "search":
        query_text = " ".join(values["q"].lower().split())
        if not query_text:
            return None
    get = values.get
    return Event(kind, SITES.get(get("s", "a"), "agents"), get("w", ""), seq, get("r", ""), get("t") or get("r", ""),
                 get("n", ""), get("pt", ""), get("pn", ""), get("a", ""), outcome, seconds, get("p") == "1",
                 query_text, results, get("id", ""))

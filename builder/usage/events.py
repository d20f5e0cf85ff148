"""The beacon's wire format, version 1 (docs/usage.md): decode a query string into an Event.

The site sends `_kb/u.gif?v=1&e=EVENT&…` with short keys so that log lines stay
short. Unknown keys are ignored (a later version may add some); an unknown
version or event, or a missing required key, makes the beacon invalid: counted,
never fatal. Values are percent-encoded UTF-8; bytes that are not UTF-8 are
replaced, never trusted.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

VERSION = b"1"
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
KEYS = frozenset({"s", "w", "i", "r", "t", "n", "pt", "pn", "a", "o", "d", "p", "q", "k", "id"})


@dataclass(frozen=True)
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
    results: int = 0
    item: str = ""        # view: the article's id


def _text(raw: bytes) -> str:
    if b"%" in raw or b"+" in raw or not raw.isascii():
        text = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8", "replace")
    else:
        text = raw.decode("ascii")
    return text[:MAX_TEXT]


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) < 10 else None


def decode(query: bytes) -> Event | None:
    """The event of a beacon's query string, or None when it is not a valid version 1 beacon."""
    values: dict[str, str] = {}
    version = b""
    kind = ""
    for pair in query.split(b"#", 1)[0].split(b"&"):
        key, _, raw = pair.partition(b"=")
        if key == b"v":
            version = raw
        elif key == b"e":
            kind = raw.decode("ascii", "replace")
        else:
            name = key.decode("ascii", "replace")
            if name in KEYS:
                values[name] = _text(raw)
    if version != VERSION or kind not in EVENTS:
        return None
    if any(not values.get(key) for key in REQUIRED[kind]):
        return None
    seq = _int(values.get("i", "0"))
    seconds = _int(values.get("d", "0"))
    results = _int(values.get("k", "0"))
    if seq is None or seconds is None or results is None:
        return None
    outcome = ""
    if kind == "end":
        outcome = OUTCOMES.get(values["o"], "")
        if not outcome:
            return None
    query_text = " ".join(values.get("q", "").lower().split()) if kind == "search" else ""
    if kind == "search" and not query_text:
        return None
    return Event(
        kind=kind, site=SITES.get(values.get("s", "a"), "agents"), walk=values.get("w", ""), seq=seq,
        root=values.get("r", ""), tree=values.get("t", values.get("r", "")), node=values.get("n", ""),
        from_tree=values.get("pt", ""), from_node=values.get("pn", ""), answer=values.get("a", ""),
        outcome=outcome, seconds=seconds, vip=values.get("p") == "1", query=query_text, results=results,
        item=values.get("id", ""),
    )

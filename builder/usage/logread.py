"""Read web server access logs (Combined and Common Log Format) as a stream of the
few lines that matter: usage beacons and article page requests.

Bytes all the way: a log may hold any bytes (scanners, broken clients), and
decoding a million lines we then throw away costs more than the parsing we keep.
A cheap substring test picks the candidate lines before any regular expression;
every other line only gets a structural check so that unreadable lines can be
counted. Files are read one at a time, `.gz` transparently, in any order: the
aggregation never relies on the order of lines across files.
"""
from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

BEACON = b"/_kb/u.gif?"
ARTICLES = b"/articles/"

# host ident user [time] "request" status bytes, then for Combined "referer" "agent".
# Quoted fields accept Apache's \" and nginx's \x22 escapes.
_QUOTED = rb'"((?:[^"\\]++|\\.)*+)"'
LINE = re.compile(
    rb'(\S+) \S+ (?:\S+|"[^"]*") \[(\d\d)/(\w\w\w)/(\d{4}):(\d\d):(\d\d):(\d\d) [+-]\d{4}\] '
    + _QUOTED + rb' (\d{3}) (?:\d+|-)(?: ' + _QUOTED + rb' ' + _QUOTED + rb')?[ \t]*\r?\n?\Z')
# Cheap shape check for the lines we do not use: their head (client, timestamp, opening quote)
# and their last character; the full pattern is kept for the lines we use.
SHAPE = re.compile(rb'\S+ \S+ (?:\S+|"[^"]*") \[\d\d/\w\w\w/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "')
ENDINGS = frozenset(b'"0123456789-')
REQUEST = re.compile(rb"([A-Z]{3,10}) (\S+)(?: HTTP/[0-9.]+)?\Z")
ARTICLE_PATH = re.compile(rb"/articles/(KB-[0-9]+)/(?:index\.html)?(?:[?#].*)?\Z")

MONTHS = {m: i + 1 for i, m in enumerate(
    (b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec"))}


class LogError(Exception):
    """A log file cannot be opened or read; the message says which and why, in French."""


@dataclass(frozen=True)
class Hit:
    """One useful request: a beacon (`query` set) or an article page view (`article` set)."""

    day: date
    seconds: int  # seconds since midnight, server time
    status: int
    query: bytes | None = None
    article: str | None = None


@dataclass
class ReadStats:
    files: int = 0
    lines: int = 0
    unreadable: int = 0
    beacons: int = 0
    views: int = 0
    bytes_done: int = 0
    broken: list[str] = field(default_factory=list)  # French messages: files read only in part


Progress = Callable[[int, int], None]  # (bytes read, total bytes)


class _Days:
    """dd/Mon/yyyy → date, cached: a log holds few distinct days."""

    def __init__(self) -> None:
        self.cache: dict[tuple[bytes, bytes, bytes], date | None] = {}

    def get(self, d: bytes, m: bytes, y: bytes) -> date | None:
        key = (d, m, y)
        if key not in self.cache:
            try:
                self.cache[key] = date(int(y), MONTHS[m], int(d))
            except (KeyError, ValueError):
                self.cache[key] = None
        return self.cache[key]


def parse_line(line: bytes, days: _Days | None = None) -> Hit | None | bool:
    """A Hit for a useful line, None for a readable line of no interest, False when unreadable."""
    days = days or _Days()
    beacon = BEACON in line
    if not beacon and ARTICLES not in line:
        end = line.rstrip()[-1:]
        return None if end and end[0] in ENDINGS and SHAPE.match(line) else False
    match = LINE.match(line)
    if match is None:
        return False
    day = days.get(match[2], match[3], match[4])
    request = REQUEST.match(match[8])
    if day is None or request is None:
        return False
    seconds = int(match[5]) * 3600 + int(match[6]) * 60 + int(match[7])
    status = int(match[9])
    method, target = request[1], request[2]
    if beacon:
        at = target.find(BEACON)
        if at < 0:
            return None  # the beacon's address was in the referer, not the request
        return Hit(day, seconds, status, query=target[at + len(BEACON):])
    if method != b"GET" or status not in (200, 304):
        return None
    article = ARTICLE_PATH.search(target)
    if article is None:
        return None
    return Hit(day, seconds, status, article=article[1].decode("ascii"))


def _open(path: Path) -> IO[bytes]:
    try:
        raw = path.open("rb")
    except OSError as error:
        raise LogError(f"impossible d'ouvrir le journal « {path} » : {error.strerror or error}") from None
    magic = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def read_logs(paths: list[Path], stats: ReadStats, progress: Progress | None = None,
              since: date | None = None, until: date | None = None) -> Iterator[Hit]:
    """Every useful hit of every file, in file order; counts go into `stats`."""
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError as error:
            raise LogError(f"impossible de lire le journal « {path} » : {error.strerror or error}") from None
    days = _Days()
    done_before = 0
    for path in paths:
        stats.files += 1
        stream = _open(path)
        raw = stream.fileobj if isinstance(stream, gzip.GzipFile) else stream  # type: ignore[attr-defined]
        count = 0
        try:
            for line in stream:
                count += 1
                hit = parse_line(line, days)
                if hit is False:
                    stats.unreadable += 1
                elif hit is not None and not isinstance(hit, bool):
                    if (since and hit.day < since) or (until and hit.day > until):
                        continue
                    if hit.query is not None:
                        stats.beacons += 1
                    else:
                        stats.views += 1
                    yield hit
                if progress and count % 65536 == 0:
                    progress(done_before + raw.tell(), total)
        except (OSError, EOFError, gzip.BadGzipFile) as error:
            # a .gz cut short (being written, copied in part): keep what was read, say so
            stats.broken.append(f"« {path} » lu en partie seulement ({count} lignes) : {error}")
        finally:
            stats.lines += count
            stream.close()
        done_before += path.stat().st_size
        stats.bytes_done = done_before
        if progress:
            progress(done_before, total)

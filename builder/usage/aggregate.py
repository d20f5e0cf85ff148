"""Fold hits (beacons and article page views) into per-tree, per-article and search figures.

Counters are order-free; what a walk ended with is decided by each event's
sequence number within its walk, not by the order of lines, so that rotated
files can be given in any order. Memory grows with the number of walks, queries
and ids, never with the number of lines.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .events import Event, decode
from .logread import Hit


@dataclass(frozen=True)
class Catalogue:
    """What the base holds today: the ids beacons are checked against, titles, time limits."""

    trees: dict[str, tuple[str, frozenset[str]]]  # id → (title, node names)
    articles: dict[str, str]  # id → title
    escalate_within: int | None = None  # minutes
    resolve_within: int | None = None


@dataclass
class _Walk:
    root: str
    day: date
    site: str
    position: tuple[int, str, str] = (-1, "", "")  # (seq, tree, node)
    end: tuple[int, str, int] | None = None  # (seq, outcome, seconds)
    copied: bool = False


@dataclass
class TreeUsage:
    id: str
    title: str
    sessions: int = 0
    resolved: int = 0
    escalated: int = 0
    abandoned: int = 0
    copied: int = 0
    restarts: int = 0
    seconds: list[int] = field(default_factory=list)
    over_limit: int = 0
    nodes: dict[str, Counter[str]] = field(default_factory=dict)  # node → answers (label → n)
    visits: Counter[str] = field(default_factory=Counter)
    exits: Counter[str] = field(default_factory=Counter)
    days: Counter[tuple[date, str]] = field(default_factory=Counter)  # (day, site) → walks started then

    def walks_between(self, first: date | None, last: date | None, site: str | None = None) -> int:
        """Walks started between the two days (both included; None: no bound), on `site` if given."""
        return sum(n for (day, where), n in self.days.items()
                   if (first is None or day >= first) and (last is None or day <= last)
                   and (site is None or where == site))

    @property
    def median_seconds(self) -> int | None:
        return percentile(self.seconds, 50)

    @property
    def p90_seconds(self) -> int | None:
        return percentile(self.seconds, 90)


@dataclass
class SearchUsage:
    query: str
    count: int = 0
    results: int | None = None  # as last seen; None when no page could tell
    latest: tuple[date, int, int] = (date.min, -1, -1)  # when the result count was seen


@dataclass
class Week:
    week: str  # ISO week, 2026-W49
    sessions: int = 0
    views: int = 0
    searches: int = 0


@dataclass
class Usage:
    first: date | None
    last: date | None
    trees: list[TreeUsage]
    articles: dict[str, Counter[str]]  # id → site → views
    searches: list[SearchUsage]
    weeks: list[Week]
    working_days: int
    unknown: Counter[str]  # ids (or tree/node) the base no longer has → events
    invalid: int  # beacons that are not valid version 1 events
    article_titles: dict[str, str]

    @property
    def sessions(self) -> int:
        return sum(t.sessions for t in self.trees)


def percentile(values: list[int], rank: int) -> int | None:
    """Nearest-rank percentile (an actual observed duration, never an interpolation)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(rank / 100 * len(ordered)) - 1)]


def working_days(first: date | None, last: date | None) -> int:
    """Monday to Friday between the two dates, both included."""
    if first is None or last is None or last < first:
        return 0
    span = (last - first).days + 1
    full, rest = divmod(span, 7)
    count = full * 5
    for offset in range(rest):
        if (first + timedelta(days=full * 7 + offset)).weekday() < 5:
            count += 1
    return count


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


class Aggregator:
    """Consumes hits one by one; `result()` gives the figures."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.walks: dict[str, _Walk] = {}
        self.visits: dict[tuple[str, str], int] = Counter()
        self.answers: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.restarts: Counter[str] = Counter()
        self.views: dict[str, Counter[str]] = defaultdict(Counter)
        self.searches: dict[str, SearchUsage] = {}
        self.weeks: dict[str, Week] = {}
        self.unknown: Counter[str] = Counter()
        self.invalid = 0
        self.first: date | None = None
        self.last: date | None = None
        self._order = 0

    def _week(self, day: date) -> Week:
        key = iso_week(day)
        if key not in self.weeks:
            self.weeks[key] = Week(key)
        return self.weeks[key]

    def _seen(self, day: date) -> None:
        if self.first is None or day < self.first:
            self.first = day
        if self.last is None or day > self.last:
            self.last = day

    def add(self, hit: Hit) -> None:
        if hit.article is not None:
            self._seen(hit.day)
            self._view(hit.article, "agents", hit.day)
            return
        event = decode(hit.query or b"")
        if event is None:
            self.invalid += 1
            return
        self._seen(hit.day)
        self._order += 1
        if event.kind == "view":
            self._view(event.item, event.site, hit.day)
        elif event.kind == "search":
            self._search(event, hit)
        else:
            self._walk_event(event, hit.day)

    def _view(self, item: str, site: str, day: date) -> None:
        if item not in self.catalogue.articles:
            self.unknown[item] += 1
            return
        self.views[item][site] += 1
        self._week(day).views += 1

    def _search(self, event: Event, hit: Hit) -> None:
        entry = self.searches.get(event.query)
        if entry is None:
            entry = self.searches[event.query] = SearchUsage(event.query)
        entry.count += 1
        when = (hit.day, hit.seconds, self._order)
        if event.results >= 0 and when >= entry.latest:
            entry.latest, entry.results = when, event.results
        self._week(hit.day).searches += 1

    def _known_node(self, tree: str, node: str) -> bool:
        known = self.catalogue.trees.get(tree)
        if known is None or node not in known[1]:
            self.unknown[f"{tree}/{node}" if known else tree] += 1
            return False
        return True

    def _walk_event(self, event: Event, day: date) -> None:
        if event.root not in self.catalogue.trees:
            self.unknown[event.root] += 1
            return
        walk = self.walks.get(event.walk)
        if walk is None:
            walk = self.walks[event.walk] = _Walk(event.root, day, event.site)
        elif day < walk.day:
            walk.day = day
        kind = event.kind
        if kind == "restart":
            self.restarts[event.root] += 1
            return
        if kind == "copy":
            walk.copied = True
            return
        if not self._known_node(event.tree, event.node):
            return
        if kind in ("open", "step"):
            self.visits[(event.tree, event.node)] += 1
        if kind == "step" and event.answer and event.from_node:
            from_tree = event.from_tree or event.tree
            if self._known_node(from_tree, event.from_node):
                self.answers[(from_tree, event.from_node)][event.answer] += 1
        if event.seq >= walk.position[0]:
            walk.position = (event.seq, event.tree, event.node)
        if kind == "end" and (walk.end is None or event.seq >= walk.end[0]):
            walk.end = (event.seq, event.outcome, event.seconds)

    def result(self, since: date | None = None, until: date | None = None) -> Usage:
        catalogue = self.catalogue
        trees = {tid: TreeUsage(tid, title) for tid, (title, _) in catalogue.trees.items()}
        for (tree, node), count in self.visits.items():
            trees[tree].visits[node] += count
        for (tree, node), answers in self.answers.items():
            trees[tree].nodes[node] = answers
        for tid, count in self.restarts.items():
            trees[tid].restarts = count
        for walk in self.walks.values():
            usage = trees[walk.root]
            usage.sessions += 1
            usage.days[(walk.day, walk.site)] += 1
            self._week(walk.day).sessions += 1
            usage.copied += walk.copied
            if walk.end is None:
                usage.abandoned += 1
                _, tree, node = walk.position
                if node:
                    usage.exits[node if tree == walk.root else f"{tree}/{node}"] += 1
                continue
            _, outcome, seconds = walk.end
            usage.seconds.append(seconds)
            if outcome == "resolved":
                usage.resolved += 1
                limit = catalogue.resolve_within
            else:
                usage.escalated += 1
                limit = catalogue.escalate_within
            if limit is not None and seconds > limit * 60:
                usage.over_limit += 1
        first, last = since or self.first, until or self.last
        ordered = sorted(trees.values(), key=lambda t: (-t.sessions, t.id))
        searches = sorted(self.searches.values(), key=lambda s: (-s.count, s.query))
        return Usage(first, last, ordered, dict(self.views), searches,
                     [self.weeks[k] for k in sorted(self.weeks)], working_days(first, last),
                     self.unknown, self.invalid, dict(catalogue.articles))


def aggregate(hits: Iterable[Hit], catalogue: Catalogue, since: date | None = None,
              until: date | None = None) -> Usage:
    aggregator = Aggregator(catalogue)
    for hit in hits:
        aggregator.add(hit)
    return aggregator.result(since, until)

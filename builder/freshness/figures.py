"""Freshness and the PIL-05 indicator: figures at a date, the items to review, by domain or owner, by month.

PIL-05 at D = published items « à jour » (due on or after D, « à revoir
bientôt » included) / published items. Drafts and archived items are not
counted; an item is counted once per id. With nothing published the indicator
is undefined: `pil05` and `met` are None (null in JSON).
"""
from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from pathlib import Path

from builder.model import Base, Config, Item, Tree
from builder.freshness.modified import Modification
from builder.freshness.review_state import State, due_date, state_at, state_for_due

@dataclass(frozen=True)
class Figures:
    at: date
    published: int
    fresh: int  # « à jour », due-soon included
    due_soon: int
    overdue: int
    target: float

    @property
    def pil05(self) -> float | None:
        return self.fresh / self.published if self.published else None

    @property
    def met(self) -> bool | None:
        pil05 = self.pil05
        return None if pil05 is None else pil05 >= self.target

    def as_dict(self) -> dict[str, object]:
        pil05 = self.pil05
        return {"at": self.at.isoformat(), "published": self.published, "fresh": self.fresh,
                "due_soon": self.due_soon, "overdue": self.overdue,
                "pil05": None if pil05 is None else round(pil05, 4), "target": self.target, "met": self.met}


@dataclass(frozen=True)
class Line:
    """An item that calls for its owner: late, due soon, modified since its review, or citing a late item."""

    item: Item
    state: State
    due: date | None
    days_late: int | None  # at - due: positive when late, negative when not due yet; None: never reviewed
    modified: Modification | None = None
    cites_overdue: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        item = self.item
        return {"id": item.id, "title": item.title, "kind": item.kind, "domain": item.domain,
                "owner": item.owner, "path": item.path,
                "reviewed": item.reviewed.isoformat() if item.reviewed else None,
                "due": self.due.isoformat() if self.due else None, "state": self.state.value,
                "days_late": self.days_late,
                "modified": self.modified.day.isoformat() if self.modified else None,
                "cites_overdue": list(self.cites_overdue)}

    @property
    def urgency(self) -> tuple[int, int, str]:
        """Sort key: never reviewed, then latest first; then modified or citing; by id."""
        late = 10**6 if self.days_late is None else self.days_late
        rank = 0 if self.state is State.OVERDUE else 1 if self.state is State.DUE_SOON else 2
        return (rank, -late, self.item.id)


@dataclass
class Report:
    figures: Figures
    lines: list[Line]
    groups: dict[str, Figures] = field(default_factory=dict)  # by domain or owner, when asked
    by: str | None = None


DueOf = Callable[[Item], "date | None"]


def counted(items: Iterable[Item]) -> list[Item]:
    """Published items, each id once (the first by path, as the base does)."""
    seen: set[str] = set()
    out = []
    for item in sorted(items, key=attrgetter("path")):
        if not item.published or (item.id and item.id in seen):
            continue
        seen.add(item.id)
        out.append(item)
    return out


def figures(items: Sequence[Item], config: Config, at: date, due_of: DueOf | None = None) -> Figures:
    """The figures at `at` of already `counted` items."""
    due_of = due_of or (lambda item: due_date(item, config))
    fresh = due_soon = 0
    for item in items:
        state = state_for_due(due_of(item), at, config.due_soon)
        fresh += state is not State.OVERDUE
        due_soon += state is State.DUE_SOON
    return Figures(at, len(items), fresh, due_soon, len(items) - fresh, config.pil05_target)


def group_key(item: Item, by: str) -> str:
    return (item.domain if by == "domain" else item.owner) or "—"


def grouped(items: Sequence[Item], config: Config, at: date, by: str,
            due_of: DueOf | None = None) -> dict[str, Figures]:
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(group_key(item, by), []).append(item)
    return {key: figures(groups[key], config, at, due_of) for key in sorted(groups)}


def overdue_citations(base: Base, at: date) -> dict[str, tuple[str, ...]]:
    """Published trees that cite (see, goto) an overdue item, with those items' ids."""
    out = {}
    for tree in base.trees:
        if not tree.published:
            continue
        cited = dict.fromkeys(ref.target for node in tree.nodes.values()
                              for ref in (*node.see, *([node.goto] if node.goto else [])))
        late = tuple(i for i in cited if (item := base.by_id.get(i)) is not None and item is not tree
                     and state_at(item, base.config, at) is State.OVERDUE)
        if late:
            out[tree.id] = late
    return out


def report(config: Config, items: Iterable[Item], at: date, by: str | None = None,
           modified: Mapping[str, Modification] | None = None,
           cites: Mapping[str, tuple[str, ...]] | None = None) -> Report:
    """The figures at `at`, and the items that call for a review, most urgent first."""
    counted_items = counted(items)
    modified, cites = modified or {}, cites or {}
    lines = []
    for item in counted_items:
        due = due_date(item, config)
        state = state_for_due(due, at, config.due_soon)
        line = Line(item, state, due, None if due is None else (at - due).days, modified.get(item.id),
                    cites.get(item.id, ()) if isinstance(item, Tree) else ())
        if state is not State.FRESH or line.modified or line.cites_overdue:
            lines.append(line)
    lines.sort(key=lambda line: line.urgency)
    return Report(figures(counted_items, config, at), lines,
                  grouped(counted_items, config, at, by) if by else {}, by)


def current_report(base: Base, at: date, modified: Mapping[str, Modification] | None = None,
                   by: str | None = None) -> Report:
    """The report of the working copy, with modifications since review and trees citing late items."""
    return report(base.config, base.items, at, by, modified, overdue_citations(base, at))


def report_at(base: Base, at: date, today: date, by: str | None = None) -> Report:
    """The report at any date: a past one reads git (GitError), today or later the working copy.

    « Modifié sans revue » and the trees citing late items belong to the working copy only.
    """
    if at < today:
        from builder.freshness.git_history import contents_at
        past = contents_at(base.root, [at])[at]
        return report(past.config, past.items, at, by)
    from builder.freshness.modified import modified_since_review
    return current_report(base, at, modified_since_review(base.root, base, today), by)


# -- month by month ------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    label: str  # YYYY-MM
    at: date  # the month's last day, or today for the current month


@dataclass(frozen=True)
class HistoryRow:
    period: Period
    figures: Figures
    groups: dict[str, Figures]

    def as_dicts(self, by: str | None) -> list[dict[str, object]]:
        head: dict[str, object] = {"period": self.period.label}
        if by is None:
            return [{**head, **self.figures.as_dict()}]
        return [{**head, by: key, **figs.as_dict()} for key, figs in self.groups.items()]


class PeriodError(ValueError):
    """A --history range that cannot be read; the message is French."""


def periods(spec: str, today: date) -> list[Period]:
    """`2026-01..2026-06`: each month taken at its last day; the current month at today."""
    first, sep, last = spec.partition("..")
    try:
        start, end = _month(first), _month(last)
    except ValueError:
        raise PeriodError(f"« {spec} » : écrivez deux mois AAAA-MM séparés par « .. », "
                          "par exemple 2026-01..2026-06") from None
    if not sep or start > end:
        raise PeriodError(f"« {spec} » : le premier mois doit précéder le second (2026-01..2026-06)")
    if end > (today.year, today.month):
        raise PeriodError(f"le mois {end[0]}-{end[1]:02d} n'est pas encore commencé : l'historique s'arrête "
                          f"au mois en cours ({today.year}-{today.month:02d})")
    out = []
    year, month = start
    while (year, month) <= end:
        last_day = date(year, month, calendar.monthrange(year, month)[1])
        out.append(Period(f"{year}-{month:02d}", min(last_day, today)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _month(text: str) -> tuple[int, int]:
    year, sep, month = text.strip().partition("-")
    if not sep or len(year) != 4 or len(month) != 2:
        raise ValueError(text)
    value = (int(year), int(month))
    if not 1 <= value[1] <= 12:
        raise ValueError(text)
    return value


def history(root: Path, spans: list[Period], today: date, by: str | None = None,
            progress: Callable[[int, int], None] | None = None) -> list[HistoryRow]:
    """One row per period: a period taken today reads the working copy, the others git (GitError).

    `progress(parsed, to_parse)` follows the parsing of versions not cached yet.
    """
    from builder.freshness.git_history import contents_at, working_content
    from builder.freshness.versions import VersionCache

    cache = VersionCache(root, progress=progress)
    days = [p.at for p in spans if p.at < today]
    contents = contents_at(root, days, cache) if days else {}
    if any(p.at >= today for p in spans):
        contents[today] = working_content(root, today, cache)
    dues: dict[tuple[int, int], date | None] = {}
    rows = []
    for span in spans:
        content = contents[min(span.at, today)]
        config, items = content.config, counted(content.items)

        def due_of(item: Item, config: Config = config) -> date | None:
            key = (id(item), id(config))
            if key not in dues:
                dues[key] = due_date(item, config)
            return dues[key]

        rows.append(HistoryRow(span, figures(items, config, span.at, due_of),
                               grouped(items, config, span.at, by, due_of) if by else {}))
    return rows

"""The figures of a coverage report, computed once from the matched tickets.

Coverage overall and per category; categories by volume with their cumulative
share (the Pareto); level-1 resolution of covered versus uncovered tickets (the
shift-left measure); the same per month.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .gaps import Gap
from .match import Coverage
from .tickets import Rejected, Ticket

if TYPE_CHECKING:
    from .usage_rate import UsageRate

ITEMS_PER_CATEGORY = 5


@dataclass
class Level1:
    tickets: int = 0
    known: int = 0  # tickets whose export says who resolved them
    level1: int = 0

    @property
    def rate(self) -> float | None:
        return self.level1 / self.known if self.known else None

    def add(self, level1: bool | None) -> None:
        self.tickets += 1
        if level1 is not None:
            self.known += 1
            self.level1 += level1

    def as_dict(self) -> dict[str, object]:
        rate = self.rate
        return {"tickets": self.tickets, "level1": self.level1, "rate": None if rate is None else round(rate, 3)}


@dataclass
class CategoryRow:
    category: str
    tickets: int
    covered: int
    level1: int
    items: list[str]
    cumulative: float  # share of all tickets in this category and the larger ones

    def as_dict(self) -> dict[str, object]:
        return {"category": self.category, "tickets": self.tickets, "covered": self.covered,
                "level1": self.level1, "items": self.items, "cumulative_share": round(self.cumulative, 4)}


@dataclass
class MonthRow:
    month: str  # AAAA-MM
    tickets: int = 0
    covered: int = 0
    level1: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"month": self.month, "tickets": self.tickets, "covered": self.covered, "level1": self.level1}


@dataclass
class Report:
    source: str
    period: tuple[date | None, date | None]
    tickets: int
    rejected: list[Rejected]
    covered: int
    by_how: dict[str, int]
    categories: list[CategoryRow]
    gaps: list[Gap]
    shift_left: dict[str, Level1]
    months: list[MonthRow]
    matched: list[tuple[Ticket, Coverage]] = field(repr=False, default_factory=list)
    threshold: float = 0.0
    usage_rate: list[UsageRate] | None = None  # with usage figures (kb coverage --usage, kb build)
    usage_period: tuple[date | None, date | None] = (None, None)  # the days the usage figures cover

    @property
    def share(self) -> float:
        return self.covered / self.tickets if self.tickets else 0.0

    def as_dict(self) -> dict[str, object]:
        start, end = self.period
        out: dict[str, object] = {"version": 1,
                "period": {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None},
                "tickets": self.tickets, "rejected_rows": len(self.rejected), "covered": self.covered,
                "covered_by": dict(self.by_how), "threshold": self.threshold,
                "by_category": [c.as_dict() for c in self.categories],
                "gaps": [g.as_dict() for g in self.gaps],
                "level1": {k: v.as_dict() for k, v in self.shift_left.items()},
                "months": [m.as_dict() for m in self.months],
                "rejected": [{"line": r.line, "reason": r.reason} for r in self.rejected]}
        if self.usage_rate is not None:
            out["usage_rate"] = [r.as_dict() for r in self.usage_rate]
        return out


def figures(source: str, matched: list[tuple[Ticket, Coverage]], rejected: list[Rejected], gaps: list[Gap],
            threshold: float) -> Report:
    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    items: dict[str, Counter[str]] = defaultdict(Counter)
    months: dict[str, MonthRow] = {}
    shift = {"covered": Level1(), "uncovered": Level1()}
    by_how: Counter[str] = Counter()
    dates = [t.created for t, _ in matched if t.created is not None]
    for ticket, coverage in matched:
        row = per_category[ticket.category]
        row[0] += 1
        row[1] += coverage.covered
        row[2] += bool(ticket.level1)
        shift["covered" if coverage.covered else "uncovered"].add(ticket.level1)
        if coverage.item:
            items[ticket.category][coverage.item] += 1
            by_how[coverage.how] += 1
        if ticket.created is not None:
            key = f"{ticket.created.year:04d}-{ticket.created.month:02d}"
            month = months.setdefault(key, MonthRow(key))
            month.tickets += 1
            month.covered += coverage.covered
            month.level1 += bool(ticket.level1)
    total = len(matched)
    rows, running = [], 0
    for category, (count, covered, level1) in sorted(per_category.items(), key=lambda kv: (-kv[1][0], kv[0])):
        running += count
        rows.append(CategoryRow(category, count, covered, level1,
                                [i for i, _ in items[category].most_common(ITEMS_PER_CATEGORY)],
                                running / total if total else 0.0))
    period = (min(dates).date(), max(dates).date()) if dates else (None, None)
    return Report(source, period, total, rejected, sum(by_how.values()), dict(by_how), rows, gaps, shift,
                  [months[k] for k in sorted(months)], matched, threshold)

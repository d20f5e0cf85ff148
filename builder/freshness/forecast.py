"""PIL-05 in the coming months if nothing is reviewed: month ends, and the weeks when items fall due.

A knowledge manager otherwise learns of a cliff (many items reviewed the same
day, so due the same day) only when the indicator has already dropped. The
figures of each month end are those of `figures.figures`, the one definition
of PIL-05: only the date moves, the content is today's.
"""
from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from builder.freshness.figures import Figures, counted, figures
from builder.freshness.review_state import due_date
from builder.model import Config, Item


@dataclass(frozen=True)
class MonthForecast:
    month: str  # YYYY-MM
    figures: Figures  # at the month's last day, nothing reviewed
    coming_due: int  # items whose due date falls in this month (after `start` for the first one)

    def as_dict(self) -> dict[str, object]:
        pil05 = self.figures.pil05
        return {"month": self.month, "at": self.figures.at.isoformat(),
                "pil05": None if pil05 is None else round(pil05, 4), "overdue": self.figures.overdue,
                "coming_due": self.coming_due}


@dataclass(frozen=True)
class Forecast:
    start: date
    target: float
    months: list[MonthForecast]
    weeks: list[tuple[str, int]]  # (YYYY-Www, items falling due that week), every week of the horizon

    def as_json(self) -> dict[str, object]:
        return {"version": 1, "from": self.start.isoformat(), "target": self.target,
                "months": [m.as_dict() for m in self.months],
                "weeks": [{"week": week, "coming_due": count} for week, count in self.weeks]}


def month_ends(start: date, count: int) -> list[date]:
    """The last days of `count` months, the current month first (today counts if it is one)."""
    out = []
    year, month = start.year, start.month
    for _ in range(count):
        out.append(date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_between(start: date, end: date) -> list[date]:
    """The Mondays of the ISO weeks from the one holding `start` to the one holding `end`."""
    first, last = monday(start), monday(end)
    return [first + timedelta(weeks=k) for k in range((last - first).days // 7 + 1)]


def forecast(config: Config, items: Iterable[Item], start: date, months: int) -> Forecast:
    """Month ends and weeks from `start`, if nobody reviews anything from `start` on."""
    counted_items = counted(items)
    dues = {id(item): due_date(item, config) for item in counted_items}
    ends = month_ends(start, months)
    rows, previous = [], start - timedelta(days=1)
    for end in ends:
        coming = sum(1 for due in dues.values() if due is not None and previous < due <= end)
        rows.append(MonthForecast(f"{end.year}-{end.month:02d}",
                                  figures(counted_items, config, end, lambda item: dues[id(item)]), coming))
        previous = end
    # an item « comes due » on its due date, its last day « à jour »
    per_week = Counter(week_label(due) for due in dues.values() if due is not None and start <= due <= ends[-1])
    weeks = [(week_label(day), per_week.get(week_label(day), 0)) for day in weeks_between(start, ends[-1])] \
        if ends else []
    return Forecast(start, config.pil05_target, rows, weeks)

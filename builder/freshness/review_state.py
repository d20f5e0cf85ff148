"""When an item is due for review, and its review state at a date.

Definitions (README, « Fraîcheur et PIL-05 »): the due date is `reviewed` plus the
item's interval (its `review_every`, else kb.yaml's default for its type; trees
use `tree`), months added as calendars do (2026-03-31 + 6 months = 2026-09-30).
At a date D a published item is « à jour » when its due date is on or after D,
and also « à revoir bientôt » when that due date is within `pil05.due_soon`;
otherwise it is « en retard ». Drafts and archived items have no state.
"""
from __future__ import annotations

import calendar
from functools import lru_cache
from datetime import date, timedelta
from enum import Enum

from builder.model import Config, Interval, Item


class State(Enum):
    FRESH = "a_jour"
    DUE_SOON = "a_revoir_bientot"
    OVERDUE = "en_retard"

    @property
    def label(self) -> str:
        return {"a_jour": "à jour", "a_revoir_bientot": "à revoir bientôt", "en_retard": "en retard"}[self.value]


@lru_cache(maxsize=65536)
def add_interval(day: date, interval: Interval) -> date:
    """Calendar arithmetic: months first (clamped to the month's last day), then days."""
    if interval.months:
        month_index = day.month - 1 + interval.months
        year, month = day.year + month_index // 12, month_index % 12 + 1
        day = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return day + timedelta(days=interval.days)


def due_date(item: Item, config: Config, reviewed: date | None = None) -> date | None:
    """None when the item was never reviewed or has no interval: it counts as overdue.

    `reviewed` stands for a review planned on that day (kb review --plan), in place of the item's own.
    """
    interval = config.interval_for(item)
    reviewed = reviewed or item.reviewed
    if reviewed is None or interval is None:
        return None
    return add_interval(reviewed, interval)


def state_at(item: Item, config: Config, at: date) -> State | None:
    if not item.published:
        return None
    return state_for_due(due_date(item, config), at, config.due_soon)


def state_for_due(due: date | None, at: date, due_soon: Interval) -> State:
    """The state at `at` of a published item due on `due` (None: never reviewed, so overdue)."""
    if due is None or due < at:
        return State.OVERDUE
    if due <= add_interval(at, due_soon):
        return State.DUE_SOON
    return State.FRESH

"""Due dates and review states on the calendar's edges: month ends, leap days, the due date itself."""
from __future__ import annotations

from datetime import date

import pytest

from builder.model import Article, Config, Interval, Tree
from builder.freshness.review_state import State, add_interval, due_date, state_at

D = date.fromisoformat
CONFIG = Config(review_every={"procedure": Interval(months=6), "faq": Interval(months=12),
                              "tree": Interval(months=6)}, due_soon=Interval(days=30))


@pytest.mark.parametrize("start, interval, due", [
    ("2026-03-31", Interval(months=6), "2026-09-30"),  # the example: clamped to the month's end
    ("2026-08-31", Interval(months=6), "2027-02-28"),
    ("2027-08-31", Interval(months=6), "2028-02-29"),  # leap year
    ("2024-02-29", Interval(months=12), "2025-02-28"),  # leap day, next year has none
    ("2024-02-29", Interval(months=48), "2028-02-29"),
    ("2026-01-31", Interval(months=1), "2026-02-28"),
    ("2026-01-30", Interval(months=1), "2026-02-28"),
    ("2026-02-28", Interval(months=1), "2026-03-28"),  # not the month's end again: the same day number
    ("2026-11-15", Interval(months=2), "2027-01-15"),  # over the year's end
    ("2026-12-20", Interval(days=30), "2027-01-19"),
    ("2028-02-28", Interval(days=1), "2028-02-29"),
])
def test_due_dates_add_calendar_months(start: str, interval: Interval, due: str) -> None:
    assert add_interval(D(start), interval) == D(due)


def article(reviewed: str | None, status: str = "published", every: Interval | None = None) -> Article:
    return Article("kb/reseau/x.md", id="KB-0001", type="procedure", status=status,
                   reviewed=D(reviewed) if reviewed else None, review_every=every)


def test_reviewed_exactly_on_the_due_date_is_still_fresh_and_late_the_day_after() -> None:
    item = article("2026-03-31")  # due 2026-09-30
    assert state_at(item, CONFIG, D("2026-09-30")) is State.DUE_SOON
    assert state_at(item, CONFIG, D("2026-10-01")) is State.OVERDUE


def test_due_soon_is_a_window_of_30_days_before_the_due_date() -> None:
    item = article("2026-03-31")  # due 2026-09-30
    assert state_at(item, CONFIG, D("2026-08-31")) is State.DUE_SOON  # due = at + 30 days
    assert state_at(item, CONFIG, D("2026-08-30")) is State.FRESH  # 31 days before


def test_a_due_soon_window_in_months_follows_the_calendar() -> None:
    config = Config(review_every=CONFIG.review_every, due_soon=Interval(months=1))
    item = article("2025-08-28")  # due 2026-02-28
    assert state_at(item, config, D("2026-01-31")) is State.DUE_SOON  # 31/01 + 1 month = 28/02
    assert state_at(article("2025-09-01"), config, D("2026-01-31")) is State.FRESH  # due 01/03


def test_the_item_interval_wins_over_the_type_default_and_trees_use_tree() -> None:
    assert due_date(article("2026-01-15", every=Interval(months=3)), CONFIG) == D("2026-04-15")
    tree = Tree("trees/reseau/t.yaml", id="TR-X", status="published", reviewed=D("2026-01-15"))
    assert due_date(tree, CONFIG) == D("2026-07-15")


def test_drafts_and_archived_items_have_no_state_and_never_reviewed_is_late() -> None:
    assert state_at(article("2020-01-01", status="draft"), CONFIG, D("2026-01-01")) is None
    assert state_at(article("2020-01-01", status="archived"), CONFIG, D("2026-01-01")) is None
    assert state_at(article(None), CONFIG, D("2026-01-01")) is State.OVERDUE

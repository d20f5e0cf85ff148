"""A review calendar that keeps PIL-05 at or above its target at every month end, N reviews a week at most.

Why: when most items were reviewed the same day they fall due the same day, and
the indicator drops off a cliff. Reviewing some of them early flattens it.

How (simulated week by week, from the week of `start` to the week of `until`):
each published item with a review interval is a task whose deadline is its due
date, recomputed after each planned review (a review on D makes the item due on
D + its interval, so a short interval comes back within the horizon). Each
week reviews the fewest items that still let every later deadline be met with
N reviews a week, earliest deadline week first; among the items that may be
taken, the owner with the fewest reviews this week, then overall, goes first,
so that each owner's load is spread. Items already overdue (or never reviewed)
come first, on the first day of the week. Any other review is planned on its
due date, or on the Friday of its week when the due date is later (the week's
last day when Friday is already past, never after `until`).

A plan is feasible when, followed to the letter (each item's `reviewed` set to
its `review_by`), PIL-05 as `figures.figures` computes it is at or above the
target at every month end of the horizon, and no item that is not overdue
today is reviewed after its due date or left to fall due before `until`. The
smallest feasible N is found by galloping up from a lower bound (the items due
by each week, over the weeks until then), then by bisection (feasibility grows
with N).
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from builder.freshness.figures import Figures, counted, figures
from builder.freshness.forecast import month_ends, week_label, weeks_between
from builder.freshness.review_state import due_date
from builder.model import Config, Item


@dataclass(frozen=True)
class Review:
    item: Item
    due: date | None  # the due date this review answers (None: never reviewed)
    review_by: date
    week: str  # YYYY-Www

    def as_dict(self) -> dict[str, object]:
        return {"id": self.item.id, "title": self.item.title, "owner": self.item.owner,
                "due": self.due.isoformat() if self.due else None,
                "review_by": self.review_by.isoformat(), "week": self.week}


@dataclass
class Plan:
    start: date
    until: date
    per_week: int
    target: float
    reviews: list[Review]
    months: list[Figures]  # at each month end of the horizon, if the plan is followed
    late: list[Review]  # reviews after the due date of items that were not overdue at `start`
    lapsed: list[tuple[Item, date]]  # items left to fall due before `until`, with that due date
    without_interval: list[Item]  # published items no review can make « à jour » (no interval)
    weeks: list[str] = field(default_factory=list)  # every week of the horizon, YYYY-Www

    @property
    def missed(self) -> list[Figures]:
        """Month ends where PIL-05 stays below the target even with the plan."""
        return [f for f in self.months if f.met is False]

    @property
    def feasible(self) -> bool:
        return not self.missed and not self.late and not self.lapsed

    def load(self) -> list[tuple[str, int]]:
        """Reviews per week, every week of the horizon."""
        counts = Counter(r.week for r in self.reviews)
        return [(week, counts.get(week, 0)) for week in self.weeks]

    def owner_load(self) -> dict[str, tuple[int, int]]:
        """By owner: reviews in the plan, and the most in one week."""
        totals = Counter(r.item.owner or "—" for r in self.reviews)
        weekly = Counter((r.item.owner or "—", r.week) for r in self.reviews)
        return {owner: (totals[owner], max(n for (o, _), n in weekly.items() if o == owner))
                for owner in sorted(totals)}


@dataclass
class Outcome:
    """The plan with the N asked for (or the smallest that works), and that smallest N."""

    plan: Plan
    smallest: int | None  # None: no N keeps the target (see plan.missed)
    asked: int | None


def _window(monday: date, start: date, until: date) -> tuple[date, date]:
    """The days of a week when reviews can be planned: from start (or Monday) to Friday."""
    first = max(monday, start)
    last = monday + timedelta(days=4)
    if last < first:
        last = monday + timedelta(days=6)
    return first, max(first, min(last, until))


def simulate(config: Config, items: Iterable[Item], start: date, until: date, per_week: int,
             give_up: bool = False) -> Plan:
    """Plan week by week with at most `per_week` reviews; see the module's docstring.

    `give_up`: stop at the first late review (the search for the smallest N only needs to know it fails).
    """
    published = counted(items)
    plannable = [item for item in published if config.interval_for(item) is not None]
    dues: dict[int, date | None] = {id(item): due_date(item, config) for item in plannable}
    mondays = weeks_between(start, until)
    windows = [_window(m, start, until) for m in mondays]
    index = {m: k for k, m in enumerate(mondays)}
    # tasks by the last week of an on-time review (-1: overdue at start), kept up to date as reviews are planned
    buckets: dict[int, dict[int, Task]] = {}

    def enqueue(item: Item) -> None:
        due = dues[id(item)]
        if due is None or due <= until:
            week = -1 if due is None or due < start else index[due - timedelta(days=due.weekday())]
            buckets.setdefault(week, {})[id(item)] = (week, due or date.min, item)

    for item in plannable:
        enqueue(item)
    reviews: list[Review] = []
    owner_total: Counter[str] = Counter()
    for w, (first, last) in enumerate(windows):
        chosen = _choose(buckets, w, len(windows), per_week, owner_total)
        for week, due, item in sorted(chosen, key=lambda p: (p[1], p[2].id)):
            del buckets[week][id(item)]
            known = None if due == date.min else due
            day = first if known is None or known < first else min(known, last)
            reviews.append(Review(item, known, day, week_label(mondays[w])))
            if give_up and known is not None and start <= known < day:
                return Plan(start, until, per_week, config.pil05_target, reviews, [], [reviews[-1]], [], [],
                            [week_label(m) for m in mondays])
            dues[id(item)] = due_date(item, config, day)
            owner_total[item.owner] += 1
            enqueue(item)
    late = [r for r in reviews if r.due is not None and r.due >= start and r.review_by > r.due]
    lapsed = sorted(((item, due) for item in plannable if (due := dues[id(item)]) is not None and start <= due < until),
                    key=lambda pair: (pair[1], pair[0].id))
    return Plan(start, until, per_week, config.pil05_target, reviews,
                followed(config, published, reviews, [d for d in month_ends(start, 240) if d <= until]), late, lapsed,
                [item for item in published if config.interval_for(item) is None],
                [week_label(m) for m in mondays])


Task = tuple[int, date, Item]  # (the last week of an on-time review, due date or date.min, item)


def _choose(buckets: dict[int, dict[int, Task]], w: int, weeks: int, per_week: int,
            owner_total: Counter[str]) -> list[Task]:
    """The fewest reviews in week `w` that keep every later deadline within reach of `per_week` a week.

    Deadlines up to week k need at least `must[k]` reviews now (those due by
    then, overdue ones included, minus what the weeks in between can absorb).
    Picks go week of deadline by week of deadline; each is one of the items due
    by then, from the owner with the fewest reviews this week, then overall: so
    each owner's load is spread.
    """
    must, running = [], sum(len(tasks) for week, tasks in buckets.items() if week < w)
    for k in range(w, weeks):
        running += len(buckets.get(k, ()))
        must.append(max(0, running - per_week * (k - w)))
    take = min(per_week, max(must, default=0))
    if take <= 0:
        return []
    # the first week whose deadlines alone call for `take` reviews now: later ones are not needed
    reach = next((k for k in range(w, weeks) if must[k - w] >= take), weeks - 1)
    candidates = [task for week, tasks in buckets.items() if week <= reach for task in tasks.values()]
    queues: dict[str, list[Task]] = {}
    for task in sorted(candidates, key=lambda t: (t[0], t[1], t[2].id), reverse=True):
        queues.setdefault(task[2].owner, []).append(task)  # each queue's head (its end) due first
    chosen: list[Task] = []
    this_week = Counter[str]()
    for k in range(w, reach + 1):
        while len(chosen) < min(must[k - w], take):
            heads = [q[-1] for q in queues.values() if q and q[-1][0] <= k]
            best = min(heads, key=lambda t: (this_week[t[2].owner], owner_total[t[2].owner], t[0], t[1], t[2].id))
            queues[best[2].owner].pop()
            chosen.append(best)
            this_week[best[2].owner] += 1
    return chosen


def followed(config: Config, published: list[Item], reviews: list[Review], ends: list[date]) -> list[Figures]:
    """PIL-05 at each date if every planned review is done on its `review_by`: the one PIL-05 computation."""
    by_item: dict[int, list[date]] = {}
    for review in reviews:
        by_item.setdefault(id(review.item), []).append(review.review_by)
    for days in by_item.values():
        days.sort()
    out = []
    for end in ends:
        def due_of(item: Item, end: date = end) -> date | None:
            days = by_item.get(id(item))
            done = bisect_right(days, end) if days else 0
            return due_date(item, config, days[done - 1] if done else None)
        out.append(figures(published, config, end, due_of))
    return out


def lower_bound(config: Config, items: Iterable[Item], start: date, until: date) -> int:
    """No plan does with fewer a week: the items due by week k that must be reviewed in weeks 0..k."""
    mondays = weeks_between(start, until)
    index = {m: k for k, m in enumerate(mondays)}
    per_bucket = Counter(index[due - timedelta(days=due.weekday())] for item in counted(items)
                         if (due := due_date(item, config)) is not None and start <= due < until)
    bound, running = 0, 0
    for k in range(len(mondays)):
        running += per_bucket.get(k, 0)
        bound = max(bound, -(-running // (k + 1)))
    return bound


def smallest_per_week(config: Config, items: list[Item], start: date, until: date,
                      hint: int | None = None) -> tuple[int | None, Plan]:
    """The smallest N with a feasible plan (and that plan); None and the plan with the most N when none is.

    Galloping up from `lower_bound` (often feasible already), then bisecting: a few simulations, not N.
    `hint`: the answer of a previous run (an edit rarely changes it); two simulations prove it again,
    else the search runs as without it.
    """
    most = len(counted(items))
    low = min(lower_bound(config, items, start, until), most)
    if hint is not None and low <= hint <= most:
        at_hint = simulate(config, items, start, until, hint, give_up=True)
        if at_hint.feasible and (hint == low or not simulate(config, items, start, until, hint - 1,
                                                             give_up=True).feasible):
            return hint, at_hint
    high, best = low, simulate(config, items, start, until, low, give_up=True)
    while not best.feasible:
        if high == most:
            return None, simulate(config, items, start, until, most)  # whole, to show what fails
        low, high = high + 1, min(most, max(high + 1, high * 5 // 4))
        best = simulate(config, items, start, until, high, give_up=True)
    while low < high:
        middle = (low + high) // 2
        plan = simulate(config, items, start, until, middle, give_up=True)
        if plan.feasible:
            high, best = middle, plan
        else:
            low = middle + 1
    return high, best  # a feasible plan was never given up on: it is whole


def review_plan(config: Config, items: Iterable[Item], start: date, until: date,
                per_week: int | None = None, hint: int | None = None) -> Outcome:
    """The plan with `per_week` reviews a week at most, or with the smallest N that works (`hint`: see
    smallest_per_week)."""
    items = list(items)
    smallest, plan = smallest_per_week(config, items, start, until, hint)
    if per_week is not None:
        plan = simulate(config, items, start, until, per_week)
    return Outcome(plan, smallest, per_week)

"""The smallest weekly review count found last time for a horizon, kept under .kb/ to start the next
search from.

Only a hint: `plan.smallest_per_week` proves it again (it is feasible, one less is not) before
using it, so a stale or edited file costs a full search, never a wrong plan.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from builder.content.atomic import write_text
from builder.freshness.plan import Outcome, review_plan
from builder.model import Config, Item

HINT_FILE = Path(".kb") / "cache" / "plan.json"
KEPT = 8  # horizons remembered (the dashboard's, kb review --plan's…)


def _hints(root: Path) -> dict[str, object]:
    try:
        data = json.loads((root / HINT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_hint(root: Path, start: date, until: date) -> int | None:
    value = _hints(root).get(f"{start.isoformat()}/{until.isoformat()}")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def write_hint(root: Path, start: date, until: date, smallest: int | None) -> None:
    hints = _hints(root)
    key = f"{start.isoformat()}/{until.isoformat()}"
    if smallest is None or hints.get(key) == smallest:
        return
    hints.pop(key, None)
    hints[key] = smallest
    kept = dict(list(hints.items())[-KEPT:])
    try:
        write_text(root / HINT_FILE, json.dumps(kept))
    except OSError:
        pass  # a read-only checkout still gets its plan


def remembered_plan(root: Path, config: Config, items: Iterable[Item], start: date, until: date,
                    per_week: int | None = None) -> Outcome:
    """review_plan, starting from the smallest N found last time for this horizon, and remembering it."""
    outcome = review_plan(config, items, start, until, per_week, hint=read_hint(root, start, until))
    write_hint(root, start, until, outcome.smallest)
    return outcome

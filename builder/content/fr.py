"""How dates, shares and durations are written for French readers (reports, digests, dashboard)."""
from __future__ import annotations

from datetime import date


def french_date(day: date | None, missing: str = "—") -> str:
    """27/03/2026; `missing` when there is none."""
    return day.strftime("%d/%m/%Y") if day else missing


def percent(value: float | None) -> str:
    """0.935 → « 93,5 % », 1.0 → « 100 % »; « — » when undefined."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}".removesuffix(".0").replace(".", ",") + " %"


def days(count: int) -> str:
    return f"{count} jour{'s' if count > 1 else ''}"

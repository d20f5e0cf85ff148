"""The service agreement's priority matrix: impact × urgency, VIP callers first."""
from __future__ import annotations

from builder.model import IMPACT_LABELS, URGENCY_LABELS

VIP_PRIORITY = "P0"
# urgency -> impact -> priority
MATRIX: dict[str, dict[str, str]] = {
    "severe": {"critique": "P0", "majeur": "P1", "modere": "P2"},
    "elevee": {"critique": "P1", "majeur": "P2", "modere": "P3"},
    "moyenne": {"critique": "P2", "majeur": "P3", "modere": "P3"},
}


def priority(impact: str | None, urgency: str | None, vip: bool = False) -> str | None:
    if vip:
        return VIP_PRIORITY
    if impact is None or urgency is None:
        return None
    return MATRIX.get(urgency, {}).get(impact)


def explain(impact: str | None, urgency: str | None, vip: bool = False) -> str:
    """« P3 (impact modéré, urgence moyenne) », as the diagnostic prints it."""
    level = priority(impact, urgency, vip)
    if vip:
        return f"{level} (appelant VIP)"
    if level is None:
        return "non déterminée (impact ou urgence manquant)"
    return f"{level} (impact {IMPACT_LABELS[impact or '']}, urgence {URGENCY_LABELS[urgency or '']})"

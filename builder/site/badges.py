"""Small HTML pieces shared by pages and the player: freshness badges, labels."""
from __future__ import annotations

from datetime import date
from html import escape

from builder.content.fr import french_date
from builder.model import Config, Item
from builder.freshness.review_state import State, due_date, state_at


def freshness(item: Item, config: Config, today: date) -> tuple[str, str, str]:
    """(state key, French label, explanation) of an item at build time."""
    state = state_at(item, config, today)
    due = due_date(item, config)
    due_text = french_date(due, "jamais revu")
    if state is None:
        return "hors-publication", "non publié", f"statut {item.status}"
    explain = {State.FRESH: f"prochaine revue avant le {due_text}",
               State.DUE_SOON: f"à revoir avant le {due_text}",
               State.OVERDUE: f"revue attendue depuis le {due_text}" if due else "jamais revu"}[state]
    return state.value, state.label, explain


def freshness_badge(item: Item, config: Config, today: date) -> str:
    key, label, explain = freshness(item, config, today)
    return (f'<span class="kb-badge kb-badge--{key}" title="{escape(explain)}">'
            f'<span class="kb-visually-hidden">Fraîcheur : </span>{escape(label)}</span>')

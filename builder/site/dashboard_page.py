"""The « Tableau de bord » page: review state of the base at build time."""
from __future__ import annotations

from collections import Counter
from datetime import date
from html import escape

from .. import urls
from ..model import Base
from ..review_state import State, due_date, state_at
from .links import relative_url

HERE = "tableau-de-bord.md"


def dashboard(base: Base, today: date) -> str:
    config = base.config
    published = [i for i in base.items if i.published and i.id]
    states = {i.id: state_at(i, config, today) for i in published}
    counts = Counter(states.values())
    fresh = counts[State.FRESH] + counts[State.DUE_SOON]
    share = fresh / len(published) if published else 1.0
    lines = ["# Tableau de bord", "",
             f"Au {today.strftime('%d/%m/%Y')} : {len(published)} éléments publiés, {fresh} à jour "
             f"(dont {counts[State.DUE_SOON]} à revoir bientôt), {counts[State.OVERDUE]} en retard.", "",
             f"**PIL-05 : {share:.1%}** (cible {config.pil05_target:.0%}).".replace(".", ",", 1), ""]
    late = sorted((i for i in published if states[i.id] in (State.OVERDUE, State.DUE_SOON)),
                  key=lambda i: (due_date(i, config) or date.min))
    if late:
        lines += ["## À revoir", "", "| élément | responsable | échéance | état |", "|---|---|---|---|"]
        for item in late:
            due = due_date(item, config)
            state = states[item.id]
            lines.append(f'| <a href="{relative_url(HERE, urls.page_path(item))}">{escape(item.title)}</a> '
                         f"| {escape(item.owner)} | {due.strftime('%d/%m/%Y') if due else 'jamais revu'} "
                         f"| {state.label if state else ''} |")
        lines.append("")
    return "\n".join(lines)

"""The usage rate the contract asks for: per ticket category, trees walked against level-1 tickets.

For each category a tree declares (its `categories:`, or the `category:` of one of
its escalate or resolved nodes): the tickets of the export resolved at level 1 in
that category, the walks of those trees on the agents' site over the export's
period, and the rate walks / tickets. A walk is not tied to a ticket: a tree that
declares two categories counts its walks for both, and a rate above 100 % means
more walks than level-1 tickets (walks without a ticket, a walk started again,
tickets filed under another category). Walks of the users' portal are left out:
they are self-service, not level 1.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ._kb import Base, Usage
from .catalog import category_key, tree_categories
from .report import CategoryRow

AGENTS = "agents"  # the site the beacon names for the agents' site (builder/usage/events.py)


@dataclass(frozen=True)
class UsageRate:
    category: str
    level1_tickets: int
    walks: int
    trees: tuple[str, ...] = ()  # the trees that declare the category

    @property
    def rate(self) -> float | None:
        return self.walks / self.level1_tickets if self.level1_tickets else None

    @property
    def shown(self) -> str:
        """The rate as a reader sees it: capped at « > 100 % », « – » without level-1 tickets."""
        rate = self.rate
        if rate is None:
            return "–"
        return "> 100 %" if rate > 1 else f"{100 * rate:.1f} %".replace(".", ",")

    def as_dict(self) -> dict[str, object]:
        rate = self.rate
        return {"category": self.category, "level1_tickets": self.level1_tickets, "walks": self.walks,
                "rate": None if rate is None else round(rate, 3)}


def usage_rates(base: Base, categories: list[CategoryRow], usage: Usage,
                period: tuple[date | None, date | None]) -> list[UsageRate]:
    """One row per category some tree declares and that has level-1 tickets or walks; most tickets first."""
    first, last = period
    walks = {t.id: t.walks_between(first, last, AGENTS) for t in usage.trees}
    declared: dict[str, tuple[str, list[str]]] = {}  # category key → (name as declared, tree ids)
    for tree in base.trees:
        if not tree.id:
            continue
        for category in tree_categories(tree):
            declared.setdefault(category_key(category), (category, []))[1].append(tree.id)
    level1: dict[str, int] = {}
    names: dict[str, str] = {}
    for row in categories:
        key = category_key(row.category)
        level1[key] = level1.get(key, 0) + row.level1
        names.setdefault(key, row.category)
    rows = []
    for key, (name, trees) in declared.items():
        rate = UsageRate(names.get(key, name), level1.get(key, 0), sum(walks.get(t, 0) for t in trees), tuple(trees))
        if rate.level1_tickets or rate.walks:
            rows.append(rate)
    return sorted(rows, key=lambda r: (-r.level1_tickets, -r.walks, r.category))


OVER = ("« > 100 % » : plus de parcours que de tickets résolus au niveau 1 (parcours sans ticket, parcours "
        "recommencés, tickets classés dans une autre catégorie).")
NONE = "Aucune catégorie déclarée par un arbre n'a de ticket résolu au niveau 1 ni de parcours."


def any_over(rates: list[UsageRate]) -> bool:
    """Whether a rate is shown « > 100 % » (then OVER says why)."""
    return any((r.rate or 0) > 1 for r in rates)


def period_note(tickets: tuple[date | None, date | None], logs: tuple[date | None, date | None]) -> str:
    """Which days the rate counts, in French: the tickets' period, and the logs' when they cover less of it."""
    first, last = tickets
    start, end = logs
    if start is None or end is None:
        return "Aucun parcours d'arbre dans les journaux d'utilisation."
    logs_text = f"journaux du {start:%d/%m/%Y} au {end:%d/%m/%Y}"
    if first is None or last is None:
        return f"Parcours comptés sur toute la période des journaux ({logs_text})."
    note = f"Parcours comptés du {first:%d/%m/%Y} au {last:%d/%m/%Y}, la période des tickets ({logs_text})"
    if start > first or end < last:
        note += " : les journaux ne couvrent pas toute la période des tickets, le taux est sous-estimé"
    return note + "."

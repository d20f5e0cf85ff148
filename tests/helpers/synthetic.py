"""Synthetic bases with known due dates, and PIL-05 counted by hand, for the forecast and the review plan.

The hand count is written here again on purpose (months added with the
calendar, an item « à jour » on its due date): the tests compare the product's
one PIL-05 computation with it, not with itself.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

KB_YAML = """\
title: Base de test
site_url: https://connaissance.example/
domains:
  reseau: Réseau
review_every:
  procedure: 6 months
  faq: 12 months
  incident: 3 months
  tutorial: 12 months
  reference: 12 months
  tree: 6 months
pil05:
  target: {target}
  due_soon: 30 days
"""
MONTHS = {"procedure": 6, "faq": 12, "incident": 3}


@dataclass(frozen=True)
class Spec:
    id: str
    type: str  # procedure (6 months), faq (12), incident (3)
    reviewed: date | None
    owner: str = "equipe-reseau"
    title: str = ""


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_ends(start: date, until: date) -> list[date]:
    out, day = [], start
    while True:
        end = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        if end > until:
            return out
        out.append(end)
        day = end + timedelta(days=1)


def write_base(root: Path, specs: Iterable[Spec], target: float = 0.95) -> Path:
    (root / "kb" / "reseau").mkdir(parents=True, exist_ok=True)
    (root / "kb.yaml").write_text(KB_YAML.format(target=target), encoding="utf-8")
    for spec in specs:
        title = spec.title or f"Article {spec.id}"
        reviewed = f"reviewed: {spec.reviewed.isoformat()}\n" if spec.reviewed else ""
        (root / "kb" / "reseau" / f"{spec.id.lower()}.md").write_text(
            f"---\nid: {spec.id}\ntitle: \"{title}\"\ntype: {spec.type}\naudience: [agent]\ndomain: reseau\n"
            f"owner: {spec.owner}\n{reviewed}status: published\n---\n\n# {title}\n\nRedémarrer le poste.\n",
            encoding="utf-8")
    return root


def pil05_by_hand(specs: Iterable[Spec], at: date, reviews: Mapping[str, list[date]] | None = None) -> float:
    """PIL-05 at `at`, each item taken at its latest planned review on or before `at` (else its own date)."""
    specs = list(specs)
    fresh = 0
    for spec in specs:
        done = [day for day in (reviews or {}).get(spec.id, []) if day <= at]
        reviewed = max(done) if done else spec.reviewed
        fresh += reviewed is not None and add_months(reviewed, MONTHS[spec.type]) >= at
    return fresh / len(specs)


def cliff(today: date, count: int = 40) -> list[Spec]:
    """`count` procedures all reviewed the same day (due together in about three months), a few others spread."""
    day = add_months(today, -3) + timedelta(days=10)
    specs = [Spec(f"KB-{n:04d}", "procedure", day, owner=("equipe-reseau", "equipe-comptes", "proximite")[n % 3])
             for n in range(1, count + 1)]
    specs += [Spec(f"KB-{n:04d}", "faq", today - timedelta(days=7 * (n - count)), owner="equipe-comptes")
              for n in range(count + 1, count + 11)]
    return specs


def even(today: date, count: int = 52) -> list[Spec]:
    """FAQs reviewed one a week over the last year: one falls due each week."""
    return [Spec(f"KB-{n:04d}", "faq", add_months(today, -12) + timedelta(days=7 * n + 3),
                 owner=("equipe-reseau", "equipe-comptes")[n % 2]) for n in range(count)]

#!/usr/bin/env python3
"""Banc d'essai de `kb freshness --forecast` et `kb review --plan` sur une grande base synthétique.

    .venv/bin/python bench/bench_plan.py [--items 5000] [--cliff 0.7] [--repeat 3]

Construit en mémoire (sans fichiers : on mesure le calcul, pas le chargement) une base de
N éléments dont une part (`--cliff`) a été revue le même jour (la falaise), le reste
étalé sur l'intervalle de chacun (rien n'est en retard au départ) ; types et intervalles comme la bibliothèque livrée (procédures
6 mois, FAQ 12 mois, incidents 3 mois, arbres 6 mois). Mesure dans la même exécution,
minimum des répétitions :
- le plancher : PIL-05 (`figures.figures`) aux 12 fins de mois, soit 12 calculs de l'indicateur ;
- la prévision (`kb freshness --forecast 12`) ;
- une simulation du plan avec le plus petit N ;
- la recherche du plus petit N (dichotomie : une simulation par essai) ;
et affiche chaque durée et son rapport au plancher.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from builder.freshness.figures import counted, figures  # noqa: E402
from builder.freshness.forecast import forecast, month_ends  # noqa: E402
from builder.freshness.plan import review_plan, simulate  # noqa: E402
from builder.model import Article, Config, Interval, Tree  # noqa: E402

START = date(2026, 12, 2)


def base(count: int, cliff: float) -> tuple[Config, list]:
    rng = random.Random(1)
    config = Config(review_every={"procedure": Interval(months=6), "faq": Interval(months=12),
                                  "incident": Interval(months=3), "tree": Interval(months=6)})
    owners = [f"equipe-{k:02d}" for k in range(25)]
    months = {"procedure": 6, "faq": 12, "incident": 3}
    items = []
    for n in range(count):
        kind = "tree" if n % 5 == 4 else rng.choice(["procedure", "procedure", "faq", "incident"])
        spread = 30 * months.get(kind, 6) - 10  # reviewed within its interval: not overdue today
        reviewed = date(2026, 11, 29) if rng.random() < cliff else START - timedelta(days=rng.randrange(0, spread))
        owner = rng.choice(owners)
        if kind == "tree":
            items.append(Tree(path=f"trees/t{n}.yaml", id=f"TR-{n:05d}", title=f"Arbre {n}", owner=owner,
                              reviewed=reviewed, status="published"))
        else:
            items.append(Article(path=f"kb/a{n}.md", id=f"KB-{n:05d}", title=f"Article {n}", owner=owner,
                                 reviewed=reviewed, status="published", type=kind))
    return config, items


def best_of(repeat: int, action) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--cliff", type=float, default=0.7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    config, items = base(args.items, args.cliff)
    ends = month_ends(START, 12)
    until = ends[-1]
    published = counted(items)
    floor = best_of(args.repeat, lambda: [figures(published, config, end) for end in ends])
    ahead = best_of(args.repeat, lambda: forecast(config, items, START, 12))
    outcome = review_plan(config, items, START, until)
    smallest = outcome.smallest or len(items)
    one = best_of(args.repeat, lambda: simulate(config, items, START, until, smallest))
    search = best_of(max(1, args.repeat // 3), lambda: review_plan(config, items, START, until))
    print(f"{args.items} éléments, {args.cliff:.0%} revus le même jour ; plan du {START} au {until} : "
          f"plus petit N = {outcome.smallest}, {len(outcome.plan.reviews)} revues")
    print(f"{'mesure':<44} {'durée':>9} {'× plancher':>11}")
    for label, value in (("plancher : PIL-05 aux 12 fins de mois", floor),
                         ("prévision (--forecast 12)", ahead),
                         (f"une simulation du plan (N = {smallest})", one),
                         ("plan complet (recherche du plus petit N)", search)):
        print(f"{label:<44} {value:>8.3f}s {value / floor:>10.1f}")


if __name__ == "__main__":
    main()

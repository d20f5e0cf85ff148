"""The base as `kb usage` sees it: the ids beacons are checked against, and the time limits.

The only module of the package that reads the model, so that the log reading and
the aggregation stay independent of how the base is loaded.
"""
from __future__ import annotations

from ..model import Base
from .aggregate import Catalogue


def catalogue_of(base: Base) -> Catalogue:
    trees = {t.id: (t.title, frozenset(t.nodes)) for t in base.trees if t.id}
    articles = {a.id: a.title for a in base.articles if a.id}
    return Catalogue(trees, articles, base.config.escalate_within, base.config.resolve_within)

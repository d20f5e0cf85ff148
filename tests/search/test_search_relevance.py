"""Relevance on the shipped library: agents' queries find the right item in the top 3.

The queries (tests/search/search_queries.yaml) are typed the way agents type them:
typos, no accents, jargon, elisions, singular for plural. The mean reciprocal
rank (1 for a first place, 1/2 for a second…, 0 beyond the tenth) must reach 0.8.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from builder.content.snapshot import read_snapshot
from builder.search.api import Hit
from builder.search.index import updated_index
from helpers import PROJECT

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped library (kb.yaml, kb/, trees/), so that its index is written aside."""
    root = tmp_path_factory.mktemp("library")
    shutil.copy(PROJECT / "kb.yaml", root / "kb.yaml")
    for folder in ("kb", "trees"):
        shutil.copytree(PROJECT / folder, root / folder)
    return root


def rank(hits: list[Hit], expected: list[str]) -> int | None:
    return next((number for number, hit in enumerate(hits, 1) if hit.id in expected), None)


def test_queries_are_many_and_varied() -> None:
    assert len(QUERIES) >= 40
    assert len({q["query"] for q in QUERIES}) == len(QUERIES)


def test_mean_reciprocal_rank_is_at_least_0_8(library: Path) -> None:
    index, _ = updated_index(read_snapshot(library))
    ranks = []
    misses = []
    for case in QUERIES:
        expected = case["expect"] if isinstance(case["expect"], list) else [case["expect"]]
        found = rank(index.search(case["query"], limit=10), expected)
        ranks.append(found)
        if found is None or found > 3:
            misses.append(f"{case['query']!r}: rang {found}, attendu {expected}")
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    top3 = sum(1 for r in ranks if r and r <= 3)
    print(f"\nMRR = {mrr:.3f} sur {len(ranks)} requêtes ; {top3} dans les 3 premiers ; hors des 3 premiers : {misses}")
    assert mrr >= 0.8
    assert top3 >= 0.9 * len(ranks), misses

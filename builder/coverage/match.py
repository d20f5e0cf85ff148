"""Which published item covers a ticket, how, and how surely.

First by category: a ticket whose category an item declares is covered by it
(score 1). Otherwise by search: the search index proposes candidates for the
ticket's summary, and each is given a confidence, the share of the ticket's
words (weighted by their rarity in the export) that the item holds — in its
title, questions, symptoms or tags fully, in its body partly. The best
candidate covers the ticket when its confidence reaches the threshold
(calibrated in docs/coverage.md). A ticket about a building-access badge shares
only « badge » with the badge-printing article: its confidence stays low.

Words no item knows are left out of the query (they cannot find anything) but
still count in the confidence; the search is then asked once per distinct set
of known words, which is what makes a large export fast.
"""
from __future__ import annotations

from dataclasses import dataclass

from ._kb import PUBLISHED, Index
from .catalog import category_key
from .knowledge import Knowledge, confidence
from .text import Analyser

THRESHOLD = 0.65  # calibrated on the labelled sample (bench/calibrate_coverage.py, docs/coverage.md)
CANDIDATES = 5
CATEGORY, SEARCH = "category", "search"


@dataclass(frozen=True, slots=True)
class Coverage:
    item: str | None  # the covering item's id, None when not covered
    how: str  # CATEGORY | SEARCH | "" (not covered)
    score: float  # 1.0 for a category; the confidence of the best candidate otherwise

    @property
    def covered(self) -> bool:
        return self.item is not None


class Matcher:
    def __init__(self, knowledge: Knowledge, index: Index, analyser: Analyser, idf: dict[str, float],
                 threshold: float = THRESHOLD) -> None:
        self.knowledge = knowledge
        self.index = index
        self.analyser = analyser
        self.idf = idf
        self.threshold = threshold
        self._candidates: dict[tuple[str, ...], list[str]] = {}
        self._by_summary: dict[str, tuple[str | None, float]] = {}
        self._by_category: dict[tuple[str, str], str | None] = {}  # (category, summary) → declaring item
        self.searches = 0

    def match(self, category: str, summary: str) -> Coverage:
        key = (category, summary)
        if key not in self._by_category:
            self._by_category[key] = self._declaring(category, summary)
        declared = self._by_category[key]
        if declared is not None:
            return Coverage(declared, CATEGORY, 1.0)
        item, score = self.best(summary)
        if item is not None and score >= self.threshold:
            return Coverage(item, SEARCH, score)
        return Coverage(None, "", score)

    def _declaring(self, category: str, summary: str) -> str | None:
        """The item declaring this category that best fits the summary, None when no item declares it."""
        declaring = self.knowledge.by_category.get(category_key(category))
        if not declaring:
            return None
        terms = [stem for stem, _ in self.analyser.terms(summary)]
        return max(declaring, key=lambda i: confidence(self.knowledge.items[i], terms, self.idf,
                                                       self.knowledge.synonyms))

    def best(self, summary: str) -> tuple[str | None, float]:
        """The candidate with the highest confidence for this summary, and that confidence."""
        found = self._by_summary.get(summary)
        if found is not None:
            return found
        terms = self.analyser.terms(summary)
        stems = [stem for stem, _ in terms]
        known = tuple(sorted({stem for stem in stems if stem in self.knowledge.vocabulary}))
        best: tuple[str | None, float] = (None, 0.0)
        if known:
            for item_id in self.candidates(known, [word for stem, word in terms if stem in known]):
                words = self.knowledge.items.get(item_id)
                if words is None:
                    continue
                score = confidence(words, stems, self.idf, self.knowledge.synonyms)
                if score > best[1]:
                    best = (item_id, round(score, 3))
        if len(self._by_summary) < 500_000:
            self._by_summary[summary] = best
        return best

    def candidates(self, known: tuple[str, ...], words: list[str]) -> list[str]:
        cached = self._candidates.get(known)
        if cached is None:
            self.searches += 1
            hits = self.index.search(" ".join(words), CANDIDATES, statuses=PUBLISHED)
            cached = [hit.id for hit in hits]
            self._candidates[known] = cached
        return cached

"""The published items as coverage sees them: their categories and their words, stemmed.

The words are those the search index holds for each item (search_docs): its
title, questions or symptoms and tags count fully (« strong »), the rest of its
text (sections, tree nodes) a little (« weak »). kb.yaml's synonyms make « bal »
and « boîte aux lettres » one word.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ._kb import Base, index_doc
from .catalog import category_key, item_categories
from .text import Analyser

WEAK = 0.2  # a word found only in an item's body counts this much (calibration: docs/coverage.md)


@dataclass(frozen=True)
class ItemWords:
    id: str
    title: str
    categories: tuple[str, ...]
    strong: frozenset[str]
    weak: frozenset[str]
    groups: dict[int, float]  # synonym group the item holds → 1.0 (strong) or WEAK


@dataclass
class Knowledge:
    items: dict[str, ItemWords] = field(default_factory=dict)
    by_category: dict[str, list[str]] = field(default_factory=dict)  # category key → item ids
    synonyms: dict[str, tuple[int, ...]] = field(default_factory=dict)  # single stem → synonym groups
    vocabulary: frozenset[str] = frozenset()


def knowledge_of(base: Base, analyser: Analyser) -> Knowledge:
    groups = [[frozenset(analyser.stems(term)) for term in group] for group in base.config.synonyms]
    synonyms: dict[str, list[int]] = {}
    for number, alternatives in enumerate(groups):
        for stems in alternatives:
            if len(stems) == 1:
                synonyms.setdefault(next(iter(stems)), []).append(number)
    declared = item_categories(base)
    out = Knowledge(synonyms={k: tuple(v) for k, v in synonyms.items()})
    vocabulary: set[str] = set(synonyms)
    for item in base.items:
        if not item.published or not item.id:
            continue
        doc = index_doc(item)
        strong = frozenset().union(*(analyser.stems(t) for t in (doc.title, *doc.phrasings, *doc.tags)))
        weak = frozenset(analyser.stems(doc.body)) - strong
        has: dict[int, float] = {}
        for number, alternatives in enumerate(groups):
            if any(a and a <= strong for a in alternatives):
                has[number] = 1.0
            elif any(a and a <= strong | weak for a in alternatives):
                has[number] = WEAK
        cats = declared.get(item.id, ())
        out.items[item.id] = ItemWords(item.id, item.title, cats, strong, weak, has)
        vocabulary |= strong | weak
        for category in cats:
            out.by_category.setdefault(category_key(category), []).append(item.id)
    out.vocabulary = frozenset(vocabulary)
    return out


def confidence(words: ItemWords, terms: list[str], idf: dict[str, float],
               synonyms: dict[str, tuple[int, ...]]) -> float:
    """Share of the ticket's words, weighted by their rarity in the export, that the item holds (0 to 1)."""
    total = found = 0.0
    for term in terms:
        weight = idf.get(term, 1.0)
        total += weight
        if term in words.strong:
            found += weight
            continue
        best = WEAK if term in words.weak else 0.0
        for group in synonyms.get(term, ()):
            best = max(best, words.groups.get(group, 0.0))
        found += weight * best
    return found / total if total else 0.0

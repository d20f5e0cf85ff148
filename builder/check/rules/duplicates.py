"""Probable duplicates: two published items of the same kind, for the same public, asked the same way.

Titles and questions (symptoms for a tree) are compared as sets of significant
words (accents, case, function words and plural s ignored); two sets whose
Jaccard similarity reaches the threshold are near-identical. Two items are
probable duplicates when their titles are, or when at least two, and at least
half, of the phrasings (title and questions) of the one that has fewer are.

To stay fast on tens of thousands of phrasings, identical word sets are grouped,
and distinct sets are only compared when one, less a word or two, is the other
less a word or two (see `similar_sets`): every pair above the threshold is
still found, without comparing all pairs. A question asked the same way by many items
(« ça ne marche plus ») says nothing about which two are duplicates: it is not
counted.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations
from typing import NamedTuple

from builder.codes import finding
from builder.content.gcpause import cycle_collector_paused
from builder.model import Article, Base, Finding, Item, Pos, Tree
from builder.search.textfr import significant_words, singular

THRESHOLD = 0.8
COMMON = 10  # a phrasing shared by more items than this is boilerplate, not evidence


class Phrasing(NamedTuple):
    item: Item
    rank: int  # the item's place by id: the lower, the older
    text: str
    pos: Pos
    is_title: bool
    words: frozenset[str]
    audience: frozenset[str]


Link = tuple[Phrasing, Phrasing]  # (older, newer)


def check(base: Base) -> list[Finding]:
    # the comparison allocates many small sets and makes no reference cycle: with the whole
    # base loaded, each automatic collection would walk millions of objects (it tripled the time)
    with cycle_collector_paused():
        return [f for kind in (Article, Tree) for f in _check(base, kind)]


def _check(base: Base, kind: type[Item]) -> list[Finding]:
    """One warning per probable duplicate among the published items of a kind, naming its oldest original."""
    items = sorted((i for i in base.items if isinstance(i, kind) and i.published and i.id),
                   key=lambda i: (_id_order(i.id), i.path))
    phrasings = _phrasings(items)
    count = Counter(p.rank for p in phrasings)
    links: dict[tuple[int, int], list[Link]] = defaultdict(list)
    for older, newer in near_identical(phrasings):
        links[(newer.rank, older.rank)].append((older, newer))
    found = []
    reported: set[int] = set()
    for (newer_rank, older_rank), pairs in sorted(links.items()):
        if newer_rank in reported or (len(pairs) == 1 and not (pairs[0][0].is_title and pairs[0][1].is_title)):
            continue  # already named with an older original, or a single question in common
        report = _judge(pairs, min(count[newer_rank], count[older_rank]))
        if report:
            found.append(report)
            reported.add(newer_rank)
    return found


def _phrasings(items: Sequence[Item]) -> list[Phrasing]:
    """The title and questions (symptoms) of each item, in the order of the items."""
    out = []
    known: dict[str, frozenset[str]] = {}  # the same question is often asked in several items
    for rank, item in enumerate(items):
        audience = frozenset(item.audience)
        texts = [(item.title, item.at("title"), True)]
        asked = item.questions if isinstance(item, Article) else item.symptoms if isinstance(item, Tree) else ()
        texts.extend((t.value, t.pos, False) for t in asked)
        for text, pos, is_title in texts:
            words = known.get(text)
            if words is None:
                words = known[text] = frozenset(singular(w) for w in significant_words(text))
            if words:
                out.append(Phrasing(item, rank, text, pos, is_title, words, audience))
    return out


def near_identical(phrasings: list[Phrasing], threshold: float = THRESHOLD) -> list[Link]:
    """(older, newer) phrasings of different items, for a common public, whose words are alike enough."""
    groups: dict[frozenset[str], list[Phrasing]] = defaultdict(list)
    for phrasing in phrasings:  # in the order of the items: each group from the oldest
        groups[phrasing.words].append(phrasing)
    links: list[Link] = []
    for group in groups.values():
        if len(group) > 1:
            _link(group, links)
    for first, second in similar_sets(list(groups), threshold):
        _link(sorted([*groups[first], *groups[second]], key=lambda p: p.rank), links)
    return links


def _link(group: list[Phrasing], links: list[Link]) -> None:
    """Pairs of a group of alike phrasings, oldest first; for a common phrasing, titles only, with the oldest."""
    if len({p.rank for p in group}) > COMMON:
        titles = [p for p in group if p.is_title]
        links.extend((titles[0], p) for p in titles[1:] if p.rank != titles[0].rank and p.audience & titles[0].audience)
        return
    for i, older in enumerate(group):
        for newer in group[i + 1:]:
            if newer.rank != older.rank and newer.audience & older.audience:
                links.append((older, newer))


def similar_sets(sets: list[frozenset[str]], threshold: float) -> list[tuple[frozenset[str], frozenset[str]]]:
    """Pairs of distinct sets with a Jaccard similarity of at least `threshold`.

    Two such sets x, y share at least t·|x ∪ y| words, so their intersection is
    x less at most ⌊(1 - t)·|x|⌋ words (none below 5 words, one below 10, at t = 0.8), and
    y less as many. Each set is filed under itself and under each of its subsets
    with that many words removed; only the sets filed under the same key are
    compared. Every pair above the threshold is found, and few others are looked at.
    """
    buckets: dict[frozenset[str], list[int]] = defaultdict(list)
    for number, words in enumerate(sets):
        ordered = sorted(words)
        for removed in range(int((1 - threshold) * len(words) + 1e-9) + 1):
            for dropped in combinations(ordered, removed):
                buckets[words.difference(dropped)].append(number)
    needed = threshold / (1 + threshold)  # |x ∩ y| ≥ needed · (|x| + |y|)  ⇔  Jaccard ≥ threshold
    compared: set[tuple[int, int]] = set()
    out = []
    for members in buckets.values():
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                pair = (first, second) if first < second else (second, first)
                if pair in compared:
                    continue
                compared.add(pair)
                x, y = sets[first], sets[second]
                if len(x & y) >= needed * (len(x) + len(y)):
                    out.append((x, y))
    return out


def _judge(pairs: list[tuple[Phrasing, Phrasing]], fewest: int) -> Finding | None:
    """Duplicates when the titles match, or enough of the phrasings of the item that has fewer."""
    titles = [(o, n) for o, n in pairs if o.is_title and n.is_title]
    if titles:
        older, newer = titles[0]
        return finding("DU001", newer.item.path, newer.pos,
                       f"doublon probable : le titre de {newer.item.id} « {newer.text} » est presque identique "
                       f"à celui de {older.item.id} « {older.text} » ({older.item.path})", _hint(older, newer))
    matched = len({n.text for _, n in pairs})
    if matched < max(2, math.ceil(fewest / 2)):
        return None
    older, newer = min(pairs, key=lambda pair: (pair[1].pos.line, pair[1].pos.col))
    asked = "questions" if isinstance(newer.item, Article) else "symptômes"
    example = f"« {newer.text} »" + ("" if newer.text == older.text else f" et « {older.text} »")
    return finding("DU001", newer.item.path, newer.pos,
                   f"doublon probable : {matched} formulations de {newer.item.id} (titre et {asked}) se retrouvent "
                   f"presque à l'identique dans {older.item.id} ({older.item.path}), dont {example}",
                   _hint(older, newer))


def _hint(older: Phrasing, newer: Phrasing) -> str:
    return f"fusionnez {newer.item.id} dans {older.item.id}, ou reformulez pour les distinguer"


def _id_order(item_id: str) -> tuple[str, int]:
    """KB-0009 before KB-0010, TR-X-2 before TR-X-10."""
    head, _, tail = item_id.rpartition("-")
    return (head, int(tail)) if tail.isdigit() else (item_id, 0)

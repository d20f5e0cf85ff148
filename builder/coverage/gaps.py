"""Uncovered tickets grouped into recurring problems, the largest first.

Summaries are compared by their French stems (the search analyser), each word
weighted by its rarity in the export. Distinct sets of stems are taken from the
most frequent down; each joins the group whose core words hold most of its own
(weighted share ≥ JOIN), or starts a group. A group's core is its first
summary's words and any word in at least a quarter of its tickets. Two stems
one of which begins the other (« sign », « signatur ») count as one word.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .text import Analyser

JOIN = 0.5
MERGE = 0.6  # share of a group's core words another group's core must hold to absorb it
MERGE_CORE = 0.5  # a group's core, for merging: the words of at least half its tickets
CORE_SHARE = 0.25
MIN_TICKETS = 3  # fewer is a one-off, not a recurring problem
PREFIX = 4
EXAMPLES = 3
TERMS = 5
CATEGORIES = 3


@dataclass(frozen=True)
class Gap:
    label: str
    tickets: int
    categories: tuple[str, ...]
    terms: tuple[str, ...]
    examples: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"label": self.label, "tickets": self.tickets, "categories": list(self.categories),
                "terms": list(self.terms), "examples": list(self.examples)}


@dataclass
class _Group:
    leader: frozenset[str]
    size: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    by_prefix: dict[str, set[str]] = field(default_factory=dict)
    summaries: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)

    def add(self, stems: Iterable[str], count: int) -> None:
        self.size += count
        for stem in stems:
            self.counts[stem] += count
            self.by_prefix.setdefault(stem[:PREFIX], set()).add(stem)

    def holds(self, stem: str) -> bool:
        for other in self.by_prefix.get(stem[:PREFIX], ()):
            if other == stem or (len(stem) >= PREFIX and len(other) >= PREFIX
                                 and (other.startswith(stem) or stem.startswith(other))):
                if other in self.leader or self.counts[other] >= CORE_SHARE * self.size:
                    return True
        return False


def find_gaps(uncovered: Iterable[tuple[str, str]], analyser: Analyser, idf: dict[str, float],
              top: int = 10) -> list[Gap]:
    """(category, summary) of the uncovered tickets → the `top` largest recurring problems."""
    keys: dict[frozenset[str], tuple[Counter[str], Counter[str]]] = {}
    words: dict[str, Counter[str]] = {}
    for category, summary in uncovered:
        terms = analyser.terms(summary)
        if not terms:
            continue
        key = frozenset(stem for stem, _ in terms)
        summaries, categories = keys.setdefault(key, (Counter(), Counter()))
        summaries[summary] += 1
        categories[category] += 1
    groups: list[_Group] = []
    by_term: dict[str, list[int]] = {}
    order = sorted(keys.items(), key=lambda kv: (-sum(kv[1][0].values()), sorted(kv[0])))
    for key, (summaries, categories) in order:
        count = sum(summaries.values())
        weights = {stem: idf.get(stem, 1.0) for stem in key}
        total = sum(weights.values())
        anchors = sorted(key, key=lambda s: (-weights[s], s))[:2]
        best, best_share = None, 0.0
        seen: set[int] = set()
        for anchor in anchors:
            for number in by_term.get(anchor[:PREFIX], ()):
                if number in seen:
                    continue
                seen.add(number)
                group = groups[number]
                share = sum(w for stem, w in weights.items() if group.holds(stem)) / total
                if share > best_share:
                    best, best_share = number, share
        if best is None or best_share < JOIN:
            best = len(groups)
            groups.append(_Group(key))
            for stem in key:
                by_term.setdefault(stem[:PREFIX], []).append(best)
        group = groups[best]
        group.add(key, count)
        group.summaries.update(summaries)
        group.categories.update(categories)
        for summary in summaries:
            for stem, word in analyser.terms(summary):
                words.setdefault(stem, Counter())[word] += summaries[summary]
    groups = _merged(groups, idf)
    ranked = sorted((g for g in groups if g.size >= MIN_TICKETS),
                    key=lambda g: (-g.size, g.summaries.most_common(1)[0][0]))
    return [_gap(g, words, idf) for g in ranked[:top]]


def _core(group: _Group) -> set[str]:
    return {stem for stem, count in group.counts.items() if count >= MERGE_CORE * group.size}


def _merged(groups: list[_Group], idf: dict[str, float]) -> list[_Group]:
    """Groups whose core words mostly lie in another's core become one (« Chorus Pro : facture rejetée »
    and « Erreur de dépôt d'une facture dans Chorus Pro »), the larger absorbing the smaller."""
    order = sorted(range(len(groups)), key=lambda n: -groups[n].size)
    cores = {n: _core(groups[n]) for n in order}
    owner: dict[str, list[int]] = {}
    kept: list[int] = []
    for number in order:
        core = cores[number]
        if not core or groups[number].size < 2:
            kept.append(number)
            continue
        target = None
        for other in dict.fromkeys(o for stem in core for o in owner.get(stem, ())):
            if _contained(core, cores[other], idf) >= MERGE or _contained(cores[other], core, idf) >= MERGE:
                target = other
                break
        if target is None:
            kept.append(number)
            for stem in core:
                owner.setdefault(stem, []).append(number)
            continue
        big, small = groups[target], groups[number]
        big.size += small.size
        big.counts.update(small.counts)
        big.summaries.update(small.summaries)
        big.categories.update(small.categories)
        for stem in small.counts:
            big.by_prefix.setdefault(stem[:PREFIX], set()).add(stem)
    return [groups[n] for n in kept]


def _contained(core: set[str], other: set[str], idf: dict[str, float]) -> float:
    total = sum(idf.get(s, 1.0) for s in core)
    return sum(idf.get(s, 1.0) for s in core if s in other) / total if total else 0.0


def _gap(group: _Group, words: dict[str, Counter[str]], idf: dict[str, float]) -> Gap:
    ordered = sorted(group.summaries.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))
    label = ordered[0][0]
    examples = [s for s, _ in ordered[1:EXAMPLES + 1]] or [label]
    if len(examples) < EXAMPLES and label not in examples:
        examples = [label, *examples][:EXAMPLES]
    stems = sorted(group.counts, key=lambda s: (-group.counts[s] * idf.get(s, 1.0), s))[:TERMS]
    terms = [words[s].most_common(1)[0][0] if s in words else s for s in stems]
    categories = [c for c, _ in group.categories.most_common(CATEGORIES)]
    return Gap(label, group.size, tuple(categories), tuple(terms), tuple(examples))

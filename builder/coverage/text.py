"""Ticket summaries read as the search reads them: French stems, function words dropped.

The analyser is the search index's own (same stop words, same stemmer), so
that a ticket and an item agree on what a word is. Summaries repeat a lot in
an export: each distinct one is analysed once.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from ._kb import french_analyser, prenormalise

# words of politeness and context that tickets add to any problem: they say nothing about which one
FILLER = """bonjour merci cordialement svp stp urgent urgence urgente rappeler rappel rappelez depuis matin soir hier
aujourd'hui fois deuxième troisième encore toujours souci aide besoin nouveau nouvelle appel
monsieur madame mademoiselle mme mlle après avant lors sans sous chez vers entre très trop tout tous toute toutes
rien aucun aucune bien déjà jamais plusieurs quelques certains certaines""".split()
MASKS = ("[nom]", "[e-mail]", "[téléphone]")

Terms = tuple[tuple[str, str], ...]  # (stem, word as written), each stem once, in order


class Analyser:
    def __init__(self) -> None:
        self._analyser = french_analyser()
        self._cache: dict[str, Terms] = {}
        self.filler = frozenset(t.text for word in FILLER
                                for t in self._analyser.pre_tokenize(prenormalise(word)).tokens)

    def terms(self, text: str) -> Terms:
        found = self._cache.get(text)
        if found is None:
            seen: dict[str, str] = {}
            clean = text
            for mask in MASKS:
                if mask in clean:
                    clean = clean.replace(mask, " " * len(mask))
            for token in self._analyser.pre_tokenize(prenormalise(clean)).tokens:
                stem = token.text
                if len(stem) > 1 and not stem.isdigit() and stem not in seen and stem not in self.filler:
                    seen[stem] = text[token.char_offset_from:token.char_offset_to].lower()
            found = tuple(seen.items())
            if len(self._cache) < 500_000:
                self._cache[text] = found
        return found

    def stems(self, text: str) -> set[str]:
        return {stem for stem, _ in self.terms(text)}


def idf_of(term_sets: Iterable[Iterable[str]]) -> dict[str, float]:
    """Inverse document frequency over the tickets: « impossible », « erreur » weigh little."""
    counts: Counter[str] = Counter()
    total = 0
    for terms in term_sets:
        counts.update(terms)
        total += 1
    return {term: math.log(1 + total / count) for term, count in counts.items()}

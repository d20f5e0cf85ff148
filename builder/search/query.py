"""What a user typed, read leniently into concepts to look for; engine-neutral.

Any text is a valid query: quotes, colons, parentheses, a lone « - » are read as
ordinary characters. Three things have a meaning:
- « "écran noir" » (or « écran noir ») asks for these words together, required;
- « -imprimante » (a word preceded by a minus sign, after a space) excludes it;
- an id (« KB-0042 », « TR-RESEAU-01 ») puts that item first.

Every other word is a concept. A run of words that is one of kb.yaml's
synonyms (« mot de passe ») becomes one concept whose alternatives are all the
group's terms (« mdp »), matched as words or phrases after the same French
analysis as the index, so « mots de passe » and « MDP » find the same items.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from builder.search.textfr import prenormalise

# (position, analysed term, start, end) of each significant word of a text, offsets in characters
Token = tuple[int, str, int, int]
Analyse = Callable[[str], list[Token]]

ID_PATTERN = re.compile(r"(?<![\w-])(KB-[0-9]{4,}|TR-[A-Z0-9]+(?:-[A-Z0-9]+)*)(?![\w-])", re.I)
_QUOTED = re.compile(r'"([^"]*)"|«([^»]*)»|“([^”]*)”')
_EXCLUDED = re.compile(r"(?:^|(?<=\s))-+(?=[^\W_])(\S+)")


@dataclass(frozen=True)
class Phrase:
    """Analysed terms with their positions relative to the first (gaps where a stop-word was)."""

    terms: tuple[tuple[int, str], ...]

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t for _, t in self.terms)


@dataclass(frozen=True)
class Concept:
    alternatives: tuple[Phrase, ...]  # the first is what the user typed
    typed: str = ""  # the folded word as typed, for typo tolerance ("" for several words)
    required: bool = False
    excluded: bool = False


@dataclass(frozen=True)
class Plan:
    concepts: tuple[Concept, ...]
    ids: tuple[str, ...] = ()

    @property
    def wanted(self) -> list[Concept]:
        return [c for c in self.concepts if not c.excluded]

    @property
    def empty(self) -> bool:
        return not self.wanted and not self.ids


class Synonyms:
    """kb.yaml's synonym groups, analysed once."""

    def __init__(self, groups: Iterable[Iterable[str]], analyse: Analyse) -> None:
        self.groups: list[list[Phrase]] = []
        for group in groups:
            phrases = _unique(phrase_of(analyse(term)) for term in group)
            phrases = [p for p in phrases if p.terms]
            if len(phrases) > 1:
                self.groups.append(phrases)
        # longest first, so that « boîte aux lettres » wins over « boîte »
        self._by_first: dict[str, list[tuple[Phrase, int]]] = {}
        for number, phrases in enumerate(self.groups):
            for phrase in phrases:
                self._by_first.setdefault(phrase.words[0], []).append((phrase, number))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda c: -len(c[0].terms))

    def match(self, words: list[str], start: int) -> tuple[int, list[Phrase]] | None:
        """The longest synonym starting at words[start]: (its length, the other terms of its group)."""
        for phrase, number in self._by_first.get(words[start], ()):
            size = len(phrase.terms)
            if tuple(words[start:start + size]) == phrase.words:
                return size, [p for p in self.groups[number] if p.words != phrase.words]
        return None


def parse(query: str, analyse: Analyse, synonyms: Synonyms) -> Plan:
    ids = tuple(dict.fromkeys(m.upper() for m in ID_PATTERN.findall(query)))
    rest = ID_PATTERN.sub(" ", query)
    concepts: list[Concept] = []
    for match in _QUOTED.finditer(rest):
        text = next(g for g in match.groups() if g is not None)
        phrase = phrase_of(analyse(text))
        if phrase.terms:
            found = synonyms.match(list(phrase.words), 0)
            others = found[1] if found and found[0] == len(phrase.terms) else []
            concepts.append(Concept((phrase, *others), required=True))
    rest = _QUOTED.sub(" ", rest)
    for match in _EXCLUDED.finditer(rest):
        concepts.extend(Concept((phrase_of([token]),), excluded=True) for token in analyse(match.group(1)))
    rest = _EXCLUDED.sub(" ", rest)
    concepts.extend(_concepts(rest, analyse, synonyms))
    return Plan(tuple(_dedupe(concepts)), ids)


def _concepts(text: str, analyse: Analyse, synonyms: Synonyms) -> list[Concept]:
    tokens = analyse(text)
    words = [t[1] for t in tokens]
    out: list[Concept] = []
    i = 0
    while i < len(tokens):
        found = synonyms.match(words, i)
        size, others = found if found else (1, [])
        typed = prenormalise(text[tokens[i][2]:tokens[i][3]]).strip() if size == 1 else ""
        out.append(Concept((phrase_of(tokens[i:i + size]), *others), typed))
        i += size
    return out


def phrase_of(tokens: Iterable[Token]) -> Phrase:
    tokens = list(tokens)
    if not tokens:
        return Phrase(())
    first = tokens[0][0]
    return Phrase(tuple((t[0] - first, t[1]) for t in tokens))


def _unique(phrases: Iterable[Phrase]) -> list[Phrase]:
    seen: dict[tuple[str, ...], Phrase] = {}
    for phrase in phrases:
        seen.setdefault(phrase.words, phrase)
    return list(seen.values())


def _dedupe(concepts: list[Concept]) -> list[Concept]:
    seen: set[tuple[tuple[str, ...], bool]] = set()
    out = []
    for concept in concepts:
        key = (concept.alternatives[0].words, concept.excluded)
        if key not in seen:
            seen.add(key)
            out.append(concept)
    return out

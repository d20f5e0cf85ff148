"""Personal data never leaves the export: names, e-mail addresses and phone numbers are masked.

The phone and address detectors are CT005's (the check that keeps them out of
the content). Names are those of the export's requester column: each ticket's
own requester in any case, any requester's name when written with a capital,
and whatever follows « M. », « Mme », « Monsieur », « Madame ».
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ._kb import EMAIL, PHONE, STOPWORDS, fold

NAME, MAIL, TEL = "[nom]", "[e-mail]", "[téléphone]"
_CIVILITY = re.compile(r"\b(?:M\.|Mr\.?|Mme\.?|Mlle\.?|Monsieur|Madame|Mademoiselle)\s+"
                       r"((?:[A-ZÀ-Ý][\w'’-]*\.?\s*){1,3})")
_PHONE_LOOSE = re.compile(r"(?<![\w+])(?:\+\d{2}\s?|00\d{2}\s?)?\(?0?\)?[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
MIN_NAME = 3


@functools.lru_cache(maxsize=65536)
def name_parts(name: str) -> frozenset[str]:
    """The folded words of a requester's name worth masking (« Le » or « De » are not)."""
    return frozenset(w for w in (fold(p) for p in re.split(r"[\s,;.()]+", name)) if len(w) >= MIN_NAME and w not in STOPWORDS)


class Masker:
    """Masks one ticket's texts, knowing every requester's name in the export."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.names: set[str] = set()
        self._done: dict[str, tuple[str, str]] = {}  # text → (masked with every requester's name, folded)
        for name in names:
            self.names |= name_parts(name)

    def add(self, name: str) -> None:
        self.names |= name_parts(name)

    def mask(self, text: str, requester: str = "") -> str:
        """The text masked; the requester's own name is masked in any case."""
        if not text:
            return text
        cached = self._done.get(text)
        if cached is None:
            masked = self._mask(text)
            cached = (masked, fold(masked))
            if len(self._done) < 200_000:
                self._done[text] = cached
        done, folded = cached
        own = name_parts(requester) if requester else frozenset()
        if not own or not any(part in folded for part in own):
            return done

        def word(match: re.Match[str]) -> str:
            return NAME if fold(match.group(0).rstrip("'’-")) in own else match.group(0)

        return _WORD.sub(word, done)

    def _mask(self, text: str) -> str:
        if "@" in text:
            text = EMAIL.sub(MAIL, text)
        if any(c.isdigit() for c in text):
            text = PHONE.sub(TEL, text)
            text = _PHONE_LOOSE.sub(TEL, text)
        text = _CIVILITY.sub(lambda m: m.group(0)[:m.start(1) - m.start(0)] + NAME + _trailing(m.group(1)), text)
        if not self.names:
            return text

        def word(match: re.Match[str]) -> str:
            value = match.group(0)
            if value[0].isupper() and fold(value.rstrip("'’-")) in self.names:
                return NAME
            return value

        return _WORD.sub(word, text)


def _trailing(words: str) -> str:
    return " " if words.endswith(" ") else ""

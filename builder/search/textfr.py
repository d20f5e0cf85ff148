"""French words as the search and the duplicate check compare them.

Case and accents are folded (« Écran » and « ecran » are one word), elided
articles and pronouns fall off with the apostrophe (« l'imprimante » →
« imprimante »), and the function words that say nothing about the subject
(« le », « de », « mon », « ne … pas ») are dropped. The same list serves the
full-text index, so that both agree on what a significant word is.
"""
from __future__ import annotations

import re
import unicodedata

# Folded (lower case, no accents). Derived from Snowball's French list, keeping
# « son » (the sound: « pas de son ») and adding question words and elided forms.
STOPWORDS = frozenset("""
a ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions aurons auront aux avaient
avais avait avec avez aviez avions avons ayant ayez ayons c ca ce cela ces cet cette comme comment d dans de des du
elle elles en es est et etaient etais etait etant etes etiez etions ete eu eue eues eus eut eux fut furent il ils j
je jusqu l la le les leur leurs lorsqu lui m ma mais me meme mes moi mon n ne nos notre nous on ont ou par pas plus
pour pourquoi puisqu qu quand que quel quelle quelles quels qui quoi s sa se sera serait ses si soit sommes sont suis
sur t ta te tes toi ton tu un une vos votre vous y
""".split())

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without accents: « Boîte aux lettres » → « boite aux lettres »."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return _NON_ASCII.sub(_fold_match, lowered).replace("œ", "oe").replace("æ", "ae")


def words(text: str) -> list[str]:
    """The folded words of a text, split at anything that is not a letter or a digit."""
    return _WORD.findall(fold(text))


def significant_words(text: str) -> list[str]:
    """The folded words that carry meaning: no function words, no single letters."""
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1]


def within(word: str, other: str, distance: int) -> bool:
    """Whether two words are within an edit distance (Damerau: a transposition counts one)."""
    if abs(len(word) - len(other)) > distance:
        return False
    before: list[int] = []
    previous = list(range(len(other) + 1))
    for i, a in enumerate(word, 1):
        row = [i]
        for j, b in enumerate(other, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == other[j - 2] and word[i - 2] == b:
                cost = min(cost, before[j - 2] + 1)
            row.append(cost)
        before, previous = previous, row
        if min(row) > distance:
            return False
    return previous[-1] <= distance


def singular(word: str) -> str:
    """A crude singular, enough to compare titles: « imprimantes » → « imprimante »."""
    if len(word) > 3 and word[-1] in "sx" and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_FEMININE_PARTICIPLE = re.compile(r"ee(s?)(?![^\W_])")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def prenormalise(text: str) -> str:
    """The text folded for the stemmer, character for character (offsets stay valid).

    Accents go first, so that a word typed without them is the same word; then
    « -ée(s) », which the French stemmer only knows with its accent, is written
    « -e(s) » padded with a space: « piratée », « piratées », « piraté » and
    « pirate » all reach the stemmer as « pirate(s) ».
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer: keep it as it is
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _FEMININE_PARTICIPLE.sub(_pad, _NON_ASCII.sub(_fold_match, lowered))


def _pad(match: re.Match[str]) -> str:
    start = match.start()
    if start >= 2 and match.string[start - 2:start].isalpha():
        return "e" + match.group(1) + " "
    return match.group(0)


def _fold_match(match: re.Match[str]) -> str:
    return _FOLD.get(match.group(0)) or match.group(0)


def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFKD", char)[0]
    return base if base.isascii() else char


# one character for one: accented Latin letters (Latin-1 and Latin Extended-A/B), lower case
_FOLD = {chr(code): _fold_char(chr(code)) for code in range(0x80, 0x250) if _fold_char(chr(code)) != chr(code)}

"""DU001's comparison finds every near-identical pair without comparing all pairs."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.check.rules.duplicates import THRESHOLD, similar_sets

WORDS = st.sampled_from(["compte", "bloque", "mot", "passe", "expire", "imprimante", "papier", "teams", "son",
                         "ecran", "noir", "vpn", "wifi", "boite", "pleine"])


def brute_force(sets: list[frozenset[str]], threshold: float) -> set[frozenset[frozenset[str]]]:
    return {frozenset((a, b)) for i, a in enumerate(sets) for b in sets[i + 1:]
            if len(a & b) >= threshold * len(a | b)}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.frozensets(WORDS, min_size=1, max_size=9), unique=True, max_size=40))
def test_every_pair_above_the_threshold_is_found(sets: list[frozenset[str]]) -> None:
    found = {frozenset(pair) for pair in similar_sets(sets, THRESHOLD)}
    assert found == brute_force(sets, THRESHOLD)


def test_near_identical_means_the_same_words_or_one_more_from_four() -> None:
    def alike(a: str, b: str) -> bool:
        return bool(similar_sets([frozenset(a), frozenset(b)], THRESHOLD))
    assert alike("abcd", "abcde")  # one word more than four: 0.8
    assert not alike("abc", "abcd")  # one word more than three: 0.75
    assert not alike("abcde", "abcdf")  # one word changed in five: 0.67
    assert alike("abcdefghi", "abcdefghj")  # one word changed in nine: 0.8

"""Did-you-mean suggestions for names and ids."""
from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    pool = list(candidates)
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
    if not matches:
        lowered = {c.lower(): c for c in pool}
        matches = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
        matches = [lowered[m] for m in matches]
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """« vouliez-vous dire « x » ? », or "" when nothing is close."""
    match = closest(word, candidates, cutoff)
    return f"vouliez-vous dire « {match} » ?" if match else ""


def quoted_list(values: Iterable[str], limit: int = 8) -> str:
    values = list(values)
    shown = ", ".join(f"« {v} »" for v in values[:limit])
    return shown + (", …" if len(values) > limit else "")


def unknown_domain(domain: str, domains: Iterable[str]) -> tuple[str, str] | None:
    """(message, hint) when kb.yaml declares domains and not this one; None otherwise."""
    known = list(domains)
    if not known or domain in known:
        return None
    return (f"domaine « {domain} » inconnu de kb.yaml",
            did_you_mean(domain, known) or f"domaines de kb.yaml : {quoted_list(known, 12)}")


def closest_id(word: str, ids: Iterable[str]) -> str | None:
    """The id a mistyped one was meant to be, only when the slip is unambiguous.

    KB-0301 and KB-0321 are two different articles: a changed digit suggests
    nothing. Case, separators, two swapped characters, or letters mistyped in a
    tree's name (TR-POTSE-01) are slips worth a suggestion.
    """
    pool = list(ids)
    wanted = word.strip().upper().replace("_", "-").replace(" ", "")
    if wanted in pool:
        return wanted
    digits = "".join(c for c in wanted if c.isdigit())
    for candidate in pool:
        if len(candidate) == len(wanted) and _one_swap(candidate, wanted):
            return candidate
    close = [c for c in pool if "".join(x for x in c if x.isdigit()) == digits and c[:3] == wanted[:3]
             and _distance_at_most(c, wanted, 2)]
    return close[0] if len(close) == 1 else None


def suggest_id(word: str, ids: Iterable[str]) -> str:
    match = closest_id(word, ids)
    return f"vouliez-vous dire « {match} » ?" if match else ""


def _one_swap(a: str, b: str) -> bool:
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _distance_at_most(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance ≤ limit, in O(len × limit)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit

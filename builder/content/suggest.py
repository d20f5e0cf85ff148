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

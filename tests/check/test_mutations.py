"""Seeded single-line mutations of the shipped library: kb check never fails on them.

For every mutation (kinds in mutate.KINDS: typos in start/next/goto/ids/references,
links in lower case or as file paths, deleted or duplicated lines, shifted
indentation, emptied values, « : » inside values, `nodes: {}`, answers as plain
strings, any character typed anywhere):
- no internal error;
- no error at all, or at least one finding in the edited file (for an edit of an
  item's own id or of a kb.yaml key, the items citing the old name may carry it instead);
- a made-up reference is never accepted: an error at the edited line;
- one mistake, one finding: a broken reference or an unreadable file never makes
  other files say that an id « n'existe pas », unless the edit changed an id.

KB_MUTATIONS (default 500) and KB_MUTATION_SEED (default 11) reproduce a run.
"""
from __future__ import annotations

import os
import re
import traceback
from collections import Counter
from datetime import date

import pytest

from builder.content.snapshot import CONFIG_FILE
from builder.model import Severity
from helpers import PROJECT
from mutate import KINDS, Library, Mutation

COUNT = int(os.environ.get("KB_MUTATIONS", "500"))
SEED = int(os.environ.get("KB_MUTATION_SEED", "11"))
TODAY = date.today()  # the library is reviewed up to today; the baseline uses the same day
ID_KINDS = {"typo-id"}
REFERENCE_KINDS = {"typo-start", "typo-next", "typo-goto", "typo-reference", "lower-link", "file-link"}


@pytest.fixture(scope="module")
def library() -> Library:
    return Library(PROJECT, TODAY)


def _problems(library: Library, baseline: set[tuple[str, int, str, str]], mutation: Mutation) -> list[str]:
    try:
        found = library.check(mutation.path, mutation.text)
    except Exception:  # an internal error is exactly what this test hunts
        return [f"erreur interne :\n{traceback.format_exc(limit=-4)}"]
    new = [f for f in found if (f.path, f.line, f.code, f.message) not in baseline
           or f.path == mutation.path]
    errors = [f for f in found if f.severity is Severity.ERROR]
    problems = []
    here = [f for f in new if f.path == mutation.path]
    # an edit that renames or removes what others cite (an item's id, a domain or group of kb.yaml) is
    # reported where it is cited, naming it
    named = [f"« {name} »" for name in (mutation.old_id, _config_key(mutation)) if name]
    cited = [f for f in new if any(n in f.message for n in named)]
    if errors and not here and not cited:
        problems.append("des erreurs, mais aucune dans le fichier modifié : "
                        + "; ".join(f.text() for f in errors[:3]))
    if mutation.kind in REFERENCE_KINDS and mutation.broken:
        at_line = [f for f in here if f.severity is Severity.ERROR and f.line == mutation.line + 1]
        if not at_line:
            problems.append(f"référence inventée « {mutation.broken} » acceptée : aucune erreur à la ligne "
                            f"{mutation.line + 1} ; trouvé : " + "; ".join(f.text() for f in here[:3]))
    if mutation.kind not in ID_KINDS:
        cascade = [f for f in new if f.path != mutation.path and f.code == "RF001"]
        if cascade and not mutation.before.lstrip().startswith("id:"):  # an id deleted: citers must say so
            problems.append("cascade : " + "; ".join(f.text() for f in cascade[:3]))
    return problems


def _config_key(mutation: Mutation) -> str:
    """The kb.yaml key the edited line defined (« multimedia » for « multimedia: Visioconférence »), or the
    catalogue entry (« Impression > Copieur » for « - Impression > Copieur »)."""
    if mutation.path != CONFIG_FILE:
        return ""
    match = re.match(r"\s*([\w-]+)\s*:", mutation.before) or re.match(r"\s*-\s+([^#\[{]+?)\s*$", mutation.before)
    return match.group(1) if match else ""


def test_single_line_mutations_of_the_library(library: Library) -> None:
    baseline = {(f.path, f.line, f.code, f.message) for f in library.check("", "")}
    failures: list[str] = []
    kinds: Counter[str] = Counter()
    for mutation in library.mutations(SEED, COUNT):
        kinds[mutation.kind] += 1
        for problem in _problems(library, baseline, mutation):
            failures.append(f"{mutation}\n  {problem}")
    print(f"{sum(kinds.values())} mutations (graine {SEED}) : "
          + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    assert sum(kinds.values()) >= min(COUNT, 500)
    assert set(kinds) == {name for name, _ in KINDS}, "chaque sorte de mutation doit être tirée"
    assert not failures, f"{len(failures)} mutations mal traitées sur {sum(kinds.values())} :\n\n" \
        + "\n\n".join(failures[:25])

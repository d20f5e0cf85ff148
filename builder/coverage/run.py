"""`coverage(root, export)`: the library call behind `kb coverage`, from the file to the report."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from ._kb import NotAContentRoot, SearchError, load_base, updated_index
from .catalog import ticket_settings
from .errors import CoverageError
from .gaps import find_gaps
from .knowledge import knowledge_of
from .match import THRESHOLD, Matcher
from .read import read_export
from .report import Report, figures
from .text import Analyser, idf_of
from .tickets import read_tickets


def coverage(root: Path, export: Path, top: int = 10, since: date | None = None, until: date | None = None,
             columns: Mapping[str, str] | None = None, threshold: float | None = None,
             level1_groups: tuple[str, ...] = ()) -> Report:
    try:
        base = load_base(root)
    except NotAContentRoot:
        raise
    settings = ticket_settings(base)
    threshold = threshold or settings.threshold or THRESHOLD
    read = read_tickets(read_export(export), {**settings.columns, **(columns or {})},
                        [*settings.level1, *level1_groups], since, until)
    analyser = Analyser()
    idf = idf_of((stem for stem, _ in analyser.terms(t.summary)) for t in read.tickets)
    knowledge = knowledge_of(base, analyser)
    try:
        index, _ = updated_index(root, base.config)
    except SearchError as error:
        raise CoverageError(str(error)) from None
    matcher = Matcher(knowledge, index, analyser, idf, threshold)
    matched = [(t, matcher.match(t.category, t.summary)) for t in read.tickets]
    gaps = find_gaps(((t.category, t.summary) for t, c in matched if not c.covered), analyser, idf, top)
    return figures(export.name, matched, read.rejected, gaps, threshold)

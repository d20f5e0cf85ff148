"""`coverage(root, export)`: the library call behind `kb coverage`, from the file to the report."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from ._kb import Base, LogError, SearchError, Usage, collect_usage, load_base, updated_index
from .catalog import ticket_settings
from .errors import CoverageError
from .gaps import find_gaps
from .knowledge import knowledge_of
from .match import THRESHOLD, Matcher
from .read import read_export
from .report import Report, figures
from .text import Analyser, idf_of
from .tickets import read_tickets
from .usage_rate import usage_rates


def coverage(root: Path, export: Path, top: int = 10, since: date | None = None, until: date | None = None,
             columns: Mapping[str, str] | None = None, threshold: float | None = None,
             level1_groups: tuple[str, ...] = (), *, base: Base | None = None, usage: Usage | None = None,
             usage_logs: Sequence[Path] = ()) -> Report:
    """The report of an export; with `usage` (figures already read) or `usage_logs` (web server logs to
    read), the usage rate per category too. `base`: the base already loaded (kb build), else loaded here."""
    base = base or load_base(root)
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
    report = figures(export.name, matched, read.rejected, gaps, threshold)
    if usage is None and usage_logs:
        usage = _read_usage(base, usage_logs)
    if usage is not None:
        report.usage_rate = usage_rates(base, report.categories, usage, report.period)
        report.usage_period = (usage.first, usage.last)
    return report


def _read_usage(base: Base, logs: Sequence[Path]) -> Usage:
    try:
        usage, _ = collect_usage(base, list(logs))
    except LogError as error:
        raise CoverageError(str(error)) from None
    return usage

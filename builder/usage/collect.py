"""Read logs into figures in one call: what `kb usage` and `kb build --usage` share."""
from __future__ import annotations

import glob
from datetime import date
from pathlib import Path

from ..model import Base
from .aggregate import Aggregator, Usage
from .catalogue import catalogue_of
from .logread import LogError, Progress, ReadStats, read_logs


def expand(patterns: list[str]) -> list[Path]:
    """Paths as given, a quoted pattern (« access.log* ») expanded; a missing file is a LogError."""
    paths: list[Path] = []
    for pattern in patterns:
        found = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        if not found or not all(Path(p).is_file() for p in found):
            raise LogError(f"journal introuvable : « {pattern} »")
        paths.extend(Path(p) for p in found)
    return paths


def collect(base: Base, logs: list[Path], progress: Progress | None = None, since: date | None = None,
            until: date | None = None) -> tuple[Usage, ReadStats]:
    aggregator = Aggregator(catalogue_of(base))
    stats = ReadStats()
    for hit in read_logs(logs, stats, progress, since, until):
        aggregator.add(hit)
    return aggregator.result(since, until), stats

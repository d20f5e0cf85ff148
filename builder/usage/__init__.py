"""`kb usage`: how trees, articles and search are used, read from the web server's access logs.

logread (lines → hits) → events (beacon → event) → aggregate (events → figures) → report
(figures → JSON, CSV, tables). `catalogue` is the one bridge to the loaded base.
"""
from __future__ import annotations

from .aggregate import Catalogue, Usage, aggregate
from .logread import LogError, ReadStats, read_logs

__all__ = ["Catalogue", "LogError", "ReadStats", "Usage", "aggregate", "read_logs"]

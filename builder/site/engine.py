"""Run the site engine (MkDocs) on the generated configuration: a full build.

With builder/site/incremental.py (MkDocs' build step by step, for a partial build),
the only modules that know MkDocs; `kb serve` is builder/site/preview.py.
"""
from __future__ import annotations

import logging
from pathlib import Path


class SiteError(Exception):
    """The engine could not build the site; the message says why, in French."""


class EngineLog(logging.Handler):
    """Keeps MkDocs' warnings to report them (and count them for --strict)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.warnings.append(record.getMessage())


def build(config_file: Path, site_dir: Path | None = None) -> list[str]:
    """Build the site; returns MkDocs' warnings."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    log = EngineLog()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(log)
    try:
        options = {"site_dir": str(site_dir)} if site_dir else {}
        config = load_config(str(config_file), **options)
        mkdocs_build(config)
    except MkDocsException as error:
        raise SiteError(f"MkDocs n'a pas pu construire le site : {error}") from None
    finally:
        logger.removeHandler(log)
    return log.warnings

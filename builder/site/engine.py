"""Run the site engine (MkDocs) on the generated configuration: build, or serve live.

This is the only module that knows MkDocs; replacing it by Zensical means
changing these two functions.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
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


def serve(config_file: Path, dev_addr: str, regenerate: Callable[[], bool], watched: list[Path]) -> None:
    """Serve with live reload; `regenerate` rewrites the docs folder when content changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    stop = threading.Event()

    def poll() -> None:
        last = _signature(watched)
        while not stop.wait(0.5):
            now = _signature(watched)
            if now != last:
                last = now
                try:
                    regenerate()
                except Exception as error:  # keep serving; the message says what to fix
                    logging.getLogger("mkdocs").error("régénération impossible : %s", error)

    thread = threading.Thread(target=poll, name="kb-watch", daemon=True)
    thread.start()
    try:
        mkdocs_serve(str(config_file), dev_addr=dev_addr, livereload=True)
    finally:
        stop.set()


def _signature(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    entries = []
    for path in paths:
        files = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for file in files:
            try:
                stat = file.stat()
            except OSError:
                continue
            entries.append((str(file), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(entries))



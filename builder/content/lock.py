"""One writer at a time on a content root: a file lock under `.kb/`.

`kb build`, `kb serve`, `kb review` and `kb new` all write under the root (the
generated pages in `.kb/docs`, the site, the content files). Two of them at once
ended in internal errors; with this lock the second one waits, and says who it
waits for (command, process id, start time), which a note next to the lock records.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = "kb.lock"
HOLDER_NAME = "kb.lock.json"
DEFAULT_WAIT = 600.0  # seconds a command waits for another one before giving up


class Busy(Exception):
    """The lock could not be had: another kb command held it too long (the message says which),
    or .kb/ cannot be written."""


def holder(root: Path) -> str:
    """Who holds the lock, in French, from the note the holder wrote (« une autre commande kb » if unknown)."""
    try:
        note = json.loads((root / ".kb" / HOLDER_NAME).read_text(encoding="utf-8"))
        return (f"« kb {note['command']} » (processus {int(note['pid'])}, depuis "
                f"{datetime.fromtimestamp(float(note['since'])).strftime('%H:%M:%S')})")
    except (OSError, ValueError, KeyError, TypeError):
        return "une autre commande kb"


def _named_holder(root: Path, patience: float = 1.0) -> str:
    """holder(), given a moment to write its note: the lock is taken an instant before the note is written."""
    deadline = time.monotonic() + patience
    while not (root / ".kb" / HOLDER_NAME).is_file() and time.monotonic() < deadline:
        time.sleep(0.02)
    return holder(root)


@contextmanager
def exclusive(root: Path, command: str, wait: float = DEFAULT_WAIT,
              on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the root's lock while the block runs; call `on_wait(who)` once if someone else holds it."""
    work = root / ".kb"
    lock = FileLock(str(work / LOCK_NAME))
    try:
        work.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=0)
    except Timeout:  # before OSError: filelock's Timeout is a TimeoutError, hence an OSError
        if on_wait is not None:
            on_wait(_named_holder(root))
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise Busy(f"{holder(root)} tient encore le verrou de {work} après {int(wait)} s d'attente : "
                       "attendez qu'elle se termine, puis relancez") from None
    except OSError as error:
        raise Busy(f"impossible de prendre le verrou {work / LOCK_NAME} ({error.strerror or error}) : "
                   "kb doit pouvoir écrire dans le dossier .kb/ de la base") from None
    note = work / HOLDER_NAME
    try:
        note.write_text(json.dumps({"command": command, "pid": os.getpid(), "since": time.time()}),
                        encoding="utf-8")
        yield
    finally:
        note.unlink(missing_ok=True)
        lock.release()

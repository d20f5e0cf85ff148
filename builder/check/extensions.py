"""Checks that other packages hand to `kb check` (the chatbot export's CB… checks).

The check never imports an exporter: the command line registers each extra rule set
under a name (`kb check --chatbot`), as "module:function", imported only when asked.
"""
from __future__ import annotations

import hashlib
import importlib
import inspect
from collections.abc import Callable
from pathlib import Path

from builder.model import Base, Finding

RuleSet = Callable[[Base], list[Finding]]

_REGISTERED: dict[str, str] = {}


def register(name: str, target: str) -> None:
    """Make `target` ("package.module:function", taking a Base) available as rule set `name`."""
    _REGISTERED[name] = target


def rule_set(name: str) -> RuleSet:
    module, _, function = _REGISTERED[name].partition(":")
    found: RuleSet = getattr(importlib.import_module(module), function)
    return found


def sources_digest(rule_sets: list[RuleSet]) -> str:
    """Changes when the code of a rule set's package changes (for the check cache's key)."""
    h = hashlib.blake2b(digest_size=8)
    for rules in rule_sets:
        folder = Path(inspect.getfile(rules)).parent
        for source in sorted(folder.rglob("*.py")):
            stat = source.stat()
            h.update(f"{source.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return h.hexdigest()

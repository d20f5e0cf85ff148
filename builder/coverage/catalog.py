"""The ticket categories the content declares, and the `tickets:` settings of kb.yaml.

Categories come from the model (kb.yaml `categories:`, checked by RF006); the
`tickets:` mapping, which only kb coverage reads, is read here from kb.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ._kb import Base, fold


@dataclass
class TicketSettings:
    """kb.yaml `tickets:`: column mapping, level-1 groups, search threshold."""

    columns: dict[str, str] = field(default_factory=dict)
    level1: list[str] = field(default_factory=list)
    threshold: float | None = None


def category_key(category: str) -> str:
    """Categories compare folded, whatever the spaces around « > »."""
    return " > ".join(fold(part).strip() for part in re.split(r"\s*[>/]\s*", category) if part.strip())


_LOADER = YAML(typ="safe")


def _yaml(text: str) -> Any:
    try:
        return _LOADER.load(text)
    except YAMLError:
        return None


def read_config(root: Path) -> dict[str, Any]:
    try:
        data = _yaml((root / "kb.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def ticket_settings(root: Path, base: Base) -> TicketSettings:
    raw = read_config(root).get("tickets")
    settings = TicketSettings()
    if isinstance(raw, dict):
        columns = raw.get("columns")
        if isinstance(columns, dict):
            settings.columns = {str(k): str(v) for k, v in columns.items()}
        level1 = raw.get("level1")
        if isinstance(level1, list):
            settings.level1 = [str(g) for g in level1]
        threshold = raw.get("threshold")
        if isinstance(threshold, (int, float)) and 0 < threshold <= 1:
            settings.threshold = float(threshold)
    # groups kb.yaml describes as level 1 (« Assistance … (niveau 1) ») count as level 1 too
    settings.level1 += [g for g, label in base.config.groups.items() if "niveau 1" in fold(label)]
    return settings


def item_categories(base: Base) -> dict[str, tuple[str, ...]]:
    """Each item's declared ticket categories, by id."""
    return {item.id: tuple(c.value for c in item.categories) for item in base.items if item.categories}

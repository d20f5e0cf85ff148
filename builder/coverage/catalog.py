"""The ticket categories the content declares, and kb.yaml's `tickets:` settings, as coverage uses them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._kb import Base, Tree, fold


@dataclass
class TicketSettings:
    """kb.yaml `tickets:`: column mapping, level-1 groups, search threshold."""

    columns: dict[str, str] = field(default_factory=dict)
    level1: list[str] = field(default_factory=list)
    threshold: float | None = None


def category_key(category: str) -> str:
    """Categories compare folded, whatever the spaces around « > »."""
    return " > ".join(fold(part).strip() for part in re.split(r"\s*[>/]\s*", category) if part.strip())


def ticket_settings(base: Base) -> TicketSettings:
    config = base.config
    # groups kb.yaml describes as level 1 (« Assistance … (niveau 1) ») count as level 1 too
    level1 = [*config.ticket_level1, *(g for g, label in config.groups.items() if "niveau 1" in fold(label))]
    return TicketSettings(dict(config.ticket_columns), level1, config.ticket_threshold)


def item_categories(base: Base) -> dict[str, tuple[str, ...]]:
    """Each item's declared ticket categories, by id."""
    return {item.id: tuple(c.value for c in item.categories) for item in base.items if item.categories}


def tree_categories(tree: Tree) -> tuple[str, ...]:
    """The categories a tree answers: its own `categories:` and the `category:` of its escalate and
    resolved nodes, each once, in the order written."""
    found = [c.value for c in tree.categories]
    found += [node.category.value for node in tree.nodes.values()
              if node.category is not None and node.kind in ("escalate", "resolved")]
    return tuple(dict.fromkeys(found))

"""Ids are unique across the whole base; both places are reported."""
from __future__ import annotations

from collections import defaultdict

from builder.codes import finding
from builder.model import Base, Finding, Item


def check(base: Base) -> list[Finding]:
    owners: dict[str, list[Item]] = defaultdict(list)
    for item in base.items:
        if item.id:
            owners[item.id].append(item)
    found = []
    for item_id, items in owners.items():
        if len(items) < 2:
            continue
        for item in items:
            others = ", ".join(f"{o.path}:{o.at('id').line + 1}" for o in items if o is not item)
            found.append(finding("ID001", item.path, item.at("id"), f"identifiant « {item_id} » déjà utilisé par {others}",
                                 "donnez un nouvel identifiant à l'un des deux éléments"))
    return found

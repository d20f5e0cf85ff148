"""« Modifié sans revue »: a published item whose content changed after its review (FR001)."""
from __future__ import annotations

from collections.abc import Mapping
from builder.codes import finding
from builder.content.fr import french_date
from builder.model import Base, Finding
from builder.freshness.modified import Modification


def check(base: Base, modified: Mapping[str, Modification]) -> list[Finding]:
    found = []
    for item_id, change in sorted(modified.items()):
        item = base.by_id.get(item_id)
        if item is None or item.reviewed is None:
            continue
        message = (f"modifié après sa dernière revue du {french_date(item.reviewed)} "
                   "(modification pas encore validée dans git)" if change.uncommitted
                   else f"modifié le {french_date(change.day)} après sa dernière revue du "
                   f"{french_date(item.reviewed)}")
        found.append(finding("FR001", item.path, item.at("reviewed"), message,
                             f"relisez-le puis lancez « kb review {item.id} »"))
    return found

"""Find an item from what an author types: its id, or the path of its file.

Authors copy paths from their editor or from `kb check`'s output
(`trees/poste-de-travail/ecran-noir.yaml`); `kb run` and `kb review` accept them as
well as ids, relative to the current folder or to the content root.
"""
from __future__ import annotations

from pathlib import Path

from builder.model import Base, Item


def find_item(base: Base, typed: str) -> Item | None:
    """The item whose id is `typed`, else the item whose file `typed` names; None if neither."""
    if typed in base.by_id:
        return base.by_id[typed]
    if not typed.strip() or "\0" in typed:
        return None
    by_path = {(base.root / item.path).resolve(): item for item in base.items}
    for candidate in (Path(typed), base.root / typed):
        try:
            found = by_path.get(candidate.resolve())
        except (OSError, RuntimeError, ValueError):
            continue
        if found is not None:
            return found
    return None

"""« Modifié sans revue » for screenshots: a changed image is a change of every item that shows it.

Read from the same commits and working-copy changes as the items' own changes
(modified.py): an image under kb/<domaine>/images/ or trees/<domaine>/images/
modified (or renamed with a change) after an item's review marks the item; an
uncommitted change marks it today. Added images come with an edit of the text that
shows them, which is the item's own change.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from builder.content.git import Change, Commit
from builder.content.images import image_refs
from builder.content.snapshot import is_image_path
from builder.model import Base, Item


def shown_by(base: Base) -> dict[str, list[Item]]:
    """Image path → the published, reviewed items that show it."""
    users: dict[str, list[Item]] = {}
    for item in base.items:
        if item.published and item.id and item.reviewed:
            for ref in image_refs(item):
                if ref.target and item not in users.get(ref.target, []):
                    users.setdefault(ref.target, []).append(item)
    return users


def changed_by_images(base: Base, commits: Iterable[Commit], pending: Iterable[Change],
                      today: date) -> dict[str, tuple[date, bool]]:
    """Item id → (day of the last change of one of its images after its review, uncommitted)."""
    users = shown_by(base)
    if not users:
        return {}
    found: dict[str, tuple[date, bool]] = {}

    def mark(path: str, day: date, uncommitted: bool) -> None:
        for item in users.get(path, ()):
            if item.reviewed and day > item.reviewed and (item.id not in found or found[item.id][0] < day):
                found[item.id] = (day, uncommitted)

    for commit in commits:
        for change in commit.changes:
            if change.status in "MR" and change.old_blob != change.new_blob and is_image_path(change.path):
                mark(change.path, commit.day, False)
    for change in pending:
        if change.status == "M" and is_image_path(change.path):
            mark(change.path, today, True)
    return found

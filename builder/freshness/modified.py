"""« Modifié sans revue »: published items whose content changed in git after their `reviewed` date.

A change of content is a commit (not a merge) that modifies the file, with or
without renaming it, such that its content differs once the `reviewed`,
`review_every` and `owner` lines are set aside and spacing is ignored
(versions.content_digest). The commit that adds a file is its authoring, not a
change. The change's day is the commit's author date (the day it was written,
kept by rebases and cherry-picks); a change on the review day itself is covered
by that review. Uncommitted edits of the working copy count as changed today.
Outside a git repository nothing is reported.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from builder.content import git
from builder.model import Base, Item
from builder.freshness.image_changes import changed_by_images
from builder.freshness.versions import VersionCache, version_of_item


@dataclass(frozen=True)
class Modification:
    day: date  # the last change of content
    uncommitted: bool = False  # the working copy differs from the last commit


@dataclass(frozen=True)
class _Candidate:
    day: date
    old: tuple[str, str]  # (path, blob)
    new: tuple[str, str]


def modified_since_review(root: Path, base: Base, today: date, files: Mapping[str, bytes] | None = None,
                          cache: VersionCache | None = None) -> dict[str, Modification]:
    """Published items changed after their review, by id. Four git processes for the whole base."""
    reviewed = {i.path: i for i in base.items if i.published and i.id and i.reviewed}
    if not reviewed or git.head(root) is None:
        return {}
    cache = cache or VersionCache(root)
    since = min(i.reviewed for i in reviewed.values() if i.reviewed) - timedelta(days=2)
    try:
        commits = git.log(root, "--no-merges", "-M", f"--since={since.isoformat()}", author_dates=True)
        pending = git.worktree_changes(root)
        candidates = [_Candidate(c.day, (ch.old_path, ch.old_blob), (ch.path, ch.new_blob))
                      for c in commits for ch in c.changes
                      if ch.status in "MR" and c.day > since and _maybe_after_review(reviewed.get(ch.path), c.day)]
        uncommitted = [ch for ch in pending if ch.status == "M" and ch.path in reviewed
                       and _maybe_after_review(reviewed[ch.path], today)]
        versions = cache.versions([pair for c in candidates for pair in (c.old, c.new)]
                                  + [(ch.path, ch.old_blob) for ch in uncommitted], digests=True)
    except git.GitError:
        return {}
    cache.save()
    found: dict[str, Modification] = {}
    for cand in candidates:
        new, old = versions.get(cand.new), versions.get(cand.old)
        item = base.by_id.get(new.id) if new else None
        if new is None or item is None or not item.published or item.reviewed is None:
            continue
        if cand.day > item.reviewed and (old is None or old.digest != new.digest):
            if item.id not in found or found[item.id].day < cand.day:
                found[item.id] = Modification(cand.day)
    for change in uncommitted:
        item = reviewed[change.path]
        committed = versions.get((change.path, change.old_blob))
        data = files.get(change.path) if files is not None else None
        if data is None:
            try:
                data = (root / change.path).read_bytes()
            except OSError:
                continue
        if committed is None or committed.digest != version_of_item(item, data).digest:
            found[item.id] = Modification(today, uncommitted=True)
    for item_id, (day, uncommitted) in changed_by_images(base, commits, pending, today).items():
        if item_id not in found or found[item_id].day < day:  # a changed screenshot is a changed item
            found[item_id] = Modification(day, uncommitted)
    return found


def _maybe_after_review(item: Item | None, day: date) -> bool:
    """False only when the file at this path is today's item and the change predates its review."""
    return item is None or item.reviewed is None or day > item.reviewed

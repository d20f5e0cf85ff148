"""The content as it was at past dates, rebuilt from one pass over the git log.

The state at a date D is the content at the last commit of the current branch's
first-parent history whose committer date (its calendar day, in the commit's own
time zone) is on or before D. The log is read once, oldest first, with each
commit's changes against its first parent; the files present at each wanted
date are replayed from it, and each distinct version is parsed once (versions.py).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from builder.content import git
from builder.content.gcpause import cycle_collector_paused
from builder.content.load import content_kind, decode, load_config
from builder.content.snapshot import CONFIG_FILE, read_snapshot
from builder.model import Config, Item
from builder.freshness.versions import VersionCache


@dataclass(frozen=True)
class PastContent:
    """kb.yaml and the items (review fields only) at a date; `commit` None before the first commit."""

    at: date
    commit: str | None
    config: Config
    items: list[Item]


def first_parent_log(root: Path) -> list[git.Commit]:
    """Every commit of the checked-out branch's first-parent history, oldest first."""
    if not git.has_commits(root):
        return []
    return git.log(root, "--first-parent", "--diff-merges=first-parent", "--root", "--no-renames", "--reverse")


def last_commit_indexes(commits: list[git.Commit], days: Iterable[date]) -> dict[date, int]:
    """For each day, the index of the last commit (in history order) dated on or before it; -1 if none."""
    found = {day: -1 for day in days}
    for index, commit in enumerate(commits):
        for day in found:
            if commit.day <= day:
                found[day] = index
    return found


@cycle_collector_paused()
def contents_at(root: Path, days: Iterable[date], cache: VersionCache | None = None) -> dict[date, PastContent]:
    """The content at each day, from the git history (GitError when root is not in a repository)."""
    cache = cache or VersionCache(root)
    commits = first_parent_log(root)
    wanted = last_commit_indexes(commits, days)
    states = _replay(commits, set(wanted.values()))
    versions = cache.versions(pair for state in states.values() for pair in state.items() if pair[0] != CONFIG_FILE)
    cache.save()
    configs = _configs(root, {blob for state in states.values() if (blob := state.get(CONFIG_FILE))})
    items: dict[tuple[str, str], Item] = {}
    out = {}
    for day, index in wanted.items():
        state = states.get(index, {})
        day_items = []
        for pair in sorted(state.items()):
            version = versions.get(pair)
            if version is not None:
                if pair not in items:
                    items[pair] = version.item(pair[0])
                day_items.append(items[pair])
        config = configs.get(state.get(CONFIG_FILE, ""), None) or Config()
        out[day] = PastContent(day, commits[index].sha if index >= 0 else None, config, day_items)
    return out


def _replay(commits: list[git.Commit], indexes: set[int]) -> dict[int, dict[str, str]]:
    """The content files (and kb.yaml) with their blob after each wanted commit index."""
    state: dict[str, str] = {}
    out: dict[int, dict[str, str]] = {-1: {}}
    last = max(indexes, default=-1)
    for index, commit in enumerate(commits[:last + 1]):
        for change in commit.changes:
            if change.path != CONFIG_FILE and content_kind(change.path) is None:
                continue
            if change.status == "D":
                state.pop(change.path, None)
            else:
                state[change.path] = change.new_blob
        if index in indexes:
            out[index] = dict(state)
    return out


def _configs(root: Path, blobs: set[str]) -> dict[str, Config]:
    configs = {}
    for blob, data in git.read_blobs(root, blobs):
        text = decode(CONFIG_FILE, data)
        configs[blob] = load_config(CONFIG_FILE, text)[0] if isinstance(text, str) else Config()
    return configs


def working_content(root: Path, at: date, cache: VersionCache | None = None) -> PastContent:
    """The working copy as review fields only (files unchanged since a parsed version are not parsed again)."""
    cache = cache or VersionCache(root)
    snapshot = read_snapshot(root)
    items = [version.item(path) for path, data in sorted(snapshot.files.items())
             if (version := cache.of_file(path, data)) is not None]
    cache.save()
    config = Config()
    if snapshot.config is not None:
        text = decode(CONFIG_FILE, snapshot.config)
        config = load_config(CONFIG_FILE, text)[0] if isinstance(text, str) else config
    return PastContent(at, None, config, items)

"""What each generated page depends on, made explicit, so that a build renders only what changed.

A page's Markdown is rendered again when the key of its inputs changes:

- an article's page: its own file, the files of every item its file names (related
  items, id links) and of every item whose file names it (trees using it, items
  citing it);
- a tree's page: its own file and, since its player embeds the trees it continues
  into, every tree reachable through the ids named by tree files, with the files
  of every item those trees name (cited articles, their review dates), and the
  items that name it;
- every page: kb.yaml (domains, placeholders, review intervals), the day (freshness
  badges), the generator's own code and the engine versions.

Ids are found in the raw bytes with the id patterns of FORMAT.md, so a mention is
seen even where the model would not use it: more is rendered, never less. The
indexes (home, domains, tags, dashboard) show every item: they are always
rendered. Whatever cannot be tied to an item (an unknown page) is rendered too.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from builder.content import urls
from builder.content.snapshot import Snapshot
from builder.model import Base, Tree

MENTION = re.compile(rb"KB-[0-9]{4,}|TR-[A-Z0-9-]+")
CODE_ROOT = Path(__file__).resolve().parents[1]  # the builder package: its code shapes every page
CODE_SUFFIXES = (".py", ".js", ".css", ".yml", ".html", ".svg", ".json")


def code_digest() -> str:
    """Hash of the builder package's files: a new version of the tool renders every page again."""
    digest = hashlib.sha256()
    for path in sorted(CODE_ROOT.rglob("*")):
        if path.suffix in CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(CODE_ROOT).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def mentions(data: bytes) -> set[str]:
    """Every id-looking word of a file, with and without trailing hyphens (be generous)."""
    found = set()
    for match in MENTION.finditer(data):
        word = match.group().decode("ascii")
        found.add(word)
        found.add(word.rstrip("-"))
    return found


class PageKeys:
    """The key of each item page's inputs, from one snapshot of the content."""

    def __init__(self, base: Base, snapshot: Snapshot, today: date, salt: str) -> None:
        self.base = base
        # images: which page shows which is not tracked, so a changed image rebuilds every item page
        images = b"".join(path.encode() + b"\0" + hashlib.sha256(snapshot.read(path)).digest()
                          for path in snapshot.images)
        self.global_part = hashlib.sha256(
            b"\0".join([salt.encode(), today.isoformat().encode(), snapshot.config or b"", images])).hexdigest()
        self.digest: dict[str, str] = {}
        self.names: dict[str, set[str]] = {}
        self.named_by: dict[str, set[str]] = {}
        self.page_of: dict[str, str] = {}
        for item in [*base.articles, *base.trees]:
            data = snapshot.read(item.path)
            self.digest[item.id] = self.digest.get(item.id, "") + hashlib.sha256(
                item.path.encode() + b"\0" + data).hexdigest()
            self.names[item.id] = self.names.get(item.id, set()) | (mentions(data) - {item.id})
            self.page_of[urls.docs_file(item)] = item.id
        for item_id, named in self.names.items():
            for other in named:
                self.named_by.setdefault(other, set()).add(item_id)

    def dependencies(self, item_id: str) -> set[str]:
        """The ids whose files the item's page depends on (see the module's docstring)."""
        item = self.base.by_id.get(item_id)
        deps = {item_id} | self.named_by.get(item_id, set())
        if not isinstance(item, Tree):
            return deps | self.names.get(item_id, set())
        trees, todo = {item_id}, [item_id]
        while todo:
            for other in self.names.get(todo.pop(), set()):
                deps.add(other)
                if other.startswith("TR-") and other not in trees:
                    trees.add(other)
                    todo.append(other)
        return deps

    def key(self, page: str) -> str | None:
        """The key of a page's inputs; None for a page that is always rendered."""
        item_id = self.page_of.get(page)
        if item_id is None:
            return None
        parts = [self.global_part] + [f"{d}={self.digest.get(d, '-')}" for d in sorted(self.dependencies(item_id))]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def keys(self, pages: Iterable[str]) -> dict[str, str]:
        return {page: key for page in pages if (key := self.key(page)) is not None}


def reuse_test(previous: dict[str, str], current: dict[str, str]) -> Callable[[str], bool]:
    """Whether a page may keep its Markdown: its inputs' key is the one it was rendered from."""
    return lambda page: page in current and previous.get(page) == current[page]

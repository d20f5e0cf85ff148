"""The conflict-safe sync: decide what each page needs, then write, never over a person's work.

A page whose latest revision was made by the sync account is the export's own and may
be updated; one edited since by anyone else is a conflict, left as it is and reported
with the link to the diff (unless forced). Edits send the base revision: a change made
between the read and the write is caught by the wiki (editconflict), and one the wiki
merged silently is undone at once so that the person's version stays.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from exporters.mediawiki.client import APIError, Wiki
from exporters.mediawiki.naming import same_title
from exporters.mediawiki.pages import Page, normalize
from exporters.mediawiki.remote import Current, WikiState, key

CONFLICT_MARK = "[kb : conflit]"  # in the summary of an undo: the page stays a conflict until forced


class Outcome(Enum):
    CREATE = "create"
    UPDATE = "update"
    MOVE = "move"
    ARCHIVE = "archive"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    ERROR = "error"

    @property
    def planned(self) -> str:
        return _PLANNED[self]

    def counted(self, count: int, dry_run: bool = False) -> str:
        """« 3 créées », « 1 conflit », « 2 à créer » (simulation)."""
        if dry_run and self.writes:
            return f"{count} {_PLANNED[self]}"
        one, many = _DONE[self]
        return f"{count} {one if count < 2 else many}"

    @property
    def writes(self) -> bool:
        return self in (Outcome.CREATE, Outcome.UPDATE, Outcome.MOVE, Outcome.ARCHIVE)


_PLANNED = {Outcome.CREATE: "à créer", Outcome.UPDATE: "à mettre à jour", Outcome.MOVE: "à renommer",
            Outcome.ARCHIVE: "à archiver", Outcome.UNCHANGED: "inchangée", Outcome.CONFLICT: "conflit",
            Outcome.ERROR: "erreur"}
_DONE = {Outcome.CREATE: ("créée", "créées"), Outcome.UPDATE: ("mise à jour", "mises à jour"),
         Outcome.MOVE: ("renommée", "renommées"), Outcome.ARCHIVE: ("archivée", "archivées"),
         Outcome.UNCHANGED: ("inchangée", "inchangées"), Outcome.CONFLICT: ("conflit", "conflits"),
         Outcome.ERROR: ("erreur", "erreurs")}


@dataclass
class Change:
    outcome: Outcome
    title: str
    text: str  # what the page should say
    item_id: str = ""
    current: Current | None = None
    old_title: str = ""  # a renamed item's page, moved to `title`
    reason: str = ""  # why a conflict or an error
    link: str = ""  # the diff to look at
    written: bool = False


class Forced:
    """The pages named with --force, by title or by id."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = [n.strip() for n in names if n.strip()]
        self.used: set[str] = set()

    def __call__(self, *candidates: str) -> bool:
        for name in self.names:
            if any(c and (name == c or same_title(name, c)) for c in candidates):
                self.used.add(name)
                return True
        return False

    @property
    def unused(self) -> list[str]:
        return [n for n in self.names if n not in self.used]


def plan(wiki: Wiki, state: WikiState, pages: list[Page], notices: dict[str, str], forced: Forced) -> list[Change]:
    """What each page needs. `notices` are the archive notices of managed ids no longer published."""
    changes: list[Change] = []
    claimed: set[int] = set()
    by_id = {c.item_id: c for c in sorted(state.managed, key=lambda c: c.pageid, reverse=True)}
    for page in pages:
        current = state.by_title.get(key(page.title))
        if key(page.title) in state.invalid:
            changes.append(Change(Outcome.ERROR, page.title, page.text, page.item_id,
                                  reason=f"titre refusé par le wiki ({state.invalid[key(page.title)]})"))
        elif current is not None:
            claimed.add(current.pageid)
            changes.append(_existing(wiki, page.title, page.text, page.item_id, current, Outcome.UPDATE, forced))
        elif page.item_id in by_id and by_id[page.item_id].pageid not in claimed:
            old = by_id[page.item_id]
            claimed.add(old.pageid)
            change = _existing(wiki, old.title, page.text, page.item_id, old, Outcome.MOVE, forced, page.title)
            if change.outcome is Outcome.MOVE:
                change.title, change.old_title = page.title, old.title
            changes.append(change)
        else:
            changes.append(Change(Outcome.CREATE, page.title, page.text, page.item_id))
    for current in sorted(state.managed, key=lambda c: c.title):
        if current.pageid not in claimed and current.item_id in notices:
            claimed.add(current.pageid)
            changes.append(_existing(wiki, current.title, notices[current.item_id], current.item_id, current,
                                     Outcome.ARCHIVE, forced))
    return changes


def _existing(wiki: Wiki, title: str, text: str, item_id: str, current: Current, outcome: Outcome,
              forced: Forced, new_title: str = "") -> Change:
    if normalize(current.text) == normalize(text) and outcome is not Outcome.MOVE:
        return Change(Outcome.UNCHANGED, title, text, item_id, current)
    ours = current.user == wiki.username and CONFLICT_MARK not in current.comment
    if ours or forced(title, item_id, new_title):
        return Change(outcome, title, text, item_id, current)
    who = "une autre personne" if not current.user else f"« {current.user} »"
    why = f"modifiée sur le wiki par {who} le {current.timestamp[:10]}" if current.user != wiki.username else \
        "une modification faite pendant une synchronisation précédente a été conservée"
    if outcome is Outcome.MOVE:
        why += f" ; l'élément s'appelle maintenant « {new_title} »"
    return Change(Outcome.CONFLICT, title, text, item_id, current, reason=why, link=diff_link(wiki, current))


def diff_link(wiki: Wiki, current: Current) -> str:
    """The changes made since the sync account's last revision of the page (one request)."""
    result = wiki.call("query", prop="revisions", titles=current.title, rvuser=wiki.username, rvlimit=1,
                       rvprop="ids", formatversion="2")
    pages = result.get("query", {}).get("pages", [])
    revisions = pages[0].get("revisions", []) if pages else []
    if revisions:
        return wiki.page_url(current.title, diff="cur", oldid=str(revisions[0]["revid"]))
    return wiki.page_url(current.title, action="history")


def apply(wiki: Wiki, state: WikiState, changes: list[Change], summary: Callable[[Change], str],
          progress: Callable[[Change], None] = lambda change: None) -> None:
    """Write every change that writes, one page at a time; each edit is whole or not at all."""
    for change in changes:
        if change.outcome.writes:
            _write(wiki, state, change, summary(change))
            progress(change)


def _write(wiki: Wiki, state: WikiState, change: Change, summary: str) -> None:
    common: dict[str, Any] = {"summary": summary, "token": state.csrf, "bot": "1"}
    try:
        if change.outcome is Outcome.MOVE:
            wiki.call("move", **{"from": change.old_title}, to=change.title, reason=summary, token=state.csrf,
                      movetalk="1")
        if change.current is None:
            wiki.call("edit", title=change.title, text=change.text, createonly="1", **common)
        else:
            base = change.current.revid
            result = wiki.call("edit", title=change.title, text=change.text, baserevid=str(base), nocreate="1",
                               **common)["edit"]
            parent = result.get("oldrevid")
            if parent and int(parent) != base and change.outcome is not Outcome.MOVE:
                _undo_merge(wiki, state, change, int(parent), int(result["newrevid"]))
                return
        change.written = True
    except APIError as error:
        _caught(wiki, change, error)


def _undo_merge(wiki: Wiki, state: WikiState, change: Change, parent: int, ours: int) -> None:
    """Someone edited between our read and our write and the wiki merged both: take ours back."""
    wiki.call("edit", title=change.title, undo=str(ours), undoafter=str(parent), token=state.csrf, bot="1",
              summary=f"{CONFLICT_MARK} modification faite pendant la synchronisation : version de la personne "
                      "rétablie")
    change.outcome = Outcome.CONFLICT
    change.reason = "modifiée sur le wiki pendant la synchronisation : la version de la personne a été conservée"
    change.link = wiki.page_url(change.title, diff="cur", oldid=str(parent))


def _caught(wiki: Wiki, change: Change, error: APIError) -> None:
    conflicts = {"editconflict": "modifiée sur le wiki pendant la synchronisation : laissée telle quelle",
                 "articleexists": "créée sur le wiki par une autre personne pendant la synchronisation",
                 "missingtitle": "supprimée sur le wiki pendant la synchronisation",
                 "articleexists-move": "le nouveau titre existe déjà sur le wiki"}
    code = "articleexists-move" if change.outcome is Outcome.MOVE and error.code == "articleexists" else error.code
    if code in conflicts:
        change.outcome, change.reason = Outcome.CONFLICT, conflicts[code]
        change.link = wiki.page_url(change.title, action="history")
    else:
        change.outcome, change.reason = Outcome.ERROR, f"refusée par le wiki ({error.code} : {error.info})"


def counts(changes: Iterable[Change]) -> Counter[Outcome]:
    return Counter(change.outcome for change in changes)

"""The images of the exported pages, uploaded as wiki files with the pages' conflict safety.

A file is named like the page titles (kb.yaml's title_prefix, « : » becoming « - »),
then its domain and name: kb/impression/images/file.png → « CSU-impression-file.png ».
Before writing, the wiki's latest version of every file is read in bulk: a file
whose SHA-1 is ours is left alone (nothing re-uploaded), one whose latest version was
uploaded by the sync account is replaced, one uploaded since by a person is a conflict
(kept and reported, unless --force). An upload carries no base revision, so the latest
version is read again just before a replacement. An SVG is uploaded as the allow-list
rewrote it.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from builder.content import svg
from builder.content.atomic import write_bytes
from builder.content.images import image_refs, resolve, wiki_name
from builder.content.markdown import IMAGE, sub_outside_code
from builder.model import Base, Item

from exporters.mediawiki.client import APIError, Unreachable, Wiki
from exporters.mediawiki.remote import key

FILE_NAMESPACE = "File"  # canonical, understood by a wiki in any language
_TITLE = re.compile(r"""\s+(?:"[^"]*"|'[^']*')\s*\Z""")


class FileOutcome(Enum):
    UPLOAD = ("à envoyer", "envoyé", "envoyés")
    REPLACE = ("à remplacer", "remplacé", "remplacés")
    UNCHANGED = ("inchangé", "inchangé", "inchangés")
    CONFLICT = ("conflit", "conflit", "conflits")
    ERROR = ("erreur", "erreur", "erreurs")

    @property
    def writes(self) -> bool:
        return self in (FileOutcome.UPLOAD, FileOutcome.REPLACE)

    def counted(self, count: int, dry_run: bool) -> str:
        planned, one, many = self.value
        return f"{count} {planned if dry_run and self.writes else one if count < 2 else many}"


@dataclass
class WikiFile:
    """An image as the wiki should hold it."""

    name: str  # without the namespace
    path: str  # in the repository
    data: bytes
    used_by: tuple[str, ...]  # item ids

    @property
    def sha1(self) -> str:
        return hashlib.sha1(self.data).hexdigest()

    @property
    def title(self) -> str:
        return f"{FILE_NAMESPACE}:{self.name}"


@dataclass
class FileChange:
    outcome: FileOutcome
    file: WikiFile
    user: str = ""  # who uploaded the wiki's latest version
    reason: str = ""
    link: str = ""
    written: bool = False
    forced: bool = False


def rewrite_markdown(markdown: str, base: Base, source: str) -> str:
    """Image links of a content file pointed at the wiki's file names (the Lua filter keeps the last part)."""
    if "![" not in markdown:
        return markdown
    prefix = base.config.mediawiki_title_prefix

    def replace(match: re.Match[str]) -> str | None:
        target = resolve(source, _TITLE.sub("", match.group("src").strip()).strip("<>"))
        if target is None or target not in base.images:
            return None
        return f"![{match.group('alt')}]({wiki_name(target, prefix)})"

    return sub_outside_code(markdown, IMAGE, replace)


def wanted_files(base: Base, items: Iterable[Item]) -> list[WikiFile]:
    """The images the given items show, each once, by name."""
    users: dict[str, list[str]] = {}
    for item in items:
        for ref in image_refs(item):
            if ref.target in base.images:
                users.setdefault(ref.target, []).append(item.id)
    files = []
    for path, ids in sorted(users.items()):
        image = base.images[path]
        data = (base.root / path).read_bytes()
        if image.format == "svg":
            cleaned = svg.clean(data)
            if cleaned is None:
                continue
            data = cleaned
        elif image.format is None:
            continue
        files.append(WikiFile(wiki_name(path, base.config.mediawiki_title_prefix), path, data,
                              tuple(dict.fromkeys(ids))))
    return files


@dataclass(frozen=True)
class Latest:
    """The wiki's latest version of a file."""

    sha1: str
    user: str
    timestamp: str


def read_files(wiki: Wiki, files: list[WikiFile]) -> dict[str, Latest]:
    """The latest version of each wanted file that exists, by normalised title; 50 titles a request."""
    found: dict[str, Latest] = {}
    for start in range(0, len(files), 50):
        titles = [f.title for f in files[start:start + 50]]
        renamed: dict[str, str] = {}
        # iilimit=2 makes the wiki read the file's history from its database: the current version alone
        # (iilimit=1) may come from a cache that lags behind an upload made a moment ago
        for result in wiki.query(titles="|".join(titles), prop="imageinfo", iiprop="sha1|user|timestamp", iilimit="2",
                                 formatversion="2"):
            query = result.get("query", {})
            renamed.update({n["to"]: n["from"] for n in query.get("normalized", [])})
            for page in query.get("pages", []):
                info = page.get("imageinfo") or []
                if info:
                    asked = renamed.get(page["title"], page["title"])
                    found[key(asked)] = Latest(info[0].get("sha1", ""), info[0].get("user", ""),
                                               info[0].get("timestamp", ""))
    return found


def plan_files(wiki: Wiki, files: list[WikiFile], forced: Callable[..., bool]) -> list[FileChange]:
    latest = read_files(wiki, files)
    changes = []
    for file in files:
        current = latest.get(key(file.title))
        if current is None:
            changes.append(FileChange(FileOutcome.UPLOAD, file))
        elif current.sha1 == file.sha1:
            changes.append(FileChange(FileOutcome.UNCHANGED, file, current.user))
        elif current.user == wiki.username or forced(file.title, file.name, file.path, f"Fichier:{file.name}"):
            changes.append(FileChange(FileOutcome.REPLACE, file, current.user,
                                      forced=current.user != wiki.username))
        else:
            changes.append(FileChange(FileOutcome.CONFLICT, file, current.user,
                                      f"nouvelle version envoyée sur le wiki par « {current.user} » le "
                                      f"{current.timestamp[:10]}",
                                      wiki.page_url(file.title, action="history")))
    return changes


def upload_files(wiki: Wiki, changes: list[FileChange], token: str, summary: Callable[[FileChange], str],
                 description: Callable[[FileChange], str]) -> None:
    """Upload every file that needs it, one request each."""
    for change in changes:
        if not change.outcome.writes:
            continue
        if change.outcome is FileOutcome.REPLACE and not change.forced:
            # an upload carries no base revision: read the latest version again just before replacing it
            latest = read_files(wiki, [change.file]).get(key(change.file.title))
            if latest is not None and latest.user != wiki.username:
                change.outcome, change.user = FileOutcome.CONFLICT, latest.user
                change.reason = "nouvelle version envoyée sur le wiki pendant la synchronisation : laissée telle quelle"
                change.link = wiki.page_url(change.file.title, action="history")
                continue
        try:
            try:
                _upload(wiki, change, token, summary(change), description(change))
            except APIError as error:
                if error.code != "backend-fail-alreadyexists":
                    raise
                time.sleep(1.1)  # the version replaced is archived under its second: two in one second collide
                _upload(wiki, change, token, summary(change), description(change))
            change.written = True
        except APIError as error:
            change.outcome, change.reason = FileOutcome.ERROR, f"refusé par le wiki ({error.code} : {error.info})"


def _upload(wiki: Wiki, change: FileChange, token: str, summary: str, description: str) -> None:
    data = {"action": "upload", "format": "json", "filename": change.file.name, "comment": summary,
            "text": description, "token": token, "ignorewarnings": "1"}
    try:
        raw = wiki.site.raw_call("api", data, files={"file": (change.file.name, change.file.data)})
        result: dict[str, Any] = json.loads(raw)
    except ValueError as error:
        raise Unreachable(f"le wiki n'a pas répondu comme l'API d'un MediaWiki à l'envoi de « {change.file.name} » "
                          f"({error})") from None
    except Exception as error:  # network failures after mwclient's retries
        if isinstance(error, APIError):
            raise
        raise Unreachable(f"envoi de « {change.file.name} » impossible ({type(error).__name__} : {error}) : "
                          "relancez la commande, qui reprendra là où elle s'est arrêtée") from None
    if "error" in result:
        raise APIError(result["error"].get("code", "?"), result["error"].get("info", ""), {})
    outcome = result.get("upload", {}).get("result")
    if outcome != "Success":
        warnings = ", ".join(result.get("upload", {}).get("warnings", {}) or [str(outcome)])
        raise APIError("upload-warning", warnings, {})


def write_beside(dump: Path, files: list[WikiFile]) -> Path | None:
    """The files of a dump in « <dump>-fichiers/ », with fichiers.txt (name, source, SHA-1), for importImages.php."""
    if not files:
        return None
    folder = dump.with_name(f"{dump.stem}-fichiers")
    folder.mkdir(parents=True, exist_ok=True)
    for file in files:
        write_bytes(folder / file.name, file.data)
    listing = "".join(f"{f.name}\t{f.path}\t{f.sha1}\n" for f in files)
    write_bytes(folder / "fichiers.txt", ("# nom sur le wiki\tfichier de la base\tSHA-1\n" + listing).encode("utf-8"))
    return folder


def file_counts(changes: Iterable[FileChange]) -> Counter[FileOutcome]:
    return Counter(change.outcome for change in changes)


def report_lines(changes: list[FileChange], dry_run: bool) -> list[str]:
    lines: list[str] = []
    for change in changes:
        if dry_run and change.outcome is not FileOutcome.UNCHANGED or change.outcome in (FileOutcome.CONFLICT,
                                                                                           FileOutcome.ERROR):
            label = change.outcome.value[0]
            lines.append(f"{label if dry_run else label.capitalize()} : Fichier:{change.file.name} "
                         f"({change.file.path})" + (f" — {change.reason}" if change.reason else ""))
            if change.link:
                lines.append(f"    {change.link}")
    if any(c.outcome is FileOutcome.CONFLICT for c in changes):
        lines.append("Un fichier en conflit garde la version de la personne : reprenez-la dans la base, ou "
                     "remplacez-la avec « --force Fichier:NOM ».")
    if changes:
        pending = {id(c) for c in changes if c.outcome.writes and not c.written and not dry_run}
        found = file_counts(c for c in changes if id(c) not in pending)
        shown = [o.counted(found[o], dry_run) for o in FileOutcome if found[o]]
        if pending:
            shown.append(f"{len(pending)} non traité{'s' if len(pending) > 1 else ''}")
        lines.append("Fichiers : " + ", ".join(shown) + ".")
    return lines

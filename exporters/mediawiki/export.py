"""`kb export mediawiki`: the pages of the base, read against the wiki, written, reported.

The command line calls `connect`, `wanted_pages`, `run` and prints `report_lines`;
tests and the benchmark call the same functions.
"""
from __future__ import annotations

import difflib
import subprocess
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from builder.model import Base

from exporters.mediawiki.files import FileChange, FileOutcome, plan_files, upload_files, wanted_files, write_beside
from exporters.mediawiki.files import report_lines as file_report
from exporters.mediawiki.client import Unreachable, UsageProblem, Wiki, credentials, parse_url
from exporters.mediawiki.naming import BANNER_TEMPLATE, METADATA_TEMPLATE
from exporters.mediawiki.pages import Page, archive_notice, build_pages, exported, normalize
from exporters.mediawiki.remote import read_state
from exporters.mediawiki.sync import Change, Forced, Outcome, apply, counts, plan
from exporters.mediawiki.wikitext import plain_code_blocks

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_FILES = {METADATA_TEMPLATE: "fiche", BANNER_TEMPLATE: "bandeau", "Note": "note",
                  "Information": "information", "Astuce": "astuce", "Attention": "attention", "Danger": "danger"}
TEMPLATE_NAMESPACE = "Template"  # the canonical name, understood by a wiki in any language


def template_pages() -> list[Page]:
    return [Page(f"{TEMPLATE_NAMESPACE}:{name}",
                 normalize((TEMPLATES_DIR / f"{stem}.wikitext").read_text(encoding="utf-8")))
            for name, stem in TEMPLATE_FILES.items()]


def wanted_pages(base: Base, today: date, only: Iterable[str] = (), templates: bool = False) -> list[Page]:
    return (template_pages() if templates else []) + build_pages(base, today, only)


def dump_files(base: Base, dump: Path, only: Iterable[str] = ()) -> Path | None:
    """The images of the dumped pages, beside the dump (kb export mediawiki --dump)."""
    wanted = set(only)
    return write_beside(dump, wanted_files(base, [i for i in exported(base) if not wanted or i.id in wanted]))


def git_commit(root: Path) -> str:
    """The commit the content comes from, as the edit summaries name it."""
    try:
        done = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True,
                              text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "kb", "trees", "kb.yaml"], cwd=root,
                               capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "hors git"
    if done.returncode != 0 or not done.stdout.strip():
        return "hors git"
    return done.stdout.strip() + (" + modifications non commitées" if dirty.stdout.strip() else "")


def connect(url: str, environ: Mapping[str, str] | None = None, max_retries: int = 3,
            retry_timeout: int = 2, anonymous: bool = False) -> Wiki:
    """A session logged in with the bot password; `anonymous` allows none when there is no password."""
    endpoint = parse_url(url)
    try:
        user, password = credentials(endpoint, environ)
    except UsageProblem:
        if not anonymous:
            raise
        return Wiki(endpoint, max_retries, retry_timeout)
    wiki = Wiki(endpoint, max_retries, retry_timeout)
    wiki.login(user, password)
    return wiki


@dataclass
class Result:
    changes: list[Change]
    dry_run: bool
    wiki: Wiki
    aborted: str = ""  # why the run stopped midway, in French
    unknown_forced: list[str] = field(default_factory=list)
    files: list[FileChange] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        found = counts(self.changes)
        bad_files = any(f.outcome in (FileOutcome.CONFLICT, FileOutcome.ERROR) for f in self.files)
        return bool(self.aborted or found[Outcome.CONFLICT] or found[Outcome.ERROR] or bad_files)


def run(wiki: Wiki, base: Base, pages: list[Page], *, commit: str, dry_run: bool = False,
        force: Iterable[str] = (), only: Iterable[str] = (),
        progress: Callable[[Change], None] = lambda change: None,
        planned: Callable[[list[Change]], None] = lambda changes: None) -> Result:
    """Read the wiki in bulk, decide page by page, then write (unless dry_run)."""
    state = read_state(wiki, base.config.mediawiki_category, [p.title for p in pages])
    if "<syntaxhighlight>" not in state.extension_tags:
        pages = [replace(p, text=plain_code_blocks(p.text)) for p in pages]
    alive = {item.id for item in exported(base)}
    wanted_ids = set(only)
    notices = {c.item_id: archive_notice(base, c.item_id) for c in state.managed
               if c.item_id not in alive and (not wanted_ids or c.item_id in wanted_ids)}
    forced = Forced(force)
    items = [item for item in exported(base) if not wanted_ids or item.id in wanted_ids]
    files = plan_files(wiki, wanted_files(base, items), forced)
    changes = plan(wiki, state, pages, notices, forced)
    result = Result(changes, dry_run, wiki, unknown_forced=forced.unused, files=files)
    planned(changes)
    if dry_run:
        return result

    def summary(change: Change) -> str:
        what = change.item_id or change.title
        verb = {Outcome.ARCHIVE: "archivée", Outcome.MOVE: "renommée"}.get(change.outcome, "")
        return f"kb export mediawiki : {what}{' ' + verb if verb else ''} (commit {commit})"

    def file_summary(change: FileChange) -> str:
        return f"kb export mediawiki : {change.file.path} (commit {commit})"

    def file_page(change: FileChange) -> str:
        used = ", ".join(change.file.used_by)
        return (f"Image de la base de connaissance du CSU ({change.file.path}), utilisée par {used}. "
                f"Fichier tenu à jour par « kb export mediawiki ».\n\n"
                f"[[Catégorie:{base.config.mediawiki_category}]]")

    try:
        upload_files(wiki, files, state.csrf, file_summary, file_page)  # first: pages show them at once
        apply(wiki, state, changes, summary, progress)
    except Unreachable as error:
        result.aborted = str(error)
    return result


def diff(change: Change) -> str:
    """A unified diff of the wiki's text against the wanted one."""
    before = (normalize(change.current.text) + "\n").splitlines(keepends=True) if change.current else []
    after = (normalize(change.text) + "\n").splitlines(keepends=True)
    revision = f" (révision {change.current.revid})" if change.current else ""
    return "".join(difflib.unified_diff(before, after, f"wiki : {change.old_title or change.title}{revision}",
                                        f"base : {change.title}"))


def report_lines(result: Result) -> list[str]:
    """The final report: what needs a look (every page with --dry-run), then the counts."""
    lines: list[str] = []
    for change in result.changes:
        problem = change.outcome in (Outcome.CONFLICT, Outcome.ERROR)
        if not (result.dry_run or problem):
            continue
        name = f"{change.old_title} → {change.title}" if change.old_title else change.title
        label = change.outcome.planned if result.dry_run else change.outcome.planned.capitalize()
        lines.append(f"{label} : {name}" + (f" — {change.reason}" if change.reason else ""))
        if change.link:
            lines.append(f"    {change.link}")
        if result.dry_run and change.outcome.writes and change.outcome is not Outcome.CREATE:
            lines.append(diff(change).rstrip("\n"))
    if any(c.outcome is Outcome.CONFLICT for c in result.changes):
        lines.append("Une page en conflit garde le texte de la personne : reportez ses corrections dans la base, "
                     "ou écrasez la page avec « --force TITRE ».")
    for name in result.unknown_forced:
        lines.append(f"Attention : --force « {name} » ne désigne aucune page de cette synchronisation.")
    pending = [c for c in result.changes if c.outcome.writes and not c.written and not result.dry_run]
    found = counts(c for c in result.changes if c not in pending)
    shown = [o.counted(found[o], result.dry_run) for o in Outcome if found[o]]
    if pending:
        shown.append(f"{len(pending)} non traitée{'s' if len(pending) > 1 else ''}")
    if result.dry_run:
        lines.append("Simulation (--dry-run) : rien n'a été écrit sur le wiki.")
    lines.append("Pages : " + (", ".join(shown) if shown else "aucune") + ".")
    lines[-1:-1] = file_report(result.files, result.dry_run)
    if result.aborted:
        lines.append(f"Erreur : {result.aborted}")
    return lines

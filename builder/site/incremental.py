"""Incremental site build: render again only the pages whose Markdown changed.

Why this is safe. The generator writes every page of the docs folder from the
model on each build (fast), so a page's Markdown already folds in everything the
page shows: its item, the items it cites and that cite it, the domain and tag
indexes, the dashboard's review data. What MkDocs adds to a page's Markdown is
global: the configuration (site name, navigation by domain, theme, plugins), the
theme and the assets, the set of files links resolve against, and the search
index. So:

- a page is rebuilt when its Markdown bytes differ from those of the last build,
  or when its HTML is missing from the output folder;
- anything global that changed (generated mkdocs.yml with its navigation, the
  inherited mkdocs.yml, theme overrides, assets, engine versions, the output
  folder itself, the set of pages) makes the build a full MkDocs build — a
  dependency that cannot be known costs more work, never a stale page; so does
  a previous build that had warnings (they cannot be tied to pages, and
  `--strict` must see them again);
- the pages of the navigation are always read again (other pages show their
  titles), the sitemap and the 404 page are rendered again when the day changed (their
  only other inputs are global), and the search index
  is reassembled in MkDocs' own order from the previous index's entries and the
  rebuilt pages' new ones.

The state of the last build (one hash per page and the global key) lives in
`.kb/site-state.json`. It is removed before a partial build starts, so that a
build interrupted half-way is followed by a full one. A full build is MkDocs'
own `build`, which keeps the byte-identity test honest: it compares this module
with MkDocs itself.

The folder built incrementally is `.kb/site-build`, never the published site:
`kb build` then copies it into a fresh folder beside the target and swaps the two
(publish.py), so that a failed, refused (--strict) or killed build leaves the
previous site whole; `kb serve` serves `.kb/site-build` itself.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.content.atomic import write_bytes
from builder.content.snapshot import Snapshot
from builder.site import engine

if TYPE_CHECKING:
    from builder.model import Base
    from builder.site.generate import Generated
    from builder.coverage.report import Report
    from builder.usage.aggregate import Usage

STATE_VERSION = 2
SITE_STATE = "site-state.json"      # under .kb/: the last MkDocs build, one hash per page
PAGES_STATE = "pages-state.json"    # under .kb/: the inputs' key of each generated page
SOURCE_RECORD = "build-source.json"  # under .kb/: the inputs of the last successful build of BUILD_DIR
BUILD_DIR = "site-build"            # under .kb/: the site built incrementally, copied into each publication
PUBLISHED = "published.json"        # under .kb/: which inputs' build each target folder holds
ENGINE_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")


@dataclass
class SiteBuild:
    """What a build did: how many pages MkDocs rendered out of how many, and its warnings."""
    rebuilt: int
    pages: int
    full: bool
    warnings: list[str]


def page_hashes(docs: Path, known: dict[str, str] | None = None) -> dict[str, str]:
    """Docs-relative path of every Markdown page → hash of its bytes (and its size and time).

    A page whose size and modification time are those `known` recorded is not read again."""
    known = known or {}
    out = {}
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        stat = _stat(path)
        previous = known.get(rel, "")
        out[rel] = previous if previous.endswith("@" + stat) else \
            hashlib.sha256(path.read_bytes()).hexdigest() + "@" + stat
    return out


def global_key(config_file: Path, docs: Path, site_dir: Path, pages: dict[str, str]) -> str:
    """Hash of everything every page depends on besides its own Markdown."""
    digest = hashlib.sha256()

    def feed(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    feed("state", str(STATE_VERSION).encode())
    feed("engine", _engine_versions().encode())
    feed("site_dir", str(site_dir.resolve()).encode())
    feed("epoch", os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    text = config_file.read_bytes()
    feed("config", text)
    inherit = json.loads(text.decode("utf-8").split("\n", 1)[1]).get("INHERIT")
    if inherit:
        feed("inherit", Path(inherit).read_bytes())
    for folder, label in ((config_file.parent / "theme", "theme"), (docs, "asset")):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and not (label == "asset" and path.suffix == ".md"):
                feed(f"{label}:{path.relative_to(folder).as_posix()}", path.read_bytes())
    feed("pages", "\n".join(sorted(pages)).encode())
    return digest.hexdigest()


def build(config_file: Path, site_dir: Path, state_file: Path) -> SiteBuild:
    """Build the site into `site_dir`, incrementally when the last build there allows it."""
    docs = config_file.parent / "docs"
    state = _read_state(state_file)
    pages = page_hashes(docs, state["pages"] if state else None)
    key = global_key(config_file, docs, site_dir, pages)
    index = site_dir / "search" / "search_index.json"
    _forget(state_file)  # an interrupted build must not be taken for a complete one
    if state is None or state.get("key") != key or state.get("warnings") or not index.is_file():
        warnings = engine.build(config_file, site_dir)
        from mkdocs.utils import get_build_date

        _write_state(state_file, key, pages, warnings, get_build_date())
        return SiteBuild(len(pages), len(pages), True, warnings)
    dirty = {rel for rel, digest in pages.items()
             if _content(state["pages"].get(rel, "")) != _content(digest) or not (site_dir / _html_path(rel)).is_file()}
    from mkdocs.utils import get_build_date

    day = get_build_date()  # the sitemap's date: the 404 page and the sitemap depend on nothing else here
    templates = state.get("day") != day
    rebuilt, warnings = _partial_build(config_file, site_dir, dirty, templates) if dirty or templates else (0, [])
    _write_state(state_file, key, pages, warnings, day)
    return SiteBuild(rebuilt, len(pages), False, warnings)


def _content(digest: str) -> str:
    """The hash of a page's bytes, without the size and time it was read at."""
    return digest.split("@", 1)[0]


def _html_path(rel: str) -> str:
    """Where MkDocs writes a page with use_directory_urls (the only setting we ship): MkDocs' rule,
    index.md and README.md giving their folder's index.html."""
    folder, _, name = rel.rpartition("/")
    stem = name[:-3]
    prefix = folder + "/" if folder else ""
    return f"{prefix}index.html" if stem in ("index", "README") else f"{prefix}{stem}/index.html"


def _partial_build(config_file: Path, site_dir: Path, dirty: set[str], templates: bool) -> tuple[int, list[str]]:
    """MkDocs' build, step by step, rendering only the dirty pages (mkdocs 1.6, pinned).

    Returns how many pages were rendered and MkDocs' warnings."""
    from mkdocs.commands import build as steps
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page
    from jinja2 import FileSystemBytecodeCache

    log = engine.EngineLog()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(log)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir))
        if not config.use_directory_urls:
            raise engine.SiteError("la construction incrémentale suppose use_directory_urls: true")
        # Compiled templates kept on disk, for every environment of the theme (the search plugin
        # makes its own): compiling Material's templates is a good part of a small build.
        bytecode = FileSystemBytecodeCache(str(_cache_dir(config_file.parent / "jinja")))
        theme_env = config.theme.get_env

        def cached_env() -> Any:
            env = theme_env()
            env.bytecode_cache = bytecode
            return env

        config.theme.get_env = cached_env  # type: ignore[method-assign]
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        # The theme's own files (thousands of icons to list) were copied by the full build, and the
        # theme is part of the global key: they are left out of a partial one.
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        in_nav = {page.file.src_uri for page in nav.pages}
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            if file.src_uri in dirty:
                steps._populate_page(file.page, config, files)
            elif file.src_uri in in_nav:  # other pages show its title and front matter, not its body
                file.page.read_source(config)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(dirty=True, inclusion=InclusionLevel.is_included)
        for template in config.theme.static_templates if templates else ():
            steps._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            steps._build_extra_template(template, files, config, nav)
        search = _search_plugin(config)
        fresh: dict[str, list[dict[str, Any]]] = {}
        rebuilt = 0
        for file in doc_files:
            if file.src_uri not in dirty:
                continue
            before = len(search.search_index.entries) if search else 0
            steps._build_page(file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())
            rebuilt += 1
            if search:
                fresh[file.page.url] = search.search_index.entries[before:]
        for file in doc_files:
            if file.src_uri in dirty:
                file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        if search:
            search.search_index.entries = _merged_entries(site_dir, [f.page.url for f in doc_files], fresh)
        config.plugins.on_post_build(config=config)
    except MkDocsException as error:
        raise engine.SiteError(f"MkDocs n'a pas pu construire le site : {error}") from None
    finally:
        logger.removeHandler(log)
    return rebuilt, log.warnings


def _cache_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _search_plugin(config: Any) -> Any:
    """The search plugin whose index we reassemble, or None when the site has no search."""
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index") and getattr(plugin.config, "enabled", True):
            return plugin
    return None


def _merged_entries(site_dir: Path, urls: list[str], fresh: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The index's entries in page order: new ones for rebuilt pages, the previous ones for the others."""
    previous = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    by_page: dict[str, list[dict[str, Any]]] = {}
    for entry in previous.get("docs", []):
        by_page.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    merged: list[dict[str, Any]] = []
    for url in urls:
        merged.extend(fresh[url] if url in fresh else by_page.get(url, []))
    return merged


def _read_state(path: Path) -> dict[str, Any] | None:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION or not isinstance(state.get("pages"), dict):
        return None
    return state


def _write_state(path: Path, key: str, pages: dict[str, str], warnings: list[str], day: str) -> None:
    data = {"version": STATE_VERSION, "key": key, "pages": pages, "warnings": warnings, "day": day}
    write_bytes(path, json.dumps(data, indent=0, sort_keys=True).encode("utf-8"))


def _forget(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


# -- the steps before MkDocs: is anything to do, which pages to render -------------------------
PORTAL_WORK = "portal"  # under .kb/: the users' portal's pages, build and records, apart from the agents' site's


def work_dir(root: Path, audience: str = "agent") -> Path:
    """Where a site's generated pages, build and records live: .kb/ for the agents', .kb/portal/ for the portal."""
    return root / ".kb" / PORTAL_WORK if audience == "user" else root / ".kb"


def source_key(snapshot: Snapshot, today: date, site_dir: Path, strict: bool, extra: Iterable[Path] = (),
               tickets: Path | None = None) -> str:
    """Hash of every input of `kb build`: when it is the last successful build's, nothing is to do.

    `extra`: other files the pages are made from (the web server logs of --usage); `tickets`: the
    ticket export of --tickets (labelled apart: the same file given to the other option is another build)."""
    from builder.content.git import head
    from builder.site.dependencies import code_digest

    digest = hashlib.sha256()
    for label, value in (("code", code_digest()), ("engine", _engine_versions()), ("today", today.isoformat()),
                         ("site_dir", str(site_dir.resolve())), ("strict", str(strict)),
                         ("head", head(snapshot.root) or "-"), ("epoch", os.environ.get("SOURCE_DATE_EPOCH", ""))):
        digest.update(f"{label}\0{value}\0".encode())
    user_config = snapshot.root / "mkdocs.yml"
    digest.update(b"mkdocs.yml\0" + (user_config.read_bytes() if user_config.is_file() else b"-") + b"\0")
    digest.update(b"kb.yaml\0" + (snapshot.config or b"-") + b"\0")
    for path in snapshot.paths:
        data = snapshot.read(path)
        digest.update(f"{path}\0{len(data)}\0".encode() + data)
    for label, extra_path in [*(("extra", path) for path in extra), *([("tickets", tickets)] if tickets else [])]:
        digest.update(f"{label}\0{extra_path.resolve()}\0".encode())
        with extra_path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def up_to_date(work_dir: Path, key: str, site_dir: Path) -> int | None:
    """The number of pages of the last build when it was made from exactly these inputs, else None."""
    record = _read_json(work_dir / SOURCE_RECORD)
    state = _read_state(work_dir / SITE_STATE)
    if not record or record.get("key") != key or state is None or state.get("warnings"):
        return None
    if not (site_dir / "search" / "search_index.json").is_file():
        return None
    if not all((site_dir / _html_path(rel)).is_file() for rel in state["pages"]):
        return None  # a page removed from the output by hand: the partial build puts it back
    return len(state["pages"])


def forget_source(work_dir: Path) -> None:
    """Called before anything is rebuilt, so that an interrupted build is never taken for up to date."""
    _forget(work_dir / SOURCE_RECORD)


def remember_source(work_dir: Path, key: str) -> None:
    write_bytes(work_dir / SOURCE_RECORD, json.dumps({"key": key}).encode("utf-8"))


def published(work_dir: Path, key: str, target: Path) -> bool:
    """Whether `target` holds the publication of the build made from inputs `key`, whole."""
    record = _read_json(work_dir / PUBLISHED) or {}
    return record.get(str(target.resolve())) == key and up_to_date(work_dir, key, target) is not None


def forget_published(work_dir: Path, target: Path) -> None:
    """Called before a target is replaced: a publication cut short is never taken for done."""
    record = _read_json(work_dir / PUBLISHED) or {}
    if record.pop(str(target.resolve()), None) is not None:
        write_bytes(work_dir / PUBLISHED, json.dumps(record, sort_keys=True).encode("utf-8"))


def remember_published(work_dir: Path, key: str, target: Path) -> None:
    record = _read_json(work_dir / PUBLISHED) or {}
    record[str(target.resolve())] = key
    write_bytes(work_dir / PUBLISHED, json.dumps(record, sort_keys=True).encode("utf-8"))


def load_base(snapshot: Snapshot, work_dir: Path) -> Base:
    """The base, parsing only the files whose bytes the last build did not parse."""
    from builder.site import parsed
    from builder.site.dependencies import code_digest

    code = code_digest()
    base, known = parsed.load(snapshot, parsed.read_cache(work_dir, code))
    parsed.write_cache(work_dir, code, known)
    return base


def generate_changed(base: Base, snapshot: Snapshot, today: date, work_dir: Path,
                     indexes: bool = True, usage: Usage | None = None, audience: str = "agent",
                     coverage: Report | None = None) -> tuple[Generated, int]:
    """Write the docs folder, rendering only pages whose inputs changed; returns (result, pages rendered).

    indexes=False leaves the pages without a key (home, domains, tags, dashboard, usage) as
    they are: `kb serve` shows the edited page first and brings the indexes after.
    `usage` (kb build --usage) adds the usage page and the walk counts of tree pages; `coverage` (kb build
    --tickets) the coverage page. Neither page has a key: they are rendered at every build."""
    from builder.site.dependencies import PageKeys, code_digest
    from builder.site.generate import generate, mkdocs_config, renderers
    from builder.site.pages.usage import node_visits

    state_file = work_dir / PAGES_STATE
    previous = _read_json(state_file) or {}
    _forget(state_file)
    # the inherited mkdocs.yml shapes every body (its Markdown extensions and the sanitiser's allow-list)
    salt = code_digest() + _engine_versions() + hashlib.sha256(mkdocs_config(base).read_bytes()).hexdigest()
    page_keys = PageKeys(base, snapshot, today, salt)
    keys = page_keys.keys(renderers(base, today, usage, audience, coverage))
    visits = node_visits(usage)
    for page in keys:  # a tree page shows its walk counts with --usage (none without)
        shown = "-" if usage is None else json.dumps(visits.get(page_keys.page_of[page], {}), sort_keys=True)
        keys[page] = hashlib.sha256(f"{keys[page]}\0{shown}".encode()).hexdigest()
    docs = work_dir / "docs"
    old: dict[str, list[str]] = previous.get("pages", {}) if isinstance(previous.get("pages"), dict) else {}

    def reuse(page: str) -> bool:
        """Same inputs, and the file is the one written then (same size and time, as the check's cache)."""
        entry = old.get(page)
        return bool(entry) and page in keys and entry[0] == keys[page] and _stat(docs / page) == entry[1]

    kept = {page for page in keys if reuse(page)}
    if not indexes:
        kept |= {page for page in renderers(base, today, usage, audience, coverage)
                 if page not in keys and (docs / page).is_file()}
    generated = generate(base, today, work_dir, usage=usage, reuse=kept.__contains__, audience=audience,
                         coverage=coverage)
    pages = {page: [key, old[page][1] if page in kept else _stat(docs / page)] for page, key in keys.items()}
    write_bytes(state_file, json.dumps({"pages": pages}, sort_keys=True).encode("utf-8"))
    return generated, generated.pages - len(kept)


def _stat(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "-"
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _engine_versions() -> str:
    versions = []
    for package in ENGINE_PACKAGES:
        try:
            versions.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}=-")
    return ",".join(versions) + f",python={sys.version}"


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None

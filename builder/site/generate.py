"""Write the docs folder MkDocs builds: every page, the assets, the navigation.

Only files whose content changed are rewritten (so that `kb serve` rebuilds what
it must), and files that no longer belong are removed.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from datetime import date
from pathlib import Path

from builder.content import urls
from builder.content.atomic import write_bytes
from builder.site.pages.dashboard import dashboard_page
from builder.freshness.figures import overdue_citations
from builder.model import Article, Base, Tree
from builder.site.pages import article as article_page, indexes, tree as tree_page
from builder.site import images as site_images, theme
from builder.site.sanitize import BodyRenderer, template_text
from builder.site.tree_data import HelpRenderer
from builder.site.pages import coverage as coverage_pages, usage as usage_pages
from builder.site.portal import site as portal_site
from builder.site.portal.view import portal_base
from builder.usage.aggregate import Usage
from builder.coverage.report import Report
from builder.usage.beacon import site_files as usage_files

ASSETS_SOURCE = Path(__file__).parent / "assets"
ASSETS_TARGET = "assets/kb"
DEFAULT_MKDOCS = Path(__file__).parent / "mkdocs.default.yml"


@dataclass
class Generated:
    docs_dir: Path
    config_file: Path
    pages: int
    written: int
    removed: int


AGENTS, USERS = "agent", "user"  # kb build --audience: the agents' site, the users' portal


def pages(base: Base, today: date, usage: Usage | None = None, audience: str = AGENTS,
          coverage: Report | None = None) -> dict[str, str]:
    """Every generated page: docs-relative path → Markdown; with `usage` (kb build --usage), the
    « Utilisation » page and the walk counts on tree pages; with `coverage` (kb build --tickets), the
    « Couverture » page."""
    return {path: render() for path, render in renderers(base, today, usage, audience, coverage).items()}


def renderers(base: Base, today: date, usage: Usage | None = None, audience: str = AGENTS,
              coverage: Report | None = None) -> dict[str, Callable[[], str]]:
    """Every generated page, not yet rendered: an incremental build renders only those it must."""
    if audience == USERS:
        return portal_site.renderers(base, mkdocs_config(base))
    out: dict[str, Callable[[], str]] = {
        "index.md": lambda: indexes.home(base, today), "etiquettes.md": lambda: indexes.tags_page(base, today),
        "tableau-de-bord.md": lambda: dashboard_page(base, today)}
    if usage is not None:
        out[usage_pages.PAGE] = partial(usage_pages.usage_page, base, usage)
    if coverage is not None:
        out[coverage_pages.PAGE] = partial(coverage_pages.coverage_page, base, coverage)
    visits = usage_pages.node_visits(usage)
    for domain in base.config.domains:
        out[indexes.domain_file(domain)] = partial(indexes.domain_page, domain, base, today)
    users = article_page.users_of(base)
    late_citations = overdue_citations(base, today)
    renderer = HelpRenderer(base)
    bodies = BodyRenderer(mkdocs_config(base))
    for item in indexes.visible(base):
        if isinstance(item, Article):
            trees = [t for t in users.get(item.id, []) if t.published]
            out[urls.docs_file(item)] = partial(article_page.render, item, base, trees, today, bodies)
        elif isinstance(item, Tree):
            out[urls.docs_file(item)] = partial(tree_page.render, item, base, today, renderer,
                                                late_citations.get(item.id, ()),
                                                None if usage is None else visits.get(item.id, {}))
    return out


def navigation(base: Base, usage: bool = False, coverage: bool = False) -> list[object]:
    domains = [{template_text(label): indexes.domain_file(key)} for key, label in base.config.domains.items()]
    return [{"Accueil": "index.md"}, {"Domaines": domains}, {"Étiquettes": "etiquettes.md"},
            {"Tableau de bord": "tableau-de-bord.md"}, *([{"Utilisation": usage_pages.PAGE}] if usage else []),
            *([{"Couverture": coverage_pages.PAGE}] if coverage else [])]


def mkdocs_config(base: Base) -> Path:
    """The MkDocs configuration the site inherits: the base's own mkdocs.yml, or ours."""
    user_config = base.root / "mkdocs.yml"
    return user_config if user_config.is_file() else DEFAULT_MKDOCS


def generate(base: Base, today: date, work_dir: Path | None = None, serving: bool = False,
             usage: Usage | None = None, reuse: Callable[[str], bool] | None = None,
             audience: str = AGENTS, coverage: Report | None = None) -> Generated:
    """Write the docs folder; a page for which `reuse` says so keeps the file it already has."""
    work = work_dir or base.root / ".kb"
    docs = work / "docs"
    wanted: dict[str, bytes | None] = {
        path: None if reuse and reuse(path) and (docs / path).is_file() else render().encode("utf-8")
        for path, render in renderers(base, today, usage, audience, coverage).items()}
    wanted.update(site_images.published_files(portal_base(base) if audience == USERS else base))
    # the assets (a vendor's README is for who reads the repository; the portal draws no flowchart)
    for asset in ASSETS_SOURCE.rglob("*"):
        if asset.is_file() and asset.suffix != ".md" and not (audience == USERS and "vendor" in asset.parts):
            wanted[f"{ASSETS_TARGET}/{asset.relative_to(ASSETS_SOURCE).as_posix()}"] = asset.read_bytes()
    wanted.update(usage_files(base.config.usage))
    written = 0
    for rel, data in wanted.items():
        written += data is not None and _write_if_changed(docs / rel, data)
    removed = 0
    if docs.is_dir():
        for existing in sorted(docs.rglob("*"), key=str, reverse=True):  # children before their folder
            rel = existing.relative_to(docs).as_posix()
            if existing.is_file() and rel not in wanted:
                existing.unlink()
                removed += 1
            elif existing.is_dir() and not any(existing.iterdir()):
                existing.rmdir()
    for rel, data in theme.overrides(serving, base.config.synonyms).items():
        _write_if_changed(work / "theme" / rel, data)
    config_file = work / "mkdocs.yml"
    config = {
        "INHERIT": str(mkdocs_config(base).resolve()),
        "site_name": template_text(base.config.portal_title if audience == USERS else base.config.title),
        "docs_dir": "docs",
        "theme": {"custom_dir": "theme"},
        "nav": (portal_site.navigation(base) if audience == USERS
                else navigation(base, usage is not None, coverage is not None)),
    }
    if base.config.site_url and audience == AGENTS:
        config["site_url"] = base.config.site_url
    text = "# Généré par kb build : ne pas modifier (voir mkdocs.yml)\n" + json.dumps(config, ensure_ascii=False, indent=2) + "\n"
    _write_if_changed(config_file, text.encode("utf-8"))
    return Generated(docs, config_file, len(wanted), written, removed)


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    write_bytes(path, data)
    return True

"""The portal's pages and navigation, for builder/site/generate.py."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from builder.content import urls
from builder.model import Article, Base, Tree
from builder.site.pages.article import users_of
from builder.site.pages.indexes import domain_file
from builder.site.portal import pages
from builder.site.portal.view import portal_base
from builder.site.sanitize import BodyRenderer, template_text
from builder.site.tree_data import HelpRenderer


def themes(view: Base) -> dict[str, str]:
    """The domains the portal shows (those with at least one item), key → label."""
    used = {item.domain for item in view.items}
    return {key: label for key, label in view.config.domains.items() if key in used}


def renderers(base: Base, mkdocs_config: Path) -> dict[str, Callable[[], str]]:
    view = portal_base(base)
    bodies = BodyRenderer(mkdocs_config)
    contact = pages.contact_html(view, bodies)
    out: dict[str, Callable[[], str]] = {"index.md": partial(pages.home, view, bodies)}
    for domain in themes(view):
        out[domain_file(domain)] = partial(pages.theme_page, domain, view)
    users = users_of(view)
    renderer = HelpRenderer(view)
    for item in view.items:
        if isinstance(item, Article):
            out[urls.docs_file(item)] = partial(pages.article, item, view, users.get(item.id, []), bodies, contact)
        elif isinstance(item, Tree):
            out[urls.docs_file(item)] = partial(pages.tree, item, view, renderer, contact)
    return out


def navigation(base: Base) -> list[object]:
    view = portal_base(base)
    return [{"Accueil": "index.md"},
            {"Thèmes": [{template_text(label): domain_file(key)} for key, label in themes(view).items()]}]

"""The portal's pages: home by theme, one page per theme, articles and guided trees for users.

Rendered from the portal's base (view.portal_base) with the users' words: no owner,
review date, freshness badge, escalation group, priority or identifier is written, and
an article's « ## Pour l'agent » sections are left out.
Every page carries `data-kb-site="p"`, so that its usage signals count for the portal;
an article page also says which article it shows (`data-kb-view`), read by usage.js.
"""
from __future__ import annotations

from collections import defaultdict
from html import escape

from builder.content import urls
from builder.content.markdown import without_agent_sections
from builder.model import Article, Base, Item, Node, Tree
from builder.resolution.diagnostic import fill
from builder.site.links import fill_markdown, relative_url
from builder.site.pages import tree as tree_page
from builder.site.pages.article import body_markdown, split_title
from builder.site.pages.indexes import domain_file
from builder.site.portal.player import player_data
from builder.site.sanitize import BodyRenderer, front_matter_title, html_text, json_for_html, md_text
from builder.site.tree_data import HelpRenderer

SITE_MARK = '<div data-kb-site="p" hidden></div>'


def contact_html(base: Base, bodies: BodyRenderer) -> str:
    """The portal's contact text (kb.yaml portal.contact, Markdown) as sanitised HTML, with the ITSM link."""
    config = base.config
    html = bodies.html(fill_markdown(config.portal_contact, config))
    if config.portal_itsm_url:
        html += (f'<p><a class="md-button" href="{html_text(config.portal_itsm_url)}">'
                 "Faire une demande sur le portail du support</a></p>")
    return html


def _entry(item: Item, here: str) -> str:
    return f'- <a href="{relative_url(here, urls.page_path(item))}">{md_text(item.title)}</a>'


def home(base: Base, bodies: BodyRenderer) -> str:
    config = base.config
    count: dict[str, int] = defaultdict(int)
    for item in base.items:
        count[item.domain] += 1
    lines = [SITE_MARK, "", f"# {md_text(config.portal_title)}", "",
             bodies.body(fill_markdown(config.portal_intro, config)), "", "## Thèmes", ""]
    for key, label in config.domains.items():
        if count[key]:
            lines.append(f"- [{md_text(label)}]({domain_file(key)}) — {count[key]} fiche{'s' if count[key] > 1 else ''}")
    if not base.items:
        lines.append("Aucune fiche n'est encore publiée pour les usagers.")
    lines += ["", "## Besoin d'aide ?", "", f'<div class="kb-contact">\n{contact_html(base, bodies)}\n</div>', ""]
    return "\n".join(lines)


def theme_page(domain: str, base: Base) -> str:
    here = domain_file(domain)
    label = base.config.domains.get(domain, domain)
    items = sorted((i for i in base.items if i.domain == domain), key=lambda i: i.title.lower())
    trees = [i for i in items if isinstance(i, Tree)]
    articles = [i for i in items if isinstance(i, Article)]
    lines = [SITE_MARK, "", "---", f"title: {front_matter_title(label)}", "---", "", f"# {md_text(label)}", ""]
    if trees:
        lines += ["## Guides pas à pas", "", "Répondez à quelques questions : le guide vous mène à la solution.", ""]
        lines += [_entry(t, here) for t in trees] + [""]
    if articles:
        lines += ["## Fiches pratiques", ""] + [_entry(a, here) for a in articles] + [""]
    if not items:
        lines += ["Aucune fiche dans ce thème pour l'instant.", ""]
    return "\n".join(lines)


def _theme_line(item: Item, base: Base, here: str) -> str:
    label = base.config.domains.get(item.domain, item.domain)
    return (f'<p class="kb-portal-theme">Thème : <a href="{relative_url(here, urls.domain_path(item.domain))}">'
            f"{escape(label)}</a></p>")


def article(item: Article, base: Base, trees_using: list[Tree], bodies: BodyRenderer, contact: str) -> str:
    here = urls.docs_file(item)
    heading, body = split_title(without_agent_sections(item.body), item.title)
    related = [base.by_id[r.target] for r in item.related if r.target in base.by_id]
    parts = ["---", f"title: {front_matter_title(heading)}", "---", "",
             f'<div data-kb-site="p" data-kb-view="{escape(item.id)}" hidden></div>', "",
             f"# {heading if bodies.is_clean(f'# {heading}') else md_text(heading)}", "",
             _theme_line(item, base, here), "", body_markdown(body.strip("\n"), item, base, here, bodies), ""]
    if related:
        parts += ["## Voir aussi", ""] + [_entry(i, here) for i in related] + [""]
    if trees_using:
        parts += ["## Guides pas à pas", ""] + [_entry(t, here) for t in trees_using] + [""]
    parts += ["## Toujours bloqué ?", "", f'<div class="kb-contact">\n{contact}\n</div>', ""]
    return "\n".join(parts)


def tree(item: Tree, base: Base, renderer: HelpRenderer, contact: str) -> str:
    here = urls.docs_file(item)
    data = json_for_html(player_data(item, base, renderer, contact))
    parts = [SITE_MARK, "", "---", f"title: {front_matter_title(item.title)}", "---", "",
             f"# {md_text(item.title)}", "", _theme_line(item, base, here), ""]
    if item.symptoms:
        parts += ['<p class="kb-symptoms"><strong>Ce guide vous aide si :</strong> '
                  + escape(" ; ".join(f"« {s.value} »" for s in item.symptoms)) + "</p>", ""]
    parts += [
        f'<div class="kb-player kb-player--user" data-kb-player="{escape(item.id)}" hidden></div>', "",
        f'<script type="application/json" id="kb-player-data">{data}</script>', "",
        '<details class="kb-outline">', "<summary>Toutes les étapes du guide</summary>",
        tree_page.outline(item, base, here, describe=describe), "</details>", "",
    ]
    return "\n".join(parts)


def describe(node: Node, base: Base, here: str) -> str:
    """A step in the users' words (the no-JavaScript outline)."""
    text = escape(fill(node.text, base.config))
    target = base.tree(node.goto.target) if node.kind == "goto" and node.goto else None
    if node.kind == "ask":
        return f"<strong>Question :</strong> {text}"
    if node.kind == "do":
        return f"<strong>À faire :</strong> {text}"
    if node.kind == "resolved":
        return f"<strong>Solution :</strong> {text}"
    if target is not None:
        return (f'<strong>Suite dans le guide :</strong> <a href="{relative_url(here, urls.page_path(target))}">'
                f"{escape(target.title)}</a>")
    return "<strong>Contactez le support</strong> (voir plus bas)"

"""An article's page: its title, a metadata block, its body, what links to it."""
from __future__ import annotations

from datetime import date
from html import escape

from builder.content import urls
from builder.model import AUDIENCE_LABELS, TYPE_LABELS, Article, Base, Item, Tree
from builder.content.fr import french_date
from builder.site.badges import freshness_badge
from builder.site.images import rewrite_for_page, rewrite_markdown as rewrite_images
from builder.site.links import fill_markdown, relative_url, rewrite_id_links
from builder.site.sanitize import BodyRenderer, front_matter_title, md_text


def split_title(body: str, title: str) -> tuple[str, str]:
    """The body's own `# heading` if it starts with one, else the front matter title."""
    stripped = body.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    if first.startswith("# "):
        return first[2:].strip(), rest
    return title, body


def users_of(base: Base) -> dict[str, list[Tree]]:
    """For each article id, the published trees that cite it (see or related)."""
    cited: dict[str, list[Tree]] = {}
    for tree in base.trees:
        ids = {ref.target for node in tree.nodes.values() for ref in node.see}
        for item_id in sorted(ids):
            cited.setdefault(item_id, []).append(tree)
    return cited


def _link(item: Item, from_file: str) -> str:
    return f'<a href="{relative_url(from_file, urls.page_path(item))}">{md_text(item.title)}</a>'


def body_markdown(text: str, article: Article, base: Base, here: str, bodies: BodyRenderer) -> str:
    """The body for the page's Markdown: images and id links rewritten, then made safe.

    A body the sanitiser would change is published as HTML, whose image addresses MkDocs
    does not rewrite: its images are then addressed from the page's URL (as relative_url).
    """
    def prepared(with_images: str) -> str:
        return fill_markdown(rewrite_id_links(with_images, base, here), base.config)

    markdown = prepared(rewrite_images(text, base, article.path, here))
    published = bodies.body(markdown)
    if published == markdown or "![" not in text:
        return published
    return bodies.body(prepared(rewrite_for_page(text, base, article.path, here[:-len(".md")] + "/")))


def render(article: Article, base: Base, trees_using: list[Tree], today: date,
           bodies: BodyRenderer | None = None) -> str:
    config = base.config
    bodies = bodies or BodyRenderer()
    here = urls.docs_file(article)
    heading, body = split_title(article.body, article.title)
    domain = config.domains.get(article.domain, article.domain)
    related = [base.by_id[r.target] for r in article.related if r.target in base.by_id]
    rows = [
        ("Domaine", f'<a href="{relative_url(here, urls.domain_path(article.domain))}">{escape(domain)}</a>'),
        ("Type", escape(TYPE_LABELS.get(article.type, article.type))),
        ("Public", escape(", ".join(AUDIENCE_LABELS.get(a, a) for a in article.audience))),
        ("Responsable", escape(article.owner)),
        ("Revu le", f"{french_date(article.reviewed, 'jamais')} "
                    f"{freshness_badge(article, config, today)}"),
        ("Identifiant", f"<code>{escape(article.id)}</code>"),
    ]
    if article.tags:
        rows.append(("Étiquettes", ", ".join(
            f'<a href="{relative_url(here, "etiquettes/")}#{escape(urls.heading_anchor(t))}">{escape(t)}</a>'
            for t in article.tags)))
    meta = "\n".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    parts = [
        "---", f"title: {front_matter_title(heading)}", "---", "",
        f"# {heading if bodies.is_clean(f'# {heading}') else md_text(heading)}", "",
        f'<dl class="kb-meta">\n{meta}\n</dl>', "",
        body_markdown(body.strip("\n"), article, base, here, bodies), "",
    ]
    if related:
        parts += ["## Voir aussi", ""] + [f"- {_link(i, here)}" for i in related] + [""]
    if trees_using:
        parts += ["## Arbres qui utilisent cet article", ""] + [f"- {_link(t, here)}" for t in trees_using] + [""]
    return "\n".join(parts)


"""The pages that list items: the home page, one page per domain, the tags page."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from builder.content import urls
from builder.model import Article, Base, Item, Tree
from builder.site.badges import freshness_badge
from builder.site.links import relative_url
from builder.site.sanitize import front_matter_title, md_text

DOMAINS_DIR = urls.DOMAINS
TYPE_PLURALS = {"procedure": "Procédures", "faq": "Questions fréquentes", "incident": "Incidents",
                "tutorial": "Tutoriels", "reference": "Références"}


def domain_file(domain: str) -> str:
    return f"{DOMAINS_DIR}/{domain}.md"


def visible(base: Base) -> list[Item]:
    """What the site publishes: published items (drafts and archived ones stay out)."""
    return [i for i in base.items if i.published and i.id]


def _entry(item: Item, here: str, base: Base, today: date) -> str:
    href = relative_url(here, urls.page_path(item))
    return f'- <a href="{href}">{md_text(item.title)}</a> {freshness_badge(item, base.config, today)}'


def home(base: Base, today: date) -> str:
    items = visible(base)
    trees = sum(isinstance(i, Tree) for i in items)
    lines = [f"# {md_text(base.config.title)}", "",
             f"{len(items) - trees} articles et {trees} arbres de résolution, classés par domaine. "
             "Cherchez avec la loupe, ou ouvrez un domaine :", ""]
    count: dict[str, int] = defaultdict(int)
    for item in items:
        count[item.domain] += 1
    for key, label in base.config.domains.items():
        if count[key]:
            lines.append(f"- [{md_text(label)}]({domain_file(key)}) — {count[key]} élément{'s' if count[key] > 1 else ''}")
    lines += ["", "Voir aussi : [toutes les étiquettes](etiquettes.md) · [tableau de bord de la fraîcheur]"
              "(tableau-de-bord.md)", ""]
    return "\n".join(lines)


def domain_page(domain: str, base: Base, today: date) -> str:
    here = domain_file(domain)
    label = base.config.domains.get(domain, domain)
    items = [i for i in visible(base) if i.domain == domain]
    trees = sorted((i for i in items if isinstance(i, Tree)), key=lambda i: i.title.lower())
    articles = [i for i in items if isinstance(i, Article)]
    lines = ["---", f"title: {front_matter_title(label)}", "---", "", f"# {md_text(label)}", ""]
    if trees:
        lines += ["## Arbres de résolution", ""] + [_entry(t, here, base, today) for t in trees] + [""]
    by_type: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_type[article.type].append(article)
    for kind, heading in TYPE_PLURALS.items():
        group = sorted(by_type.get(kind, []), key=lambda a: a.title.lower())
        if group:
            lines += [f"## {heading}", ""] + [_entry(a, here, base, today) for a in group] + [""]
    if not items:
        lines += ["Aucun élément publié dans ce domaine pour l'instant.", ""]
    return "\n".join(lines)


def tags_page(base: Base, today: date) -> str:
    here = "etiquettes.md"
    tagged: dict[str, list[Item]] = defaultdict(list)
    for item in visible(base):
        for tag in getattr(item, "tags", ()):
            tagged[tag].append(item)
    lines = ["# Étiquettes", ""]
    for tag in sorted(tagged, key=str.lower):
        lines += [f"## {md_text(tag)}", ""] + [_entry(i, here, base, today)
                                       for i in sorted(tagged[tag], key=lambda i: i.title.lower())] + [""]
    return "\n".join(lines)

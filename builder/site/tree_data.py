"""The JSON a tree page embeds for its player: the tree, the trees it continues into.

Texts come twice: `text` with placeholders filled, as the diagnostic needs it
(the same as `kb run`), and `html` for display. The priority matrix and the
labels come from the Python tables, so that the two implementations cannot drift.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from builder.content import urls
from builder.resolution.diagnostic import fill
from builder.content.fr import french_date
from builder.content.markdown import ID_LINK, sub_outside_code
from builder.model import IMPACT_LABELS, URGENCY_LABELS, Base, Tree
from builder.resolution.priority import MATRIX, VIP_PRIORITY
from builder.site.badges import freshness
from builder.site.images import rewrite_for_page
from builder.site.links import fill_markdown, relative_url
from builder.site.sanitize import BodyRenderer

MARKDOWN_EXTENSIONS = ["admonition", "tables", "attr_list", "sane_lists"]  # help texts: no toc, no fences


class HelpRenderer:
    """Markdown help texts to sanitised HTML, with id links resolved for one page."""

    def __init__(self, base: Base, bodies: BodyRenderer | None = None) -> None:
        self.base = base
        self.bodies = bodies or BodyRenderer(extensions=MARKDOWN_EXTENSIONS)

    def html(self, text: str, from_file: str, source: str = "") -> str:
        """`source`: the content file the text comes from, whose images it may show."""
        def link(match: Any) -> str | None:
            item = self.base.by_id.get(match.group("target"))
            if item is None or not item.published:  # not on this site: the words stay, the link goes
                return match.group("text")
            return f"[{match.group('text')}]({relative_url(from_file, urls.page_path(item))}{match.group('anchor') or ''})"

        if source:
            text = rewrite_for_page(text, self.base, source, from_file[:-len(".md")] + "/")
        markdown = fill_markdown(sub_outside_code(text, ID_LINK, link), self.base.config)
        return self.bodies.html(markdown)


def reachable_trees(base: Base, tree: Tree) -> list[Tree]:
    """The tree and every tree its gotos lead to, transitively."""
    seen = {tree.id: tree}
    queue = [tree]
    while queue:
        for node in queue.pop().nodes.values():
            target = base.tree(node.goto.target) if node.goto else None
            if target and target.id not in seen:
                seen[target.id] = target
                queue.append(target)
    return list(seen.values())


def player_data(tree: Tree, base: Base, today: date, renderer: HelpRenderer) -> dict[str, Any]:
    config = base.config
    here = urls.docs_file(tree)
    trees = {}
    for t in reachable_trees(base, tree):
        state, label, explain = freshness(t, config, today)
        trees[t.id] = {
            "id": t.id, "title": t.title, "version": french_date(t.reviewed, "date inconnue"),
            "url": relative_url(here, urls.page_path(t)),
            "freshness": {"state": state, "label": label, "title": explain},
            "start": t.start.target if t.start else None,
            "nodes": {name: _node(node, base, here, today, renderer, t.path) for name, node in t.nodes.items()},
        }
    return {
        "root": tree.id,
        "trees": trees,
        "groups": config.groups,
        "limits": {"escalate": config.escalate_within, "resolve": config.resolve_within},
        "matrix": MATRIX, "vip": VIP_PRIORITY,
        "labels": {"impact": IMPACT_LABELS, "urgency": URGENCY_LABELS},
    }


def _node(node: Any, base: Base, here: str, today: date, renderer: HelpRenderer, source: str) -> dict[str, Any]:
    config = base.config
    data: dict[str, Any] = {"kind": node.kind, "duration": node.duration}
    if node.text:
        data["text"] = fill(node.text, config)
        data["html"] = renderer.html(node.text, here)
    if node.help:
        data["help"] = renderer.html(node.help.value, here, source)
    if node.see:
        data["see"] = []
        for ref in node.see:
            article = base.article(ref.target)
            if article is None:
                continue
            state, label, explain = freshness(article, config, today)
            data["see"].append({"id": article.id, "title": article.title,
                                "url": relative_url(here, urls.page_path(article)),
                                "freshness": {"state": state, "label": label, "title": explain}})
    if node.kind == "ask":
        data["answers"] = [{"label": a.label, "next": a.next.target if a.next else None} for a in node.answers]
    elif node.kind == "do":
        data["next"] = node.next.target if node.next else None
    elif node.kind == "goto":
        data["goto"] = node.goto.target if node.goto else None
    elif node.kind == "escalate":
        data.update({"group": node.group.target if node.group else None, "impact": node.impact,
                     "urgency": node.urgency, "ticket": fill(node.ticket, config) if node.ticket else ""})
    if node.kind in ("resolved", "escalate") and node.category:
        data["category"] = node.category.value
    return data

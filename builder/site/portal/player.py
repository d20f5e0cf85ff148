"""The JSON a portal tree page embeds: the tree as a member of staff walks it.

The agents' player data (builder/site/tree_data.py) carries groups, priorities,
the VIP rule, time limits and review states; none of it is here. An escalation, and
a `goto` into a tree the portal does not publish, become the same end: « contact
the support », with the portal's contact text.
"""
from __future__ import annotations

from typing import Any

from builder.content import urls
from builder.model import Base, Node, Tree
from builder.resolution.diagnostic import fill
from builder.site.links import relative_url
from builder.site.tree_data import HelpRenderer, reachable_trees


def player_data(tree: Tree, base: Base, renderer: HelpRenderer, contact_html: str) -> dict[str, Any]:
    """`base`: the portal's (portal_base), so that only what users may see can be reached."""
    here = urls.docs_file(tree)
    trees = {
        t.id: {"id": t.id, "title": t.title, "url": relative_url(here, urls.page_path(t)),
               "start": t.start.target if t.start else None,
               "nodes": {name: _node(node, base, here, renderer, t.path) for name, node in t.nodes.items()}}
        for t in reachable_trees(base, tree)}
    return {"mode": "user", "root": tree.id, "trees": trees, "contact": contact_html,
            "itsm": base.config.portal_itsm_url}


def _node(node: Node, base: Base, here: str, renderer: HelpRenderer, source: str) -> dict[str, Any]:
    kind = node.kind
    if kind == "goto" and (node.goto is None or base.tree(node.goto.target) is None):
        kind = "escalate"  # the tree it continues into is not for users: they are sent to the support
    data: dict[str, Any] = {"kind": kind}
    if node.text and kind != "escalate":
        data["text"] = fill(node.text, base.config)
        data["html"] = renderer.html(node.text, here)
    if node.help and kind != "escalate":
        data["help"] = renderer.html(node.help.value, here, source)
    see = [base.article(ref.target) for ref in node.see]
    if any(see) and kind != "escalate":
        data["see"] = [{"title": a.title, "url": relative_url(here, urls.page_path(a))} for a in see if a]
    if kind == "ask":
        data["answers"] = [{"label": a.label, "next": a.next.target if a.next else None} for a in node.answers]
    elif kind == "do":
        data["next"] = node.next.target if node.next else None
    elif kind == "goto":
        data["goto"] = node.goto.target if node.goto else None
    return data

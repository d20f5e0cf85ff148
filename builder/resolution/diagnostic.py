"""The text an agent pastes into the ticket at the end of a tree.

The site's player produces the same text in JavaScript: the format is written
down in the README (section « Le diagnostic ») and a browser test compares both.
"""
from __future__ import annotations

import re

from builder.content.fr import french_date
from builder.model import Config, Tree
from builder.resolution.priority import explain
from builder.resolution.walk import Walk

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")


def fill(text: str, config: Config) -> str:
    """Replace {{ name }} by the value kb.yaml gives it."""
    return _PLACEHOLDER.sub(lambda m: config.placeholders.get(m.group(1), m.group(0)), text)


def tree_line(tree: Tree) -> str:
    return f"{tree.id} — {tree.title} (version du {french_date(tree.reviewed, 'date inconnue')})"


def render(walk: Walk, config: Config, vip: bool = False) -> str:
    lines = [f"Arbre : {tree_line(walk.tree)}", "Parcours :"]
    number = 0
    for event in walk.history:
        node = event.step.node
        if node.kind == "goto":
            target = walk.base.tree(node.goto.target) if node.goto else None
            if target:
                lines.append(f"Suite dans l'arbre : {tree_line(target)}")
            continue
        number += 1
        if node.kind == "ask":
            lines.append(f"{number}. {fill(node.text, config)} → {event.answer}")
        else:
            lines.append(f"{number}. Fait : {fill(node.text, config)}")
    if number == 0:
        lines.append("(aucune étape)")
    end = walk.current.node
    if end.kind == "resolved":
        lines.append(f"Résultat : résolu — {fill(end.text, config)}")
    elif end.kind == "escalate":
        group = end.group.target if end.group else "?"
        lines.append(f"Résultat : escalade vers {group} — {config.groups.get(group, 'groupe inconnu')}")
        lines.append(f"Priorité : {explain(end.impact, end.urgency, vip)}")
        if end.ticket:
            lines.append(f"À joindre au ticket : {fill(end.ticket, config)}")
    else:
        lines.append("Résultat : parcours interrompu")
    return "\n".join(lines)

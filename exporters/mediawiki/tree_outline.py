"""A resolution tree as a readable wiki page: its steps in order, each with where it leads.

Steps are numbered from the start node, breadth first along the answers, so that the
page reads in the order an agent meets them; the site's player stays the way to walk it.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable

from builder.model import Base, Config, Node, Tree
from builder.resolution.priority import explain
from builder.content.urls import page_url

from exporters.mediawiki.wikitext import fill_prose, literal


def step_order(tree: Tree) -> list[str]:
    """Node names from the start, breadth first; unreachable nodes last, in file order."""
    order: list[str] = []
    queue = deque([tree.start.target] if tree.start and tree.start.target in tree.nodes else [])
    while queue:
        name = queue.popleft()
        if name in order or name not in tree.nodes:
            continue
        order.append(name)
        queue.extend(ref.target for ref in tree.nodes[name].successors())
    return order + [name for name in tree.nodes if name not in order]


def _doc(tree: Tree, node: str, part: str) -> str:
    return f"{tree.id}/{node}/{part}"


def outline_documents(tree: Tree, config: Config) -> dict[str, str]:
    """The Markdown texts of the tree that pandoc converts (node texts, help, tickets)."""
    docs = {f"{tree.id}/-/symptom{i}": fill_prose(s.value, config) for i, s in enumerate(tree.symptoms)}
    for node in tree.nodes.values():
        if node.text:
            docs[_doc(tree, node.id, "text")] = fill_prose(node.text, config)
        if node.help:
            docs[_doc(tree, node.id, "help")] = fill_prose(node.help.value, config)
        if node.ticket:
            docs[_doc(tree, node.id, "ticket")] = fill_prose(node.ticket, config)
    return docs


def _inline(converted: dict[str, str], name: str) -> str:
    return " ".join(converted.get(name, "").split("\n")).strip()


def render_outline(base: Base, tree: Tree, converted: dict[str, str], titles: dict[str, str]) -> str:
    order = step_order(tree)
    number = {name: i for i, name in enumerate(order, 1)}

    def step_link(name: str | None) -> str:
        if name not in number:
            return "?"
        return f"[[#Étape {number[name]}|étape {number[name]}]]"

    def item_link(item_id: str) -> str:
        item = base.by_id.get(item_id)
        label = literal(item.title if item else item_id)
        return f"[[{titles[item_id]}|{label}]]" if item_id in titles else f"{label} ({item_id})"

    lines = [f"'''Arbre de résolution.''' Pour le parcourir question par question et obtenir le diagnostic "
             f"à coller dans le ticket, ouvrez le [{page_url(base.config, tree)} lecteur interactif sur le site].",
             ""]
    symptoms = [_inline(converted, f"{tree.id}/-/symptom{i}") for i in range(len(tree.symptoms))]
    if symptoms:
        lines += ["== Symptômes ==", *[f"* {s}" for s in symptoms], ""]
    lines.append("== Étapes ==")
    for name in order:
        node = tree.nodes[name]
        lines += ["", f"=== Étape {number[name]} ===", *_step(base, tree, node, converted, step_link, item_link)]
    return "\n".join(lines)


def _step(base: Base, tree: Tree, node: Node, converted: dict[str, str], step_link: Callable[[str | None], str],
          item_link: Callable[[str], str]) -> list[str]:
    text = _inline(converted, _doc(tree, node.id, "text"))
    lines: list[str] = []
    if node.kind == "ask":
        lines.append(f"'''Question :''' {text}")
    elif node.kind == "do":
        lines.append(f"'''Action :''' {text} ''(environ {node.duration} min)''")
    elif node.kind == "goto" and node.goto:
        lines.append(f"'''Suite dans l'arbre''' {item_link(node.goto.target)}.")
    elif node.kind == "resolved":
        lines.append(f"'''Fin : résolu.''' {text}")
    elif node.kind == "escalate":
        group = node.group.target if node.group else "?"
        lines.append(f"'''Fin : escalade''' vers '''{literal(group)}''' ({literal(base.config.groups.get(group, 'groupe inconnu'))}), "
                     f"priorité {explain(node.impact, node.urgency)}.")
        if node.ticket:
            lines.append(f"À joindre au ticket : {_inline(converted, _doc(tree, node.id, 'ticket'))}")
    help_text = converted.get(_doc(tree, node.id, "help"), "").strip()
    if help_text:
        lines += ["", help_text, ""]
    if node.see:
        lines.append("À consulter : " + ", ".join(item_link(ref.target) for ref in node.see) + ".")
    if node.kind == "ask":
        lines += [f"* ''{literal(answer.label)}'' → {step_link(answer.next.target if answer.next else None)}"
                  for answer in node.answers]
    elif node.kind == "do":
        lines.append(f"Ensuite : {step_link(node.next.target if node.next else None)}.")
    return lines

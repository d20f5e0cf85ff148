"""A tree's own structure: its start, its links between nodes, its questions."""
from __future__ import annotations

from builder.codes import finding
from builder.model import Base, Finding, Tree
from builder.content.suggest import did_you_mean


def check(base: Base) -> list[Finding]:
    found: list[Finding] = []
    for tree in base.trees:
        found.extend(_check_tree(tree))
    return found


def _check_tree(tree: Tree) -> list[Finding]:
    found = []
    names = tree.nodes
    if tree.start and tree.start.target not in names:
        found.append(finding("TR101", tree.path, tree.start.pos, f"le nœud de départ « {tree.start.target} » n'existe pas",
                             did_you_mean(tree.start.target, names)))
    for node in names.values():
        for ref in node.successors():
            if ref.target not in names:
                found.append(finding("TR102", tree.path, ref.pos, f"le nœud cible « {ref.target} » n'existe pas",
                                     did_you_mean(ref.target, names)))
        if node.kind != "ask":
            continue
        if len(node.answers) < 2 and "answers" in node.keypos and "answers" not in node.invalid:
            found.append(finding("TR106", tree.path, node.at("answers"),
                                 f"la question « {node.id} » a {len(node.answers)} réponse"
                                 f"{'s' if len(node.answers) > 1 else ''} : il en faut au moins deux",
                                 "ajoutez une réponse, ou faites-en une action « do » suivie de « next »"))
        seen: dict[str, int] = {}
        for answer in node.answers:
            if not answer.label:
                continue
            if answer.label in seen:
                found.append(finding("TR107", tree.path, answer.pos,
                                     f"réponse « {answer.label} » en double dans « {node.id} » "
                                     f"(déjà ligne {seen[answer.label] + 1})", "donnez des libellés distincts"))
            else:
                seen[answer.label] = answer.pos.line
    return found

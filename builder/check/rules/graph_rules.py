"""Checks on the base as a graph: reachability, exits, goto cycles, time to escalate."""
from __future__ import annotations

from builder.codes import finding
from builder.check.graph import BaseGraph, NodeKey, PathTime
from builder.model import Base, Finding, Tree


def check(base: Base, graph: BaseGraph) -> list[Finding]:
    found: list[Finding] = []
    for tree in base.trees:
        if graph.has_broken_links(tree):
            continue  # where the broken links lead is unknown: the link is the one finding
        for name in graph.unreachable(tree):
            found.append(finding("TR103", tree.path, tree.nodes[name].pos,
                                 f"le nœud « {name} » n'est atteignable depuis aucun chemin partant de "
                                 f"« {tree.start.target if tree.start else '?'} »",
                                 "reliez-le par une réponse ou un « next », ou supprimez-le"))
    for members in graph.without_exit():
        found.append(_no_exit(graph, members))
    for cycle in graph.goto_cycles():
        found.extend(_goto_cycle(graph, cycle))
    limits = {"escalate": ("TR108", base.config.escalate_within, "une escalade"),
              "resolved": ("TR109", base.config.resolve_within, "une résolution")}
    for tree in base.trees:
        worst = graph.worst_times(tree)
        for kind, (code, limit, label) in limits.items():
            if limit is not None and kind in worst and worst[kind].minutes > limit:
                found.append(_too_long(graph, tree, worst[kind], code, limit, label))
    return found


def _label(graph: BaseGraph, tree: Tree, key: NodeKey) -> str:
    if key[0] == tree.path:
        return key[1]
    other = graph.trees[key[0]]
    return f"{other.id or other.path}:{key[1]}"


def _no_exit(graph: BaseGraph, members: list[NodeKey]) -> Finding:
    path, name = members[0]
    tree = graph.trees[path]
    if len(members) == 1:
        message = f"aucune fin n'est atteignable depuis « {name} »"
    else:
        names = " → ".join(_label(graph, tree, k) for k in members)
        message = f"boucle sans issue entre {names} : aucune fin (resolved ou escalate) n'est atteignable"
    return finding("TR104", path, tree.nodes[name].pos, message,
                   "ajoutez une réponse qui mène à une résolution ou à une escalade")


def _goto_cycle(graph: BaseGraph, cycle: list[str]) -> list[Finding]:
    ids = [graph.trees[p].id for p in cycle]
    text = " → ".join([*ids, ids[0]])
    found = []
    for index, path in enumerate(cycle):
        follower = graph.trees[cycle[(index + 1) % len(cycle)]]
        for node in graph.trees[path].nodes.values():
            if node.goto and node.goto.target == follower.id:
                found.append(finding("TR105", path, node.goto.pos, f"cycle de « goto » entre arbres : {text}",
                                     "un arbre ne doit pas, de goto en goto, revenir à lui-même"))
    return found


def _too_long(graph: BaseGraph, tree: Tree, worst: PathTime, code: str, limit: int, label: str) -> Finding:
    inside = [k for k in worst.path if k[0] == tree.path]
    last = tree.nodes[inside[-1][1]]
    names = " → ".join(_label(graph, tree, k) for k in worst.path)
    return finding(code, tree.path, last.pos,
                   f"le pire parcours jusqu'à {label} dure {worst.minutes} min, au-delà des {limit} min "
                   f"de la convention : {names}",
                   "raccourcissez le parcours, ajustez les durées ou escaladez plus tôt")

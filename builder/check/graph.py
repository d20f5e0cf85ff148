"""The whole base as one directed graph: tree nodes, gotos between trees, article links.

Graph keys are (tree path, node name) for tree nodes and ids for articles; paths
rather than ids so that two trees sharing an id (already an error) stay apart.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import networkx as nx

from builder.model import Base, Node, Tree

NodeKey = tuple[str, str]


@dataclass(frozen=True)
class PathTime:
    minutes: int
    path: tuple[NodeKey, ...]


class BaseGraph:
    def __init__(self, base: Base) -> None:
        self.base = base
        self.graph = nx.DiGraph()
        self.trees: dict[str, Tree] = {t.path: t for t in base.trees}
        self.broken: set[NodeKey] = set()  # nodes whose links do not resolve (reported elsewhere)
        for tree in base.trees:
            self._add_tree(tree)
        for article in base.articles:
            for ref in article.related:
                self.graph.add_edge(article.id, self._item_key(ref.target), kind="related")

    def _item_key(self, item_id: str) -> str | NodeKey:
        """A tree's entry node, or the id itself (an article, or a tree whose start is broken)."""
        tree = self.base.tree(item_id)
        entry = self.entry(tree) if tree else None
        return entry or item_id

    def entry(self, tree: Tree) -> NodeKey | None:
        if tree.start and tree.start.target in tree.nodes:
            return (tree.path, tree.start.target)
        return None

    def goto_target(self, node: Node) -> Tree | None:
        return self.base.tree(node.goto.target) if node.goto else None

    def _add_tree(self, tree: Tree) -> None:
        g = self.graph
        for name, node in tree.nodes.items():
            key = (tree.path, name)
            g.add_node(key, kind=node.kind)
            for ref in node.successors():
                if ref.target in tree.nodes:
                    g.add_edge(key, (tree.path, ref.target), kind="next")
                else:
                    self.broken.add(key)
            if node.kind == "goto":
                target = self.goto_target(node)
                entry = self.entry(target) if target else None
                if entry:
                    g.add_edge(key, entry, kind="goto")
                else:
                    self.broken.add(key)
            elif node.kind is None or node.invalid & {"answers", "next"} or (node.kind == "ask" and not node.answers) or \
                    (node.kind == "do" and not node.next):
                self.broken.add(key)  # malformed: reported by the schema checks
            for ref in node.see:
                g.add_edge(key, ref.target, kind="see")

    def has_broken_links(self, tree: Tree) -> bool:
        """Whether a node of the tree has a link that leads nowhere or was written wrong."""
        return any(key[0] == tree.path for key in self.broken) or \
            any(node.invalid & {"answers", "next"} for node in tree.nodes.values())

    def flow_successors(self, key: NodeKey) -> list[NodeKey]:
        return [s for s, data in self.graph.adj[key].items() if data["kind"] in ("next", "goto")]

    # -- queries -------------------------------------------------------------------------
    def unreachable(self, tree: Tree) -> list[str]:
        """Nodes of the tree that no path from its start reaches."""
        entry = self.entry(tree)
        if entry is None:
            return []
        seen = {entry[1]}
        queue = deque([entry[1]])
        while queue:
            for ref in tree.nodes[queue.popleft()].successors():
                if ref.target in tree.nodes and ref.target not in seen:
                    seen.add(ref.target)
                    queue.append(ref.target)
        return [name for name in tree.nodes if name not in seen]

    def without_exit(self) -> list[list[NodeKey]]:
        """Groups of nodes from which no terminal can be reached, as their root causes.

        Every node that cannot reach a terminal leads into a sink of the condensed
        graph of such nodes (a dead end or a cycle without exit): those sinks are
        what the author must fix; their predecessors follow once they are fixed.
        """
        flow = nx.DiGraph()
        flow.add_nodes_from(k for k in self.graph if isinstance(k, tuple))
        flow.add_edges_from((u, v) for u, v, kind in self.graph.edges(data="kind") if kind in ("next", "goto"))
        exits = {k for k, kind in self.graph.nodes(data="kind") if kind in ("resolved", "escalate")} | self.broken
        can_exit: set[NodeKey] = set(exits)
        queue = deque(exits)
        while queue:
            for pred in flow.predecessors(queue.popleft()):
                if pred not in can_exit:
                    can_exit.add(pred)
                    queue.append(pred)
        stuck = flow.subgraph(k for k in flow if k not in can_exit)
        if not stuck:
            return []
        condensed = nx.condensation(stuck)
        return [sorted(condensed.nodes[c]["members"]) for c in condensed if condensed.out_degree(c) == 0]

    def goto_cycles(self) -> list[list[str]]:
        """Cycles of trees that continue into each other through goto (tree paths)."""
        trees = nx.DiGraph()
        for tree in self.base.trees:
            for node in tree.nodes.values():
                target = self.goto_target(node)
                if target:
                    trees.add_edge(tree.path, target.path)
        cycles = []
        for component in nx.strongly_connected_components(trees):
            if len(component) > 1 or any(trees.has_edge(t, t) for t in component):
                cycles.append(nx.find_cycle(trees.subgraph(component), source=min(component)))
        return [[u for u, _ in cycle] for cycle in cycles]

    def worst_times(self, tree: Tree) -> dict[str, PathTime]:
        """The longest path, in minutes, from the start to each kind of terminal.

        Every node on the path counts its duration (default 1 min), the start and the
        terminal included. A path that comes back on itself (a loop « réessayez »)
        is counted once around. Walked with an explicit stack: a chain of thousands
        of nodes must not exhaust Python's recursion limit.
        """
        entry = self.entry(tree)
        if entry is None:
            return {}
        memo: dict[NodeKey, dict[str, PathTime]] = {}
        on_path: set[NodeKey] = set()
        stack: list[_Frame] = []
        result = self._enter(entry, memo, on_path, stack)
        while stack:
            frame = stack[-1]
            if frame.index < len(frame.successors):
                succ = frame.successors[frame.index]
                frame.index += 1
                if succ in on_path:
                    continue
                sub = memo.get(succ)
                if sub is None:
                    sub = self._enter(succ, memo, on_path, stack)
                    if sub is None:
                        continue  # pushed: merged when it is done
                _merge(frame.best, sub, frame.key, frame.duration)
                continue
            stack.pop()
            on_path.discard(frame.key)
            memo[frame.key] = frame.best
            if stack:
                _merge(stack[-1].best, frame.best, stack[-1].key, stack[-1].duration)
            else:
                result = frame.best
        return result or {}

    def _enter(self, key: NodeKey, memo: dict[NodeKey, dict[str, PathTime]], on_path: set[NodeKey],
               stack: list[_Frame]) -> dict[str, PathTime] | None:
        """A terminal's times at once; any other node is pushed (None) to be walked."""
        node = self.trees[key[0]].nodes[key[1]]
        if node.terminal:
            memo[key] = {node.kind or "": PathTime(node.duration, (key,))}
            return memo[key]
        on_path.add(key)
        stack.append(_Frame(key, node.duration, self.flow_successors(key)))
        return None


@dataclass
class _Frame:
    key: NodeKey
    duration: int
    successors: list[NodeKey]
    index: int = 0
    best: dict[str, PathTime] = field(default_factory=dict)


def _merge(best: dict[str, PathTime], tails: dict[str, PathTime], key: NodeKey, duration: int) -> None:
    for kind, tail in tails.items():
        if kind not in best or tail.minutes + duration > best[kind].minutes:
            best[kind] = PathTime(tail.minutes + duration, (key, *tail.path))

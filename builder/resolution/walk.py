"""Walking a tree one node at a time, as `kb run`, the tree tests and the player do.

Questions wait for an answer and actions for a confirmation; `goto` nodes are
crossed by themselves into the other tree, and a back step crosses them again.
"""
from __future__ import annotations

from dataclasses import dataclass

from builder.model import Base, Node, Tree

MAX_GOTO_CHAIN = 50


class WalkError(Exception):
    """The tree cannot be walked further (a broken link: `kb check` reports it)."""


@dataclass(frozen=True)
class Step:
    tree: Tree
    node: Node


@dataclass(frozen=True)
class Event:
    """A step left behind: the answer given to a question, an action done, a goto crossed."""

    step: Step
    answer: str | None = None


class Walk:
    def __init__(self, base: Base, tree: Tree) -> None:
        self.base = base
        self.tree = tree
        self.history: list[Event] = []
        self.current = self._entry(tree)
        self._cross_gotos()

    @staticmethod
    def _entry(tree: Tree) -> Step:
        if not tree.start or tree.start.target not in tree.nodes:
            raise WalkError(f"l'arbre {tree.id} n'a pas de nœud de départ valide")
        return Step(tree, tree.nodes[tree.start.target])

    def _move(self, name: str | None) -> None:
        tree = self.current.tree
        if name is None or name not in tree.nodes:
            raise WalkError(f"le nœud « {name} » de {tree.id} n'existe pas")
        self.current = Step(tree, tree.nodes[name])
        self._cross_gotos()

    def _cross_gotos(self) -> None:
        for _ in range(MAX_GOTO_CHAIN):
            node = self.current.node
            if node.kind != "goto":
                if node.kind is None:
                    raise WalkError(f"le nœud « {node.id} » de {self.current.tree.id} n'a pas de type")
                return
            target = self.base.tree(node.goto.target) if node.goto else None
            if target is None:
                raise WalkError(f"l'arbre « {node.goto.target if node.goto else '?'} » n'existe pas")
            self.history.append(Event(self.current))
            self.current = self._entry(target)
        raise WalkError("trop de « goto » enchaînés (cycle entre arbres ?)")

    @property
    def finished(self) -> bool:
        return self.current.node.terminal

    def answers(self) -> list[str]:
        return [a.label for a in self.current.node.answers]

    def choose(self, label: str) -> None:
        node = self.current.node
        answer = next((a for a in node.answers if a.label == label), None)
        if node.kind != "ask" or answer is None:
            raise WalkError(f"« {label} » n'est pas une réponse de « {node.id} »")
        self.history.append(Event(self.current, label))
        self._move(answer.next.target if answer.next else None)

    def done(self) -> None:
        node = self.current.node
        if node.kind != "do":
            raise WalkError(f"« {node.id} » n'est pas une action")
        self.history.append(Event(self.current))
        self._move(node.next.target if node.next else None)

    def back(self) -> bool:
        """Return to the previous question or action; False at the start."""
        while self.history:
            event = self.history.pop()
            if event.step.node.kind != "goto":
                self.current = event.step
                return True
        self.current = self._entry(self.tree)
        self._cross_gotos()
        return False

    def skip_actions(self) -> None:
        """Confirm actions until a question or an end (the tree tests give only answers)."""
        for _ in range(10_000):
            if self.current.node.kind != "do":
                return
            self.done()
        raise WalkError("boucle d'actions sans question ni fin")

    def labels(self) -> list[str]:
        """The answers given so far, in order (the player's URL state)."""
        return [e.answer for e in self.history if e.answer is not None]

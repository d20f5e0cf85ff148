"""Run each tree's `tests:`: the answers from the start must reach the expected end."""
from __future__ import annotations

from builder.codes import finding
from builder.model import Base, Finding, Pos, Tree, TreeTest
from builder.content.suggest import quoted_list
from builder.resolution.walk import Walk, WalkError


def check(base: Base) -> list[Finding]:
    found = []
    for tree in base.trees:
        for test in tree.tests:
            problem = run_test(base, tree, test)
            if problem:
                pos, message, hint = problem
                found.append(finding("TT001", tree.path, pos, message, hint))
    return found


def run_test(base: Base, tree: Tree, test: TreeTest) -> tuple[Pos, str, str] | None:
    """None when the test passes, else (position, message, hint)."""
    try:
        walk = Walk(base, tree)
        for index, label in enumerate(test.path):
            walk.skip_actions()
            node = walk.current.node
            if node.invalid & {"answers", "next"}:
                return None  # a node written wrong: reported where it is, not by every test crossing it
            if walk.finished:
                return (label.pos, f"test : le parcours atteint la fin « {node.id} » avant la réponse "
                        f"« {label.value} » (n° {index + 1})", "retirez les réponses en trop")
            if label.value not in walk.answers():
                return (label.pos, f"test : « {label.value} » n'est pas une réponse de la question "
                        f"« {node.id} »", f"réponses possibles : {quoted_list(walk.answers())}")
            walk.choose(label.value)
        walk.skip_actions()
    except WalkError:
        return None  # a broken link: reported by the reference checks
    end = walk.current.node
    where = "" if walk.current.tree is tree else f" de {walk.current.tree.id}"
    if not walk.finished:
        crossed = [e.step.node.id for e in walk.history if e.step.node.kind == "goto"]
        hint = f"ajoutez une réponse parmi {quoted_list(walk.answers())}"
        if test.expect and test.expect.target in crossed:
            hint = (f"« {test.expect.target} » est un goto : le parcours continue dans l'autre arbre jusqu'à "
                    f"une fin ; {hint}")
        return (test.pos, f"test : le parcours s'arrête sur la question « {end.id} »{where} sans atteindre "
                "de fin", hint)
    if test.expect and end.id != test.expect.target:
        return (test.expect.pos, f"test : le parcours atteint « {end.id} »{where} et non « {test.expect.target} »",
                "corrigez le parcours ou la fin attendue")
    return None

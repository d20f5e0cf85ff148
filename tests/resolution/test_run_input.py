"""`kb run` as agents type: labels instead of numbers, paths instead of ids, input that ends early,
and titles holding terminal control characters."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import invoke

KB = str(Path(sys.executable).parent / "kb")


def diagnostic(output: str) -> str:
    return output.split("Diagnostic à coller dans le ticket :\n", 1)[1].strip()


def test_answers_by_label_with_case_and_accents_folded(copy_case) -> None:
    root = copy_case("walk")
    tree = root / "trees/impression/imprimante.yaml"
    tree.write_text(tree.read_text(encoding="utf-8").replace("      - label: Non\n",
                                                              "      - label: Non, éteinte\n"), encoding="utf-8")
    answers = ["NON, ETEINTE", "", "  oui  "]
    result = invoke("run", "TR-IMPRESSION-01", "--root", str(root), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert diagnostic(result.stdout).splitlines()[2:] == [
        "1. Le voyant de l'imprimante est-il allumé ? → Non, éteinte",
        "2. Fait : Brancher le câble d'alimentation et appuyer sur le bouton marche.",
        "3. L'imprimante s'allume-t-elle maintenant ? → Oui",
        "Résultat : résolu — Impression rétablie au niveau 1.",
    ]


def test_an_unknown_label_is_asked_again(copy_case) -> None:
    root = copy_case("walk")
    result = invoke("run", "TR-IMPRESSION-01", "--root", str(root), input="peut-être\n2\n\n1\n")
    assert "Choix invalide : tapez un numéro de 1 à 2, un libellé, b ou q." in result.stdout
    assert "Résultat : résolu" in diagnostic(result.stdout)


def test_the_tree_can_be_named_by_its_file(copy_case) -> None:
    root = copy_case("walk")
    result = invoke("run", "trees/impression/imprimante.yaml", "--root", str(root), input="2\n\n1\n")
    assert result.exit_code == 0, result.output
    assert diagnostic(result.stdout).startswith("Arbre : TR-IMPRESSION-01 — L'imprimante n'imprime pas")


def test_end_of_input_prints_the_partial_diagnostic(copy_case) -> None:
    root = copy_case("walk")
    done = subprocess.run([KB, "run", "TR-IMPRESSION-01", "--root", str(root)], input="2\n\n",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "Aborted" not in done.stderr + done.stdout
    assert "Fin de l'entrée : parcours interrompu." in done.stdout
    assert diagnostic(done.stdout).splitlines()[2:] == [
        "1. Le voyant de l'imprimante est-il allumé ? → Non",
        "2. Fait : Brancher le câble d'alimentation et appuyer sur le bouton marche.",
        "Résultat : parcours interrompu",
    ]


def test_control_characters_are_shown_never_sent_to_the_terminal(copy_case) -> None:
    root = copy_case("walk")
    tree = root / "trees/impression/imprimante.yaml"
    tree.write_text(tree.read_text(encoding="utf-8").replace(
        "title: L'imprimante n'imprime pas", 'title: "L\'imprimante \\e]0;pwned\\a\\e[2J n\'imprime pas"')
        .replace("      - label: Oui\n", '      - label: "Oui\\e[8m"\n'), encoding="utf-8")
    result = invoke("run", "TR-IMPRESSION-01", "--root", str(root), input="2\n\n1\n")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "L'imprimante \\x1b]0;pwned\\x07\\x1b[2J n'imprime pas" in result.stdout
    assert "1. Oui\\x1b[8m" in result.stdout
    search = invoke("search", "imprimante", "--root", str(root))
    assert "\x1b" not in search.stdout and "\\x1b]0;pwned" in search.stdout, search.output
    (root / "trees/impression/x.yaml").write_text('id: TR-X-01\n"\\e[31mnxt": 1\n', encoding="utf-8")
    check = invoke("check", "--root", str(root))
    assert check.exit_code == 1
    assert "« \\x1b[31mnxt »" in check.stdout and "\x1b" not in check.stdout, check.stdout

"""`kb run`: an agent walks a tree in the terminal and gets the diagnostic for the ticket."""
from __future__ import annotations

from helpers import invoke

ESCALATION_THROUGH_GOTO = """Arbre : TR-IMPRESSION-01 — L'imprimante n'imprime pas (version du 01/09/2026)
Parcours :
1. Le voyant de l'imprimante est-il allumé ? → Oui
Suite dans l'arbre : TR-IMPRESSION-02 — La file d'impression est bloquée (version du 15/08/2026)
2. Des documents sont-ils en attente dans la file ? → Oui
3. Fait : Vider la file d'impression depuis le poste, puis relancer l'impression ; au besoin appeler le [numéro du support].
4. Le document est-il toujours bloqué ? → Oui
Résultat : escalade vers N2 — Proximité (niveau 2)
Priorité : P2 (impact majeur, urgence élevée)
À joindre au ticket : Joindre une capture de la file d'impression.
Catégorie : Impression > File d'impression"""


def diagnostic(output: str) -> str:
    return output.split("Diagnostic à coller dans le ticket :\n", 1)[1].strip()


def test_walk_through_a_goto_with_a_back_step(copy_case) -> None:
    root = copy_case("walk")
    # Non, (action) then back to the first question, Oui → goto, Oui, (action), Oui → escalation
    answers = ["2", "", "b", "b", "1", "1", "", "1"]
    result = invoke("run", "TR-IMPRESSION-01", "--root", str(root), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "→ Suite dans TR-IMPRESSION-02 — La file d'impression est bloquée" in result.stdout
    assert diagnostic(result.stdout) == ESCALATION_THROUGH_GOTO


def test_back_step_crosses_a_goto(copy_case) -> None:
    root = copy_case("walk")
    # Oui → into TR-IMPRESSION-02; back returns to the first question of TR-IMPRESSION-01
    answers = ["1", "b", "2", "", "1"]
    result = invoke("run", "TR-IMPRESSION-01", "--root", str(root), input="\n".join(answers) + "\n")
    assert diagnostic(result.stdout).splitlines()[2:] == [
        "1. Le voyant de l'imprimante est-il allumé ? → Non",
        "2. Fait : Brancher le câble d'alimentation et appuyer sur le bouton marche.",
        "3. L'imprimante s'allume-t-elle maintenant ? → Oui",
        "Résultat : résolu — Impression rétablie au niveau 1.",
    ]


def test_vip_caller_gets_p0(copy_case) -> None:
    root = copy_case("walk")
    result = invoke("run", "TR-IMPRESSION-01", "--vip", "--root", str(root), input="2\n\n2\n")
    text = diagnostic(result.stdout)
    assert "Résultat : escalade vers TIERS — Tiers-mainteneur" in text
    assert "Priorité : P0 (appelant VIP)" in text
    assert "À joindre au ticket : Joindre le nom de l'imprimante (étiquette) et le message affiché." in text
    assert text.endswith("Catégorie : Impression > Imprimante")  # the ticket's category, set by the tree


def test_priority_from_the_matrix_without_vip(copy_case) -> None:
    root = copy_case("walk")
    result = invoke("run", "TR-IMPRESSION-01", "--root", str(root), input="2\n\n2\n")
    assert "Priorité : P3 (impact modéré, urgence moyenne)" in diagnostic(result.stdout)


def test_help_and_see_articles_are_shown(copy_case) -> None:
    result = invoke("run", "TR-IMPRESSION-01", "--root", str(copy_case("walk")), input="q\n")
    assert "Aide : Le voyant est en façade." in result.stdout
    assert "À consulter : KB-0001 — Vider la file d'impression" in result.stdout


def test_quit_prints_the_partial_diagnostic_and_fails(copy_case) -> None:
    result = invoke("run", "TR-IMPRESSION-01", "--root", str(copy_case("walk")), input="2\nq\n")
    assert result.exit_code == 1
    assert diagnostic(result.stdout).endswith("Résultat : parcours interrompu")


def test_invalid_choice_asks_again(copy_case) -> None:
    result = invoke("run", "TR-IMPRESSION-01", "--root", str(copy_case("walk")), input="7\npeut-être\n2\n\n1\n")
    assert result.stdout.count("Choix invalide : tapez un numéro de 1 à 2, un libellé, b ou q.") == 2
    assert result.exit_code == 0


def test_unknown_tree_is_a_usage_error_with_suggestion(copy_case) -> None:
    result = invoke("run", "TR-IMPRESSION-1", "--root", str(copy_case("walk")))
    assert result.exit_code == 2
    assert "arbre « TR-IMPRESSION-1 » introuvable (vouliez-vous dire « TR-IMPRESSION-01 » ?)" in result.stderr


def test_broken_tree_stops_with_a_clear_message(copy_case) -> None:
    root = copy_case("TR102")
    result = invoke("run", "TR-IMPRESSION-01", "--root", str(root), input="1\n")
    assert result.exit_code == 1
    assert "le nœud « resolut » de TR-IMPRESSION-01 n'existe pas (lancez « kb check »" in result.stderr

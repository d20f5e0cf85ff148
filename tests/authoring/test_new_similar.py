"""`kb new` searches before it creates: similar items are listed and the author confirms."""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers import invoke

SIMILAR = ["new", "article", "--domain", "comptes", "--title", "Changer son MDP expiré", "--owner", "equipe-test"]
LISTING = ("Des éléments existants ressemblent à ce titre :\n"
           "  KB-0001 — Changer un mot de passe expiré (kb/comptes/mot-de-passe-expire.md)\n")


def created(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "kb/comptes").iterdir())


@pytest.mark.parametrize("answer", ["o\n", "oui\n", "O\n"])
def test_similar_items_are_listed_and_yes_creates(copy_case, answer: str) -> None:
    root = copy_case("search")
    result = invoke(*SIMILAR, "--root", str(root), input=answer)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(LISTING + "Créer quand même ? [o/N]")
    assert result.stdout == "kb/comptes/changer-son-mdp-expire.md\n"
    assert "changer-son-mdp-expire.md" in created(root)


@pytest.mark.parametrize("answer", ["n\n", "\n", "non\n"])
def test_no_or_enter_creates_nothing(copy_case, answer: str) -> None:
    root = copy_case("search")
    before = created(root)
    result = invoke(*SIMILAR, "--root", str(root), input=answer)
    assert result.exit_code == 1
    assert "Erreur : rien n'a été créé" in result.stderr
    assert created(root) == before and result.stdout == ""


def test_without_an_answer_nothing_is_created_and_yes_is_suggested(copy_case) -> None:
    root = copy_case("search")
    before = created(root)
    result = invoke(*SIMILAR, "--root", str(root))  # stdin empty, as in a script
    assert result.exit_code == 1
    assert ("rien n'a été créé : pas de réponse à « Créer quand même ? » "
            "(relancez avec --yes pour créer sans demander)") in result.stderr
    assert created(root) == before


def test_yes_creates_without_asking(copy_case) -> None:
    root = copy_case("search")
    result = invoke(*SIMILAR, "--yes", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and result.stdout == "kb/comptes/changer-son-mdp-expire.md\n"


def test_drafts_count_as_existing_items(copy_case) -> None:
    root = copy_case("search")
    result = invoke("new", "article", "--domain", "messagerie", "--title", "Archiver mes messages",
                    "--root", str(root), input="n\n")
    assert "  KB-0003 — Archiver ses messages (kb/messagerie/archive-brouillon.md, brouillon)" in result.stderr


def test_a_new_subject_is_created_without_a_question(copy_case) -> None:
    root = copy_case("search")
    result = invoke("new", "tree", "--domain", "comptes", "--title", "Le badge d'accès au bâtiment est refusé",
                    "--root", str(root))
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and result.stdout.startswith("trees/comptes/")

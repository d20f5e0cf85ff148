"""The ordinary mistakes of issue 11, each giving one finding where it was made and no internal error."""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers import invoke

ARTICLE = "kb/impression/vider-file.md"
TREE = "trees/impression/imprimante.yaml"
OTHER = "trees/impression/autre.yaml"


@pytest.fixture
def base(copy_case) -> Path:
    """The clean case plus a second tree that continues (goto) into TR-IMPRESSION-01."""
    root: Path = copy_case("clean")
    (root / OTHER).write_text("""id: TR-IMPRESSION-02
title: Le copieur ne numérise pas
domain: impression
audience: [agent]
owner: equipe-test
reviewed: 2026-09-01
status: published
start: suite
nodes:
  suite:
    goto: TR-IMPRESSION-01
""", encoding="utf-8")
    assert invoke("check", "--root", str(root)).exit_code == 0
    return root


def edit(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(root: Path) -> list[str]:
    result = invoke("check", "--no-cache", "--root", str(root))
    assert "Erreur inattendue" not in result.output, result.output
    assert result.exit_code == 1, result.output
    return result.stdout.splitlines()


@pytest.mark.parametrize("old, new, where", [
    ("start: voyant", "start: voyan", f"{TREE}:8:8: error TR101"),
    # the nodes left below `nodes: {}`: named as more indented than a key that already has its value
    ("nodes:\n  voyant:", "nodes: {}\n  voyant:", f"{TREE}:10:3: error YM001 indentation : « voyant » est plus "
                                                    "indenté que « nodes » (ligne 9)"),
])
def test_a_broken_tree_that_others_cite_is_reported_once_in_itself(base: Path, old: str, new: str,
                                                                    where: str) -> None:
    edit(base, TREE, old, new)
    found = findings(base)
    assert len(found) == 1 and found[0].startswith(where), found


def test_empty_nodes_is_one_finding_and_kb_build_does_not_crash(base: Path, tmp_path: Path) -> None:
    text = (base / TREE).read_text(encoding="utf-8")
    (base / TREE).write_text(text[:text.index("nodes:")] + "nodes: {}\n", encoding="utf-8")
    found = findings(base)
    assert all(line.startswith(TREE) for line in found), found
    assert any(" TR101 " in line for line in found), found
    built = invoke("build", "--root", str(base), "--site-dir", str(tmp_path / "site"))
    assert "Erreur inattendue" not in built.output and built.exit_code == 1, built.output


def test_citations_of_an_unreadable_tree_are_not_told_it_does_not_exist(base: Path) -> None:
    edit(base, TREE, "title: L'imprimante n'imprime pas", "title: L'imprimante : n'imprime pas")
    found = findings(base)
    assert found == [f"{TREE}:2:21: error YM001 « : » inattendu ici : une valeur qui contient « : » doit être "
                     "entre guillemets"], found


def test_answers_written_as_plain_texts_are_one_finding(base: Path) -> None:
    edit(base, TREE, "    answers:\n      - {label: Oui, next: resolu}\n      - {label: Non, next: escalade}\n",
         "    answers: [Oui, Non]\n")
    found = findings(base)
    assert len(found) == 1 and found[0].startswith(f"{TREE}:12:15: error SC002 réponse « Oui » sans nœud suivant")


@pytest.mark.parametrize("shift", [" ", ""])
def test_a_shifted_key_is_named_an_indentation_mistake(base: Path, shift: str) -> None:
    edit(base, TREE, "    urgency: moyenne", f"   {shift}{shift}urgency: moyenne")
    found = findings(base)
    assert len(found) == 1 and " YM001 indentation : « urgency » est décalé de 1 espace" in found[0], found


def test_a_typo_in_a_link_suggests_only_a_close_id(base: Path) -> None:
    edit(base, ARTICLE, "supprimez les documents bloqués.", "voyez [l'arbre](TR-IMPRESSOIN-01) et [la fiche](KB-0002).")
    found = findings(base)
    assert found[0].endswith("« TR-IMPRESSOIN-01 » n'existe pas (un lien) (vouliez-vous dire « TR-IMPRESSION-01 » ?)")
    assert found[1].endswith("« KB-0002 » n'existe pas (un lien)"), "KB-0001 is another article: no guess"


def test_a_published_kb_new_skeleton_is_an_error(base: Path) -> None:
    for kind, title in (("article", "Déverrouiller un compte"), ("tree", "Compte verrouillé")):
        made = invoke("new", kind, "--domain", "impression", "--title", title, "--owner", "equipe-test", "--yes",
                      "--root", str(base))
        assert made.exit_code == 0, made.output
        path = made.stdout.strip().splitlines()[-1]
        edit(base, path, "status: draft", "status: published")
    found = [line for line in findings(base) if " CT006 " in line]
    assert len(found) == 2, found


def test_a_chain_of_5000_nodes_still_gets_its_time_limits_checked(base: Path) -> None:
    chain = "".join(f"  etape{i}:\n    do: Étape {i}.\n    next: etape{i + 1}\n" for i in range(5000))
    (base / OTHER).write_text(f"""id: TR-IMPRESSION-02
title: Une très longue procédure
domain: impression
audience: [agent]
owner: equipe-test
reviewed: 2026-09-01
status: published
start: etape0
nodes:
{chain}  etape5000:
    ask: Est-ce réglé ?
    answers:
      - {{label: Oui, next: fin}}
      - {{label: Non, next: escalade}}
  fin:
    resolved: Réglé.
  escalade:
    escalate: TIERS
    impact: modere
    urgency: moyenne
""", encoding="utf-8")
    codes = [line.split(" ")[2] for line in invoke("check", "--no-cache", "--root", str(base)).stdout.splitlines()
             if line.startswith(OTHER)]
    assert sorted(codes) == ["TR108", "TR109"], codes

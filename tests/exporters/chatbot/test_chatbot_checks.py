"""The chatbot's checks and evaluation, as the knowledge manager meets them."""
from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.model import START, Article
from helpers import DATA, PROJECT, invoke
from exporters.chatbot.content import Example, Intent
from exporters.chatbot.quality import NEAR, trigrams, near_duplicates


def test_chatbot_checks_run_only_when_asked(copy_case) -> None:
    root = copy_case("CB002")
    assert invoke("check", "--root", str(root)).exit_code == 0
    result = invoke("check", "--chatbot", "--root", str(root))
    assert result.exit_code == 1
    assert "error CB002 l'exemple « rien ne sort de l'imprimante » est aussi un exemple de KB-0002" in result.stdout


def test_near_duplicates_name_both_examples_and_articles(copy_case) -> None:
    root = copy_case("CB003")
    result = invoke("check", "--chatbot", "--root", str(root))
    first, second = result.stdout.splitlines()
    assert first.startswith("kb/impression/file.md:18:5: warning CB003 l'exemple « le son sort par les haut-parleurs "
                            "et pas dans mon casque » ressemble à « le son sort par les haut-parleurs du PC et pas "
                            "dans mon casque » de KB-0002 (kb/impression/toner.md)")
    assert "de KB-0001 (kb/impression/file.md)" in second
    assert result.exit_code == 0
    assert invoke("check", "--chatbot", "--strict", "--root", str(root)).exit_code == 1


def test_severity_of_a_chatbot_check_can_be_changed_in_kb_yaml(copy_case) -> None:
    root = copy_case("CB003")
    with (root / "kb.yaml").open("a", encoding="utf-8") as config:
        config.write("severity:\n  CB003: off\n")
    result = invoke("check", "--chatbot", "--strict", "--root", str(root))
    assert result.exit_code == 0 and result.stdout == ""


def test_export_is_refused_with_an_error_and_writes_nothing(copy_case, tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    result = invoke("export", "chatbot", "--format", "rasa", "--out", str(out), "--root", str(copy_case("CB002")))
    assert result.exit_code == 1
    assert "kb/impression/file.md:13:5: error CB002" in result.stderr
    assert "Erreur : export refusé : 2 erreurs dans la base, rien n'a été écrit" in result.stderr
    assert not out.exists()


def test_export_goes_on_with_warnings_and_shows_them(copy_case, tmp_path: Path) -> None:
    result = invoke("export", "chatbot", "--format", "jsonl", "--out", str(tmp_path), "--root",
                    str(copy_case("CB001")))
    assert result.exit_code == 0
    assert "kb/impression/file.md:11:1: warning CB001 l'intention KB-0001 n'a que 4 exemples" in result.stderr
    assert (tmp_path / "corpus.jsonl").is_file()


def test_misuse_is_explained(tmp_path: Path) -> None:
    nothing = invoke("export", "chatbot", "--root", str(DATA / "chatbot"))
    assert nothing.exit_code == 2 and "indiquez --format jsonl ou --format rasa" in nothing.stderr
    no_out = invoke("export", "chatbot", "--format", "rasa", "--root", str(DATA / "chatbot"))
    assert no_out.exit_code == 2 and "--format demande --out DOSSIER" in no_out.stderr
    bad = invoke("export", "chatbot", "--format", "xml", "--out", str(tmp_path))
    assert bad.exit_code == 2 and "n'est pas l'une des valeurs" in bad.stderr
    not_root = invoke("export", "chatbot", "--evaluate", "--root", str(tmp_path))
    assert not_root.exit_code == 2 and "n'est pas une base de connaissance" in not_root.stderr


def test_out_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "fichier"
    target.write_text("x")
    result = invoke("export", "chatbot", "--format", "jsonl", "--out", str(target), "--root", str(DATA / "chatbot"))
    assert result.exit_code == 2


def test_evaluation_of_the_test_case_says_it_is_an_estimate() -> None:
    result = invoke("export", "chatbot", "--evaluate", "--root", str(DATA / "chatbot"))
    assert result.exit_code == 0, result.output
    assert "ESTIMATION de la façon dont les exemples séparent les intentions, pas de la performance réelle" \
        in result.stdout
    assert "3 intentions, 21 exemples." in result.stdout
    assert re.search(r"Exactitude estimée : \d+,\d % \(\d+ exemples sur 21 reconnus\)", result.stdout)


def test_evaluation_of_the_shipped_library_prints_its_accuracy() -> None:
    result = invoke("export", "chatbot", "--evaluate", "--root", str(PROJECT))
    assert result.exit_code == 0, result.output
    accuracy = re.search(r"Exactitude estimée : (\d+),(\d) % \((\d+) exemples sur (\d+) reconnus\)", result.stdout)
    assert accuracy, result.stdout
    correct, total = int(accuracy.group(3)), int(accuracy.group(4))
    assert total > 400 and 0 < correct < total
    assert float(f"{accuracy.group(1)}.{accuracy.group(2)}") == round(correct / total * 100, 1)
    assert "Intentions les plus confondues :" in result.stdout
    assert "Exemples mal reconnus" in result.stdout


def test_shipped_library_passes_the_chatbot_checks() -> None:
    result = invoke("check", "--chatbot", "--strict", "--no-cache", "--root", str(PROJECT))
    assert result.exit_code == 0, result.stdout


WORDS = ["le", "son", "sort", "par", "les", "haut-parleurs", "casque", "imprimante", "ne", "marche", "pas", "mon",
         "Teams", "PC", "réunion", "écran", "noir", "mot", "de", "passe"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join), min_size=1,
                         max_size=4), min_size=2, max_size=5))
def test_near_duplicates_finds_exactly_the_pairs_a_full_comparison_finds(groups: list[list[str]]) -> None:
    article = Article("kb/x/x.md")
    all_intents = [Intent(f"i{n}", article, [Example(text, START) for text in texts]) for n, texts in enumerate(groups)]
    found = {(a[1].text, b[1].text, a[0].name, b[0].name) for a, b, _ in near_duplicates(all_intents)}
    found |= {(t2, t1, n2, n1) for t1, t2, n1, n2 in found}
    expected = set()
    for a in all_intents:
        for b in all_intents:
            for ea in a.examples:
                for eb in b.examples:
                    ga, gb = trigrams(ea.text), trigrams(eb.text)
                    if a.name != b.name and NEAR <= len(ga & gb) / len(ga | gb) < 1:
                        expected.add((ea.text, eb.text, a.name, b.name))
    assert found == expected


def test_an_unwritable_output_folder_is_a_french_error(tmp_path: Path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    result = invoke("export", "chatbot", "--format", "jsonl", "--out", str(blocker / "sous-dossier"),
                    "--root", str(DATA / "chatbot"))
    assert result.exit_code == 1
    assert "Erreur : impossible d'écrire dans" in result.stderr and "n'est pas un dossier" in result.stderr

"""`kb new` writes valid skeletons; `kb review` rewrites one line and nothing else."""
from __future__ import annotations

from datetime import date

from helpers import invoke


def test_review_keeps_every_other_byte(copy_case) -> None:
    root = copy_case("walk")
    article = root / "kb/impression/vider-file.md"
    tree = root / "trees/impression/imprimante.yaml"
    before = {p: p.read_bytes() for p in (article, tree)}
    result = invoke("review", "KB-0001", "TR-IMPRESSION-01", "--date", "2026-11-02", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "KB-0001 revu le 2026-11-02" in result.stdout
    for path, old in before.items():
        old_lines, new_lines = old.split(b"\n"), path.read_bytes().split(b"\n")
        changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b]
        assert len(old_lines) == len(new_lines) and len(changed) == 1
        assert new_lines[changed[0]].startswith(b"reviewed: 2026-11-02")
    assert article.read_text().count("reviewed: 2026-11-02  # revue annuelle") == 1
    assert tree.read_text().startswith("# Arbre de test pour « kb run »")
    assert invoke("check", "--strict", "--root", str(root)).exit_code == 0


def test_review_adds_a_missing_date(copy_case) -> None:
    root = copy_case("SC013")
    result = invoke("review", "KB-0001", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert f"reviewed: {date.today().isoformat()}" in (root / "kb/impression/vider-file.md").read_text()
    assert "KB-0001" not in invoke("check", "--root", str(root)).stdout


def test_review_refuses_an_unknown_id(copy_case) -> None:
    root = copy_case("walk")
    before = (root / "kb/impression/vider-file.md").read_bytes()
    result = invoke("review", "KB-0001", "KB-001", "--root", str(root))
    assert result.exit_code == 2
    assert "identifiant ou fichier inconnu : « KB-001 » (vouliez-vous dire « KB-0001 » ?)" in result.stderr
    assert (root / "kb/impression/vider-file.md").read_bytes() == before  # nothing half-done


def test_review_refuses_a_future_or_malformed_date(copy_case) -> None:
    root = copy_case("walk")
    assert invoke("review", "KB-0001", "--date", "2999-01-01", "--root", str(root)).exit_code == 2
    result = invoke("review", "KB-0001", "--date", "01/02/2026", "--root", str(root))
    assert result.exit_code == 2 and "n'est pas une date AAAA-MM-JJ" in result.stderr


def test_new_article_takes_the_next_free_id_and_is_valid(copy_case) -> None:
    root = copy_case("walk")
    result = invoke("new", "article", "--domain", "impression", "--title", "Changer le toner : procédure",
                    "--owner", "equipe-test", "--root", str(root))
    assert result.exit_code == 0, result.output
    path = result.stdout.strip()
    assert path == "kb/impression/changer-le-toner-procedure.md"
    text = (root / path).read_text()
    assert "id: KB-0002\n" in text and 'title: "Changer le toner : procédure"' in text
    assert f"reviewed: {date.today().isoformat()}" in text and "owner: equipe-test" in text
    assert invoke("check", "--strict", "--root", str(root)).exit_code == 0


def test_new_tree_is_valid_and_numbered_per_domain(copy_case) -> None:
    root = copy_case("walk")
    result = invoke("new", "tree", "--domain", "impression", "--title", "Le scanner ne répond pas",
                    "--root", str(root))
    assert result.exit_code == 0, result.output
    text = (root / result.stdout.strip()).read_text()
    assert text.startswith("id: TR-IMPRESSION-03\n")
    assert invoke("check", "--strict", "--root", str(root)).exit_code == 0


def test_new_refuses_an_unknown_domain(copy_case) -> None:
    result = invoke("new", "article", "--domain", "impresion", "--title", "X", "--root", str(copy_case("walk")))
    assert result.exit_code == 2
    assert "vouliez-vous dire « impression » ?" in result.stderr

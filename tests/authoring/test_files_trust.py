"""What authors rely on: file modes kept, the domain's id prefix followed, paths as well as ids."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import PROJECT, invoke

KB = str(Path(sys.executable).parent / "kb")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def kb_with_umask(umask: int, *args: str, cwd: Path, stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    """`kb ARGS` in a shell whose umask is `umask`, without a terminal."""
    return subprocess.run(["sh", "-c", f'umask {umask:03o} && exec "$0" "$@"', KB, *args], cwd=cwd, stdin=stdin,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("before", [0o644, 0o640, 0o664])
def test_review_keeps_the_mode_of_the_file(copy_case, before: int) -> None:
    root = copy_case("walk")
    article = root / "kb/impression/vider-file.md"
    os.chmod(article, before)
    result = kb_with_umask(0o077, "review", "KB-0001", "--root", str(root), cwd=root)
    assert result.returncode == 0, result.stderr
    assert mode(article) == before


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_new_files_follow_the_umask(copy_case, umask: int, expected: int) -> None:
    root = copy_case("walk")
    result = kb_with_umask(umask, "new", "article", "--domain", "impression", "--title", "Toner épuisé",
                           "--yes", "--root", str(root), cwd=root)
    assert result.returncode == 0, result.stderr
    assert mode(root / result.stdout.strip()) == expected


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """The shipped library, copied (the tests write into it)."""
    root = tmp_path / "bibliotheque"
    root.mkdir()
    for name in ("kb", "trees"):
        shutil.copytree(PROJECT / name, root / name)
    shutil.copy(PROJECT / "kb.yaml", root / "kb.yaml")
    return root


def test_new_tree_follows_the_prefix_the_domain_already_uses(library: Path) -> None:
    ids = {line.split()[1] for p in (library / "trees/poste-de-travail").glob("*.yaml")
           for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("id: ")}
    assert {"TR-POSTE-01", "TR-POSTE-04"} <= ids
    result = invoke("new", "tree", "--domain", "poste-de-travail", "--title", "Écran qui clignote au démarrage",
                    "--yes", "--root", str(library))
    assert result.exit_code == 0, result.output
    created = library / result.stdout.strip()
    assert "id: TR-POSTE-05\n" in created.read_text(encoding="utf-8")
    assert invoke("check", "--root", str(library), created.relative_to(library).as_posix()).exit_code == 0


def test_new_tree_in_a_domain_without_trees_makes_its_prefix_from_the_key(copy_case) -> None:
    root = copy_case("walk")
    text = (root / "kb.yaml").read_text(encoding="utf-8")
    (root / "kb.yaml").write_text(text.replace("domains:\n", "domains:\n  poste-de-travail: Poste\n", 1),
                                  encoding="utf-8")
    result = invoke("new", "tree", "--domain", "poste-de-travail", "--title", "Écran noir", "--yes",
                    "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "id: TR-POSTE-DE-TRAVAIL-01\n" in (root / result.stdout.strip()).read_text(encoding="utf-8")


def test_new_without_a_terminal_says_to_pass_yes(copy_case) -> None:
    root = copy_case("search")
    before = sorted(p.name for p in (root / "kb/comptes").iterdir())
    result = kb_with_umask(0o022, "new", "article", "--domain", "comptes", "--title", "Changer son MDP expiré",
                           "--owner", "equipe-test", "--root", str(root), cwd=root)
    assert result.returncode == 1
    assert "relancez avec --yes" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (root / "kb/comptes").iterdir()) == before


def test_new_adds_kb_and_site_to_gitignore(copy_case) -> None:
    root = copy_case("walk")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    result = invoke("new", "article", "--domain", "impression", "--title", "Toner épuisé", "--yes",
                    "--root", str(root))
    assert result.exit_code == 0, result.output
    assert (root / ".gitignore").read_text(encoding="utf-8") == ".kb/\n/site/\n/site-usagers/\n"


def test_review_takes_a_file_path_as_well_as_an_id(copy_case, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_case("walk")
    result = invoke("review", "trees/impression/imprimante.yaml", "--date", "2026-11-02", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "TR-IMPRESSION-01 revu le 2026-11-02 (trees/impression/imprimante.yaml)" in result.stdout
    monkeypatch.chdir(root / "kb")
    result = invoke("review", "impression/vider-file.md", "--date", "2026-11-02", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "KB-0001 revu le 2026-11-02" in result.stdout
    result = invoke("review", "impression/absent.md", "--root", str(root))
    assert result.exit_code == 2
    assert "identifiant ou fichier inconnu : « impression/absent.md »" in result.stderr

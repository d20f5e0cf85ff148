"""The pre-commit snippet of docs/check.md, as written, on a fresh git repository with the real pre-commit.

Staging one file checks the whole base: changing the id of a tree that an article cites,
or deleting that tree, is refused even though the article itself is not staged.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import PROJECT
from helpers.gitrepo import KB_YAML, GitRepo, article, tree

BIN = Path(sys.executable).parent
ARTICLE = "kb/reseau/vpn.md"
TREE = "trees/reseau/vpn.yaml"


def snippet() -> str:
    text = (PROJECT / "docs" / "check.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- BEGIN pre-commit snippet -->\n```yaml\n(.*?)```\n<!-- END pre-commit snippet -->",
                      text, re.S)
    assert found, "docs/check.md doit contenir l'extrait pre-commit entre ses marqueurs"
    return found.group(1)


@pytest.fixture
def repo(tmp_path: Path) -> tuple[GitRepo, dict[str, str]]:
    if not (BIN / "pre-commit").exists() and not shutil.which("pre-commit"):
        pytest.fail("pre-commit manque : scripts/install.sh --test l'installe (extra « test » de pyproject.toml)")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "Gestion Connaissance",
           "GIT_AUTHOR_EMAIL": "gc@csu.example", "GIT_COMMITTER_NAME": "Gestion Connaissance",
           "GIT_COMMITTER_EMAIL": "gc@csu.example"}
    env.pop("VIRTUAL_ENV", None)
    content = GitRepo(tmp_path / "contenu")
    content.write("kb.yaml", KB_YAML)
    content.write(ARTICLE, article("KB-0001", "Le VPN ne se connecte pas", reviewed="2026-11-01",
                                  body="Suivre [l'arbre de diagnostic](TR-RESEAU-01)."))
    content.write(TREE, tree("TR-RESEAU-01", "VPN en panne", reviewed="2026-11-01", see="KB-0001"))
    content.write(".pre-commit-config.yaml", snippet())
    run(content, env, "pre-commit", "install")
    first = commit(content, env, "Contenu initial", "-A")
    assert first.returncode == 0, first.stdout + first.stderr
    return content, env


def run(content: GitRepo, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(list(args), cwd=content.root, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def commit(content: GitRepo, env: dict[str, str], message: str, *paths: str) -> subprocess.CompletedProcess[str]:
    subprocess.run(["git", "add", *paths], cwd=content.root, env=env, check=True)
    return subprocess.run(["git", "commit", "-q", "-m", message], cwd=content.root, env=env, capture_output=True,
                          text=True, timeout=300)


def head(content: GitRepo) -> str:
    return content.git("log", "--format=%s", "-1").strip()


def test_changing_the_id_of_a_cited_tree_is_refused(repo: tuple[GitRepo, dict[str, str]]) -> None:
    content, env = repo
    path = content.root / TREE
    path.write_text(path.read_text(encoding="utf-8").replace("id: TR-RESEAU-01", "id: TR-RESEAU-09"),
                    encoding="utf-8")
    refused = commit(content, env, "Renommer l'arbre", TREE)
    assert refused.returncode != 0
    said = refused.stdout + refused.stderr
    assert re.search(rf"{ARTICLE}:\d+:\d+: error RF001 .*TR-RESEAU-01", said), said
    assert head(content) == "Contenu initial"


def test_deleting_a_cited_tree_is_refused(repo: tuple[GitRepo, dict[str, str]]) -> None:
    content, env = repo
    subprocess.run(["git", "rm", "-q", TREE], cwd=content.root, env=env, check=True)
    refused = commit(content, env, "Supprimer l'arbre", "-A")
    assert refused.returncode != 0
    said = refused.stdout + refused.stderr
    assert re.search(rf"{ARTICLE}:\d+:\d+: error RF001 .*TR-RESEAU-01", said), said
    assert head(content) == "Contenu initial"


def test_a_valid_change_commits(repo: tuple[GitRepo, dict[str, str]]) -> None:
    content, env = repo
    path = content.root / ARTICLE
    path.write_text(path.read_text(encoding="utf-8") + "\nRedémarrer ensuite le poste.\n", encoding="utf-8")
    run(content, env, "kb", "review", "KB-0001")  # --strict: a changed item is reviewed before its commit
    done = commit(content, env, "Compléter l'article", ARTICLE)
    assert done.returncode == 0, done.stdout + done.stderr
    assert head(content) == "Compléter l'article"

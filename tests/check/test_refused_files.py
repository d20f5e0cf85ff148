"""Links leaving the root and special files are refused with a finding, never read."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import PROJECT, invoke

SECRET = "CONTENU-SECRET-HORS-DE-LA-RACINE"


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    """`kb check` in its own process: a FIFO that were opened would hang it, the timeout says so."""
    return subprocess.run([sys.executable, "-c", "from cli import main; main()", "check", "--no-cache",
                           "--root", str(root)], capture_output=True, text=True, timeout=120, cwd=PROJECT)


def test_links_out_of_the_root_and_fifos_are_refused_and_never_read(copy_case, tmp_path: Path) -> None:
    root = copy_case("clean")
    outside = tmp_path / "ailleurs"
    (outside / "dossier").mkdir(parents=True)
    article = (root / "kb/impression/vider-file.md").read_text(encoding="utf-8")
    (outside / "secret.md").write_text(article.replace("KB-0001", "KB-0099") + SECRET, encoding="utf-8")
    (outside / "dossier/autre.md").write_text(article.replace("KB-0001", "KB-0098"), encoding="utf-8")
    os.symlink(outside / "secret.md", root / "kb/impression/lien.md")
    os.symlink(outside / "dossier", root / "kb/impression/dossier")
    os.symlink(root / "nulle-part.md", root / "kb/impression/casse.md")
    os.mkfifo(root / "kb/impression/x.md")

    result = run_check(root)

    assert result.stdout.splitlines() == [
        "kb/impression/casse.md:1:1: error YM009 fichier refusé, non lu : lien symbolique cassé : sa cible n'existe "
        "pas (remplacez le lien par le fichier lui-même, ou retirez-le)",
        "kb/impression/dossier:1:1: error YM009 fichier refusé, non lu : dossier en lien symbolique : kb ne le suit "
        "pas (remplacez le lien par le fichier lui-même, ou retirez-le)",
        f"kb/impression/lien.md:1:1: error YM009 fichier refusé, non lu : lien symbolique vers « {outside}/secret.md "
        "», hors de la racine du contenu (remplacez le lien par le fichier lui-même, ou retirez-le)",
        "kb/impression/x.md:1:1: error YM009 fichier refusé, non lu : ce n'est pas un fichier ordinaire (tube nommé, "
        "périphérique ou socket) (remplacez le lien par le fichier lui-même, ou retirez-le)",
    ], result.stdout + result.stderr
    assert result.returncode == 1


def test_a_refused_file_is_never_published(copy_case, tmp_path: Path) -> None:
    root = copy_case("clean")
    secret = tmp_path / "secret.md"
    article = (root / "kb/impression/vider-file.md").read_text(encoding="utf-8")
    secret.write_text(article.replace("KB-0001", "KB-0099") + SECRET, encoding="utf-8")
    os.symlink(secret, root / "kb/impression/lien.md")
    site = tmp_path / "site"
    built = invoke("build", "--root", str(root), "--site-dir", str(site))
    assert built.exit_code == 1 and "YM009" in built.output, built.output
    assert not any(SECRET in p.read_text(errors="replace") for p in site.rglob("*") if p.is_file())


def test_a_symlinked_kb_yaml_leaving_the_root_is_refused(copy_case, tmp_path: Path) -> None:
    root = copy_case("clean")
    (tmp_path / "kb.yaml").write_text((root / "kb.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "kb.yaml").unlink()
    os.symlink(tmp_path / "kb.yaml", root / "kb.yaml")
    result = run_check(root)
    assert result.stdout.startswith("kb.yaml:1:1: error YM009 fichier refusé, non lu : lien symbolique vers"), \
        result.stdout
    assert "introuvable" not in result.stdout

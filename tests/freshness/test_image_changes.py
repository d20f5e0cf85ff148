"""A changed screenshot is a changed article: « modifié sans revue » (FR001) follows the images an item shows."""
from __future__ import annotations

from pathlib import Path

from helpers import invoke
from helpers.gitrepo import KB_YAML, GitRepo, article
from helpers.images import png

A = "kb/reseau/vpn.md"
IMAGE = "kb/reseau/images/client-vpn.png"


def test_a_new_screenshot_after_the_review_asks_for_a_review(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "base")
    repo.write("kb.yaml", KB_YAML)
    repo.write(A, article("KB-0001", "Se connecter au VPN", reviewed="2026-06-01",
                          body="Ouvrez le client :\n\n![Le client VPN, bouton Connexion](images/client-vpn.png)"))
    (repo.root / IMAGE).parent.mkdir(parents=True)
    (repo.root / IMAGE).write_bytes(png(40, 30))
    repo.commit("2026-06-02T10:00:00+02:00", "Ajoute l'article et sa capture")
    assert invoke("check", "--strict", "--root", str(repo.root)).exit_code == 0

    (repo.root / IMAGE).write_bytes(png(40, 30, (255, 0, 0)))  # the screenshot alone changes
    uncommitted = invoke("check", "--root", str(repo.root))
    assert f"{A}:8:11: warning FR001 modifié après sa dernière revue du 01/06/2026 " \
           "(modification pas encore validée dans git)" in uncommitted.stdout

    repo.commit("2026-08-03T10:00:00+02:00", "Nouvelle capture du client VPN")
    committed = invoke("check", "--root", str(repo.root))
    assert f"{A}:8:11: warning FR001 modifié le 03/08/2026 après sa dernière revue du 01/06/2026" in committed.stdout

    assert invoke("review", "KB-0001", "--date", "2026-08-04", "--root", str(repo.root)).exit_code == 0
    repo.commit("2026-08-04T10:00:00+02:00", "Revue")
    assert invoke("check", "--strict", "--root", str(repo.root)).exit_code == 0

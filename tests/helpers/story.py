"""The git history of PIL-05's month-by-month tests (tests/freshness/test_freshness_history.py tells
the story), also read by the dashboard's tests."""
from __future__ import annotations

from pathlib import Path

from helpers.gitrepo import KB_YAML, GitRepo, article, tree

A_OLD, A_NEW = "kb/reseau/vpn.md", "kb/reseau/vpn-connexion.md"
B = "kb/impression/bourrage.md"
C = "kb/reseau/wifi.md"
T = "trees/reseau/voyant.yaml"


def build_story(root: Path) -> GitRepo:
    repo = GitRepo(root)
    repo.write("kb.yaml", KB_YAML)
    repo.write(A_OLD, article("KB-0001", "Le VPN ne se connecte pas", reviewed="2026-01-10"))
    repo.write(B, article("KB-0002", "Bourrage papier", type="incident", domain="impression",
                          owner="equipe-impression", reviewed="2025-12-20"))
    repo.write(C, article("KB-0003", "Wi-Fi instable", type="faq", reviewed="2026-01-05", status="draft"))
    repo.write(T, tree("TR-RESEAU-01", "Pas de réseau", reviewed="2025-08-31"))
    repo.commit("2026-01-15T10:00:00+01:00", "Première version de la base")
    repo.write("notes.txt", "notes de l'équipe\n")
    repo.commit("2026-02-10T09:00:00+01:00", "Notes (hors contenu)")
    repo.move(A_OLD, A_NEW)
    repo.commit("2026-02-27T16:00:00+01:00", "Renomme KB-0001")
    repo.write(C, article("KB-0003", "Wi-Fi instable", type="faq", reviewed="2026-03-05"))
    repo.commit("2026-03-05T11:00:00+01:00", "Publie KB-0003")
    repo.write(B, article("KB-0002", "Bourrage papier", type="incident", domain="impression",
                          owner="equipe-impression", reviewed="2026-03-31", body="Ouvrir le capot arrière."))
    repo.commit("2026-03-31T23:30:00-05:00", "Revue de KB-0002")
    repo.write(A_NEW, article("KB-0001", "Le VPN ne se connecte pas", reviewed="2026-01-10", status="archived"))
    repo.commit("2026-04-01T00:30:00+02:00", "Archive KB-0001")
    repo.write(T, tree("TR-RESEAU-01", "Pas de réseau", reviewed="2026-05-20"))
    repo.commit("2026-05-20T10:00:00+02:00", "Revue de TR-RESEAU-01")
    repo.write("notes.txt", "notes de l'équipe, mises à jour\n")
    repo.commit("2026-06-15T10:00:00+02:00", "Notes (hors contenu)")
    return repo

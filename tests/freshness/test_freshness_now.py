"""The figure at a date, « modifié sans revue » (FR001), staleness spreading to trees, the owners' digests.

The story, all items reviewed on 01/06/2026 and committed the next day
(creating a file is its authoring, not a change):

- 03/08 TR-RESEAU-01's question is reworded, no review        → modified
- 04/08 KB-0002 is reviewed (only its `reviewed` line changes) → not modified
- 05/08 KB-0003: a non-breaking space becomes a space          → not modified
- 06/08 KB-0003 edited and reviewed in the same commit         → not modified
- 07/08 KB-0004 renamed with a small edit                      → modified (found through the rename)
- 08/08 KB-0005, a draft, is edited                            → drafts are not checked
- 09/08 KB-0002 changes owner                                  → not modified
- 10/08 KB-0003 edited by a commit written on 30/05 (rebased)  → the author's date counts: not modified
"""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from builder.freshness.digest import digests, owner_slug
from builder.freshness.figures import current_report, overdue_citations
from builder.content.load import load_base
from builder.freshness.modified import Modification, modified_since_review
from helpers import invoke
from helpers.gitrepo import KB_YAML, GitRepo, article, tree

D = date.fromisoformat
B, C, E = "kb/impression/bourrage.md", "kb/reseau/wifi.md", "kb/reseau/brouillon.md"
D_OLD, D_NEW = "kb/reseau/imprimante.md", "kb/reseau/imprimante-reseau.md"
T = "trees/reseau/voyant.yaml"
BODY = "Vérifier le câble puis redémarrer la borne Wi-Fi du bureau avant d'appeler le support."


def b_text(reviewed: str, owner: str = "equipe-impression") -> str:
    return article("KB-0002", "Bourrage papier", type="incident", domain="impression", owner=owner,
                   reviewed=reviewed)


def build(root: Path) -> GitRepo:
    repo = GitRepo(root)
    repo.write("kb.yaml", KB_YAML)
    repo.write(B, b_text("2026-06-01"))
    repo.write(C, article("KB-0003", "Wi-Fi instable", type="faq", reviewed="2026-06-01",
                          body=BODY.replace(" du bureau", "\u00a0du bureau")))
    repo.write(D_OLD, article("KB-0004", "Imprimante réseau", reviewed="2026-06-01", body=BODY))
    repo.write(E, article("KB-0005", "Brouillon", reviewed="2026-06-01", status="draft"))
    repo.write(T, tree("TR-RESEAU-01", "Pas de réseau", reviewed="2026-06-01"))
    repo.commit("2026-06-02T10:00:00+02:00", "Base")
    repo.write(T, tree("TR-RESEAU-01", "Pas de réseau", reviewed="2026-06-01", question="Le voyant vert est-il allumé ?"))
    repo.commit("2026-08-03T10:00:00+02:00", "Reformule la question")
    repo.write(B, b_text("2026-08-04"))
    repo.commit("2026-08-04T10:00:00+02:00", "Revue de KB-0002")
    repo.write(C, article("KB-0003", "Wi-Fi instable", type="faq", reviewed="2026-06-01", body=BODY))
    repo.commit("2026-08-05T10:00:00+02:00", "Espaces")
    repo.write(C, article("KB-0003", "Wi-Fi instable", type="faq", reviewed="2026-08-06", body=BODY + " Merci."))
    repo.commit("2026-08-06T10:00:00+02:00", "Mise à jour et revue de KB-0003")
    repo.move(D_OLD, D_NEW)
    repo.write(D_NEW, article("KB-0004", "Imprimante réseau", reviewed="2026-06-01", body=BODY + " Ou la redémarrer."))
    repo.commit("2026-08-07T10:00:00+02:00", "Renomme et complète KB-0004")
    repo.write(E, article("KB-0005", "Brouillon", reviewed="2026-06-01", status="draft", body="Autre texte."))
    repo.commit("2026-08-08T10:00:00+02:00", "Brouillon")
    repo.write(B, b_text("2026-08-04", owner="Équipe Impression"))
    repo.commit("2026-08-09T10:00:00+02:00", "Change de responsable")
    repo.write(C, article("KB-0003", "Wi-Fi instable", type="faq", reviewed="2026-08-06", body=BODY + " Merci !"))
    repo.commit("2026-08-10T10:00:00+02:00", "Correction écrite avant la revue", author_when="2026-05-30T10:00:00+02:00")
    return repo


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("story") / "base").root


@pytest.fixture
def repo(template: Path, tmp_path: Path) -> GitRepo:
    """A fresh copy of the story's repository (history included) for each test."""
    shutil.copytree(template, tmp_path / "base")
    return GitRepo(tmp_path / "base")


def test_check_warns_about_items_modified_after_their_review(repo: GitRepo) -> None:
    result = invoke("check", "--root", str(repo.root))
    assert result.stdout.splitlines() == [
        f"{D_NEW}:8:11: warning FR001 modifié le 07/08/2026 après sa dernière revue du 01/06/2026 "
        "(relisez-le puis lancez « kb review KB-0004 »)",
        f"{T}:6:11: warning FR001 modifié le 03/08/2026 après sa dernière revue du 01/06/2026 "
        "(relisez-le puis lancez « kb review TR-RESEAU-01 »)",
    ]
    assert result.exit_code == 0  # warnings
    assert invoke("check", "--strict", "--root", str(repo.root)).exit_code == 1


def test_a_review_clears_the_warning_and_the_cache_follows_new_commits(repo: GitRepo) -> None:
    assert invoke("review", "KB-0004", "TR-RESEAU-01", "--date", "2026-08-11", "--root", str(repo.root)).exit_code == 0
    repo.commit("2026-08-11T10:00:00+02:00", "Revues")
    assert invoke("check", "--strict", "--root", str(repo.root)).exit_code == 0  # result now cached
    repo.write(B, b_text("2026-08-04", owner="Équipe Impression").replace("VPN", "réseau privé"))
    repo.commit("2026-08-12T10:00:00+02:00", "Modifie KB-0002 sans revue")
    result = invoke("check", "--root", str(repo.root))
    assert "FR001 modifié le 12/08/2026 après sa dernière revue du 04/08/2026" in result.stdout


def test_an_uncommitted_edit_counts_as_a_change_today(repo: GitRepo) -> None:
    repo.write(B, b_text("2026-08-04", owner="Équipe Impression").replace("VPN", "réseau privé"))
    result = invoke("check", "--root", str(repo.root))
    assert f"{B}:8:11: warning FR001 modifié après sa dernière revue du 04/08/2026 " \
           "(modification pas encore validée dans git)" in result.stdout
    base = load_base(repo.root)
    today = date.today()
    assert modified_since_review(repo.root, base, today)["KB-0002"] == Modification(today, uncommitted=True)


def test_outside_git_nothing_is_modified(copy_case) -> None:
    root = copy_case("clean")
    assert modified_since_review(root, load_base(root), date.today()) == {}
    assert invoke("check", "--strict", "--root", str(root)).exit_code == 0


def test_a_tree_citing_an_overdue_item_depends_on_it(repo: GitRepo) -> None:
    base = load_base(repo.root)
    # on 20/11/2026 KB-0002 (incident, 3 months from 04/08) is 16 days late; TR-RESEAU-01 sees it
    assert overdue_citations(base, D("2026-11-20")) == {"TR-RESEAU-01": ("KB-0002",)}
    assert overdue_citations(base, D("2026-11-04")) == {}


def test_now_report_lists_what_to_review_most_urgent_first(repo: GitRepo) -> None:
    data = json.loads(invoke("freshness", "--at", "2099-01-01", "--format", "json", "--root", str(repo.root)).stdout)
    assert {k: data[k] for k in ("at", "published", "fresh", "due_soon", "overdue", "pil05", "target", "met")} == \
        {"at": "2099-01-01", "published": 4, "fresh": 0, "due_soon": 0, "overdue": 4, "pil05": 0.0,
         "target": 0.75, "met": False}
    assert [(i["id"], i["due"], i["modified"], i["cites_overdue"]) for i in data["items"]] == [
        ("KB-0002", "2026-11-04", None, []),
        ("KB-0004", "2026-12-01", "2026-08-07", []),
        ("TR-RESEAU-01", "2026-12-01", "2026-08-03", ["KB-0002"]),
        ("KB-0003", "2027-08-06", None, []),
    ]
    first = data["items"][0]
    assert first == {"id": "KB-0002", "title": "Bourrage papier", "kind": "article", "domain": "impression",
                     "owner": "Équipe Impression", "path": B, "reviewed": "2026-08-04", "due": "2026-11-04",
                     "state": "en_retard", "days_late": (D("2099-01-01") - D("2026-11-04")).days,
                     "modified": None, "cites_overdue": []}


def test_now_report_by_owner_in_json_and_csv(repo: GitRepo) -> None:
    data = json.loads(invoke("freshness", "--at", "2099-01-01", "--by", "owner", "--format", "json",
                             "--root", str(repo.root)).stdout)
    assert data["by"] == "owner"
    assert [(g["owner"], g["published"], g["overdue"]) for g in data["groups"]] == \
        [("equipe-reseau", 3, 3), ("Équipe Impression", 1, 1)]
    csv_text = invoke("freshness", "--at", "2099-01-01", "--by", "owner", "--format", "csv",
                      "--root", str(repo.root)).stdout
    assert csv_text.splitlines() == ["owner,at,published,fresh,due_soon,overdue,pil05,target,met",
                                     "equipe-reseau,2099-01-01,3,0,0,3,0.0,0.75,false",
                                     "Équipe Impression,2099-01-01,1,0,0,1,0.0,0.75,false"]


def test_now_table_says_the_indicator_and_the_lateness(repo: GitRepo) -> None:
    result = invoke("freshness", "--at", "2099-01-01", "--root", str(repo.root))
    assert result.exit_code == 0
    assert result.stdout.startswith("PIL-05 au 01/01/2099 : 0 % (objectif 75 %) : objectif non atteint\n")
    assert "en retard de 26356 jours" in result.stdout  # KB-0002, due 04/11/2026
    assert "dépend d'un élément en retard : KB-0002" in result.stdout
    assert "modifié sans revue le 07/08/2026" in result.stdout


def test_digest_per_owner_most_urgent_first(repo: GitRepo) -> None:
    base = load_base(repo.root)
    at = D("2026-11-20")
    texts = digests(current_report(base, at, modified_since_review(repo.root, base, at)), base.config)
    assert set(texts) == {"equipe-reseau", "Équipe Impression"}
    reseau = texts["equipe-reseau"]
    assert reseau.startswith("# Revues à faire : equipe-reseau\n\nBonjour,\n")
    sections = [line for line in reseau.splitlines() if line.startswith(("## ", "1. ", "2. "))]
    assert sections == [
        "## À revoir bientôt (2)",
        "1. **KB-0004 — Imprimante réseau** : dans 11 jours ; échéance le 01/12/2026 ; dernière revue le "
        "01/06/2026 ; modifié le 07/08/2026.",
        "2. **TR-RESEAU-01 — Pas de réseau** : dans 11 jours ; échéance le 01/12/2026 ; dernière revue le "
        "01/06/2026 ; modifié le 03/08/2026 ; cite KB-0002, en retard de revue.",
    ]
    assert "## En retard (1)\n\n1. **KB-0002 — Bourrage papier** : en retard de 16 jours" \
        in texts["Équipe Impression"]
    assert "kb review ID" in reseau


def test_digest_command_writes_one_file_per_owner(repo: GitRepo, tmp_path: Path) -> None:
    out = tmp_path / "courriels"
    result = invoke("freshness", "--at", "2099-01-01", "--digest", str(out), "--root", str(repo.root))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["equipe-impression.md", "equipe-reseau.md"]
    assert "2 fichiers écrits" in result.stderr
    reseau = (out / "equipe-reseau.md").read_text(encoding="utf-8")
    assert reseau.index("KB-0004") < reseau.index("TR-RESEAU-01") < reseau.index("KB-0003")


def test_owner_file_names() -> None:
    assert owner_slug("Équipe Réseau / N2") == "equipe-reseau-n2"
    assert owner_slug("") == "sans-responsable"


def test_history_and_digest_do_not_mix(repo: GitRepo) -> None:
    result = invoke("freshness", "--history", "2026-06..2026-08", "--digest", "x", "--root", str(repo.root))
    assert result.exit_code == 2
    assert "--history ne se combine ni avec --at ni avec --digest" in result.stderr


def test_versions_cached_by_the_history_still_give_the_check_its_digests(repo: GitRepo) -> None:
    """--history caches versions without their content digest; the check asks for it afterwards."""
    assert invoke("freshness", "--history", "2026-06..2026-08", "--root", str(repo.root)).exit_code == 0
    assert (repo.root / ".kb" / "cache" / "versions.json").is_file()
    result = invoke("check", "--no-cache", "--root", str(repo.root))
    assert [line.split(" ")[2] for line in result.stdout.splitlines()] == ["FR001", "FR001"]

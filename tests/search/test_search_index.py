"""The index follows the files: only what changed is re-indexed, a schema change rebuilds it."""
from __future__ import annotations

import json
import os
from pathlib import Path

from builder.content.snapshot import read_snapshot
from builder.search.index import INDEX_DIR, updated_index
from builder.search.manifest import UpdateStats
from helpers import invoke


def update(root: Path) -> UpdateStats:
    return updated_index(root)[1]


def found(root: Path, query: str) -> list[str]:
    index, _ = updated_index(root)
    return [hit.id for hit in index.search(query, limit=20)]


def test_first_update_builds_then_nothing_to_do(copy_case) -> None:
    root = copy_case("search")
    first = update(root)
    assert (first.rebuilt, first.added, first.reason) == (True, 4, "index absent")
    again = update(root)
    assert (again.rebuilt, again.indexed, again.removed, again.unchanged) == (False, 0, 0, 4)


def test_edit_add_and_delete_files_reindex_only_them(copy_case) -> None:
    root = copy_case("search")
    update(root)
    article = root / "kb/comptes/mot-de-passe-expire.md"
    article.write_text(article.read_text().replace("tous les six mois", "tous les trimestres"))
    (root / "kb/messagerie/boite-pleine.md").unlink()
    (root / "kb/comptes/compte-verrouille.md").write_text(
        "---\nid: KB-0010\ntitle: Déverrouiller un compte\ntype: procedure\naudience: [agent]\n"
        "domain: comptes\nowner: equipe-test\nreviewed: 2026-09-03\nstatus: published\n---\n\n"
        "# Déverrouiller un compte\n\nAttendez quinze minutes, puis réessayez.\n")
    stats = update(root)
    assert (stats.rebuilt, stats.changed, stats.added, stats.removed, stats.unchanged) == (False, 1, 1, 1, 2)
    assert stats.indexed == 2
    assert found(root, "trimestres") == ["KB-0001"] and found(root, "six mois") == []
    assert found(root, "déverrouiller") == ["KB-0010"]
    assert found(root, "boîte aux lettres") == []  # the deleted article left the index


def test_a_file_that_no_longer_loads_leaves_the_index_until_fixed(copy_case) -> None:
    root = copy_case("search")
    update(root)
    tree = root / "trees/impression/copieur.yaml"
    good = tree.read_text()
    tree.write_text(good.replace("title: Bourrage", "title: [Bourrage"))  # broken YAML
    assert update(root).changed == 1
    assert found(root, "copieur") == []
    tree.write_text(good)
    assert update(root).changed == 1
    assert found(root, "copieur") == ["TR-IMPRESSION-01"]


def test_another_schema_version_rebuilds_transparently(copy_case) -> None:
    root = copy_case("search")
    update(root)
    manifest = root / INDEX_DIR / "manifest.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "version": "0/tantivy-0.1"}))
    stats = update(root)
    assert stats.rebuilt and stats.added == 4 and "version de l'index 0/tantivy-0.1" in stats.reason
    assert found(root, "copieur") == ["TR-IMPRESSION-01"]
    assert update(root).indexed == 0


def test_a_damaged_index_is_rebuilt(copy_case) -> None:
    root = copy_case("search")
    update(root)
    (root / INDEX_DIR / "tantivy" / "meta.json").write_text("{pas du json")
    stats = update(root)
    assert stats.rebuilt and stats.reason.startswith("index illisible")
    assert found(root, "copieur") == ["TR-IMPRESSION-01"]


def test_kb_search_updates_the_index_by_itself(copy_case) -> None:
    root = copy_case("search")
    assert "KB-0001" in invoke("search", "six mois", "--root", str(root)).stdout
    article = root / "kb/comptes/mot-de-passe-expire.md"
    article.write_text(article.read_text().replace("tous les six mois", "chaque trimestre"))
    assert "KB-0001" in invoke("search", "trimestre", "--root", str(root)).stdout
    assert update(root).indexed == 0  # kb search has already indexed the change


def test_unchanged_files_are_not_even_read(copy_case) -> None:
    root = copy_case("search")
    update(root)
    article = root / "kb/comptes/mot-de-passe-expire.md"
    os.utime(article, ns=(article.stat().st_atime_ns, article.stat().st_mtime_ns + 10**9))  # touched, not changed
    touched = update(root)
    assert (touched.read, touched.indexed, touched.unchanged) == (1, 0, 4)
    assert update(root).read == 0  # the manifest remembers the new time


def test_an_update_from_files_already_read_hashes_them(copy_case) -> None:
    root = copy_case("search")
    update(root)
    index, stats = updated_index(read_snapshot(root))  # as kb build will: the loader has read everything
    assert (stats.read, stats.indexed) == (4, 0)
    assert [h.id for h in index.search("copieur")] == ["TR-IMPRESSION-01"]

"""Incremental `kb build`: after each edit, the site is byte-identical to a build from scratch.

The shipped library is copied; after every edit (body, title, tags, related, a tree's
nodes, a renamed file, a deleted item, kb.yaml) `kb build` runs again on the same
copy (incremental), and another copy without any previous build is built from
scratch by MkDocs itself. The two site folders must hold the same files, byte for
byte. The build also says how many pages it rebuilt: an edit of one body must not
rebuild the whole site, or the test would pass with a build that is merely full.
"""
from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from helpers import PROJECT, invoke

REBUILT = re.compile(r"(\d+) pages? reconstruites? sur (\d+)")


def _copy_library(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("kb", "trees"):
        shutil.copytree(PROJECT / name, target / name)
    for name in ("kb.yaml", "mkdocs.yml"):
        shutil.copy2(PROJECT / name, target / name)
    return target


def _build(root: Path, site: Path) -> tuple[int, int]:
    """`kb build`; returns (pages rebuilt, pages in all) as the build reports them."""
    result = invoke("build", "--root", str(root), "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    found = REBUILT.search(result.output)
    assert found, result.output
    return int(found.group(1)), int(found.group(2))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_same_site(incremental: Path, scratch: Path, step: str) -> None:
    ours, theirs = _files(incremental), _files(scratch)
    missing = sorted(set(theirs) - set(ours))
    extra = sorted(set(ours) - set(theirs))
    differing = sorted(p for p in set(ours) & set(theirs) if ours[p] != theirs[p])
    assert not (missing or extra or differing), (
        f"après « {step} » : manquants {missing[:5]}, en trop {extra[:5]}, différents {differing[:5]}")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} absent de {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _uncited_article(root: Path) -> Path:
    """An article no other file names, so that deleting it leaves a valid base."""
    texts = {p: p.read_text(encoding="utf-8") for p in [*root.glob("kb/**/*.md"), *root.glob("trees/**/*.yaml")]}
    for path, text in sorted(texts.items()):
        if path.suffix != ".md":
            continue
        item_id = re.search(r"^id: (\S+)$", text, re.M).group(1)
        if not any(item_id in other for p, other in texts.items() if p != path):
            return path
    raise AssertionError("aucun article sans citation dans la bibliothèque")


ARTICLE = "kb/impression/ajouter-imprimante.md"
EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("corps d'un article", lambda r: _edit(r / ARTICLE, "## Avant de commencer",
                                           "Une phrase ajoutée pour l'aperçu.\n\n## Avant de commencer")),
    ("titre d'un article", lambda r: (_edit(r / ARTICLE, "title: Ajouter une imprimante absente de la liste",
                                            "title: Ajouter une imprimante du ministère"),
                                      _edit(r / ARTICLE, "# Ajouter une imprimante absente de la liste",
                                            "# Ajouter une imprimante du ministère"))),
    ("étiquettes", lambda r: _edit(r / ARTICLE, "tags: [imprimante, ajout, pilote, serveur d'impression]",
                                   "tags: [imprimante, ajout, pilote, copieur-couleur]")),
    ("articles liés", lambda r: _edit(r / ARTICLE, "related: [KB-0212]", "related: [TR-IMPRESSION-01]")),
    ("nœuds d'un arbre", lambda r: _edit(r / "trees/impression/imprimante-n-imprime-pas.yaml",
                                         "ask: Que signale l'imprimante ?",
                                         "ask: Quel message l'imprimante affiche-t-elle ?")),
    ("fichier renommé", lambda r: (r / "kb/impression/impression-badgee.md").rename(
        r / "kb/impression/badge-impression.md")),
    ("élément supprimé", lambda r: _uncited_article(r).unlink()),
    ("kb.yaml", lambda r: _edit(r / "kb.yaml", "title: Base de connaissance du CSU",
                                "title: Base de connaissance du centre de support")),
]


def test_incremental_build_is_byte_identical_to_a_build_from_scratch(tmp_path: Path) -> None:
    root = _copy_library(tmp_path / "work")
    site = tmp_path / "work-site"
    rebuilt, total = _build(root, site)
    assert rebuilt == total  # nothing to start from: everything is built
    assert _build(root, site)[0] == 0, "rien n'a changé : aucune page ne doit être reconstruite"
    for step, (name, edit) in enumerate(EDITS):
        edit(root)
        rebuilt, total = _build(root, site)
        if name in ("corps d'un article", "nœuds d'un arbre"):
            assert 0 < rebuilt <= 6, f"« {name} » a reconstruit {rebuilt} pages sur {total}"
        if name == "fichier renommé":  # pages are addressed by id: nothing to show differently
            assert rebuilt <= 6, f"« {name} » a reconstruit {rebuilt} pages sur {total}"
        _assert_same_site(site, _scratch_build(root, tmp_path / f"scratch-{step}"), name)


def _scratch_build(root: Path, site: Path) -> Path:
    """Build a copy of `root` without any previous build, at the same path (pages may name it)."""
    held = root.with_name(root.name + "-held")
    shutil.copytree(root, held, ignore=shutil.ignore_patterns(".kb"))
    root.rename(root.with_name(root.name + "-incremental"))
    held.rename(root)
    try:
        _build(root, site)
    finally:
        shutil.rmtree(root)
        root.with_name(root.name + "-incremental").rename(root)
    return site


def test_a_tampered_output_folder_is_repaired(tmp_path: Path) -> None:
    """A page removed by hand is put back: never trust what was not checked. From the published
    site, it is published again; from the folder built incrementally, it is rebuilt."""
    root = _copy_library(tmp_path / "work")
    site = tmp_path / "site"
    _build(root, site)
    page = site / "articles" / "KB-0216" / "index.html"
    original = page.read_bytes()
    page.unlink()
    _build(root, site)
    assert page.read_bytes() == original
    built = root / ".kb" / "site-build" / "articles" / "KB-0216" / "index.html"
    assert built.read_bytes() == original
    built.unlink()
    rebuilt, _ = _build(root, site)
    assert rebuilt >= 1 and built.read_bytes() == original and page.read_bytes() == original


def test_damaged_caches_are_read_again_from_the_files(tmp_path: Path) -> None:
    """The check's per-file findings and the parsed models under .kb/ may be truncated or edited by
    hand: what cannot be read is computed again, and the report and the site are those of a build
    without them."""
    import json
    import pickle

    root = _copy_library(tmp_path / "work")
    site = tmp_path / "site"
    _build(root, site)
    before = _files(site)
    check_file, parsed_file = root / ".kb/cache/check.json", root / ".kb/parsed.pickle"
    stored = json.loads(check_file.read_text(encoding="utf-8"))
    for number, path in enumerate(stored["items"]):
        stored["items"][path][1] = [[{"path": 3}], "texte", [None], [{}]][number % 4]
    stored["findings"] = [{"oops": 1}]
    check_file.write_text(json.dumps(stored), encoding="utf-8")
    models = pickle.loads(parsed_file.read_bytes())
    for number, key in enumerate(models["parsed"]):
        models["parsed"][key] = ["abîmé".encode(), pickle.dumps(("x",)), pickle.dumps(42), pickle.dumps(None)][number % 4]
    parsed_file.write_bytes(pickle.dumps(models))
    EDITS[0][1](root)  # an article's body
    fresh = invoke("check", "--no-cache", "--root", str(root))
    cached = invoke("check", "--root", str(root))
    assert (cached.exit_code, cached.stdout) == (fresh.exit_code, fresh.stdout)
    assert _build(root, site)[0] >= 1
    assert _files(site) != before
    _assert_same_site(site, _scratch_build(root, tmp_path / "scratch"), "caches abîmés")

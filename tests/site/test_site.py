"""The generated docs folder: golden pages, links, navigation, placeholders, offline assets."""
from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest

from builder.content.load import load_base
from builder.site.generate import generate, pages
from helpers import DATA, PROJECT, invoke

GOLDEN = Path(__file__).parents[1] / "golden"
TODAY = date(2026, 11, 1)
UPDATE = os.environ.get("KB_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("page, golden", [("articles/KB-0001.md", "article-KB-0001.md"),
                                          ("arbres/TR-IMPRESSION-01.md", "tree-TR-IMPRESSION-01.md")])
def test_generated_markdown_matches_golden_file(page: str, golden: str) -> None:
    generated = pages(load_base(DATA / "walk"), TODAY)[page]
    if UPDATE:
        (GOLDEN / golden).write_text(generated, encoding="utf-8")
    assert generated == (GOLDEN / golden).read_text(encoding="utf-8"), \
        "relancez avec KB_UPDATE_GOLDEN=1 et relisez le diff"


def test_player_data_carries_the_goto_target_and_the_priority_matrix() -> None:
    page = pages(load_base(DATA / "walk"), TODAY)["arbres/TR-IMPRESSION-01.md"]
    data = json.loads(re.search(r'id="kb-player-data">(.*?)</script>', page).group(1).replace("<\\/", "</"))
    assert set(data["trees"]) == {"TR-IMPRESSION-01", "TR-IMPRESSION-02"}
    assert data["matrix"]["elevee"]["majeur"] == "P2" and data["vip"] == "P0"
    second = data["trees"]["TR-IMPRESSION-02"]
    assert second["url"] == "../TR-IMPRESSION-02/"
    assert "[numéro du support]" in second["nodes"]["vider"]["text"]


def test_id_links_placeholders_and_drafts(copy_case) -> None:
    root = copy_case("walk")
    article = root / "kb/impression/vider-file.md"
    article.write_text(article.read_text() + "\nVoir [l'arbre](TR-IMPRESSION-01) et le {{ numero_support }}, "
                       "mais pas `{{ numero_support }}` ni [le brouillon](KB-0002).\n", encoding="utf-8")
    (root / "kb/impression/brouillon.md").write_text(
        "---\nid: KB-0002\ntitle: Brouillon\ntype: faq\naudience: [agent]\ndomain: impression\nowner: x\n"
        "reviewed: 2026-01-01\nstatus: draft\n---\n\n# Brouillon\n\nTexte.\n", encoding="utf-8")
    generated = pages(load_base(root), TODAY)
    text = generated["articles/KB-0001.md"]
    assert "[l'arbre](../arbres/TR-IMPRESSION-01.md)" in text
    assert 'class="kb-placeholder kb-placeholder--unfilled"' in text and "`{{ numero_support }}`" in text
    assert "ni le brouillon." in text  # a draft is not published: the words stay, the link goes
    assert "articles/KB-0002.md" not in generated


def test_navigation_is_by_domain_and_not_every_article(tmp_path: Path) -> None:
    result = generate(load_base(PROJECT), TODAY, work_dir=tmp_path)
    config = json.loads(result.config_file.read_text(encoding="utf-8").split("\n", 1)[1])
    nav = json.dumps(config["nav"], ensure_ascii=False)
    assert "domaines/impression.md" in nav and "articles/" not in nav and "arbres/" not in nav
    assert config["theme"] == {"custom_dir": "theme"}
    assert (tmp_path / "theme/assets/javascripts/lunr/min/lunr.fr.min.js").read_text().count("kb-fold-accents")


def test_regeneration_rewrites_only_what_changed(copy_case) -> None:
    root = copy_case("walk")
    first = generate(load_base(root), TODAY)
    assert first.written == first.pages
    again = generate(load_base(root), TODAY)
    assert again.written == 0 and again.removed == 0
    tree = root / "trees/impression/file-bloquee.yaml"
    tree.write_text(tree.read_text().replace("La file d'impression est débloquée.", "File débloquée."))
    third = generate(load_base(root), TODAY)
    # the tree's own page, and the page of the tree that continues into it (its player embeds it)
    assert third.written == 2


def test_build_refuses_a_base_with_errors(copy_case) -> None:
    root = copy_case("TR102")
    result = invoke("build", "--root", str(root))
    assert result.exit_code == 1
    assert "error TR102" in result.stdout
    assert "site non publié" in result.stderr
    assert not (root / "site").exists()


def test_build_writes_a_static_site_without_foreign_urls(copy_case) -> None:
    root = copy_case("walk")
    result = invoke("build", "--root", str(root), "--site-dir", str(root / "public"))
    assert result.exit_code == 0, result.output
    assert f"Site construit dans {root / 'public'}" in result.stdout
    html = (root / "public/arbres/TR-IMPRESSION-01/index.html").read_text(encoding="utf-8")
    assert 'lang="fr"' in html and "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert (root / "public/assets/kb/vendor/mermaid.min.js").is_file()
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert scripts and all(not s.startswith(("http:", "https:", "//")) for s in scripts)


def test_packaged_mkdocs_config_is_the_repository_one() -> None:
    packaged = PROJECT / "builder/site/mkdocs.default.yml"
    assert packaged.read_text(encoding="utf-8") == (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")


def test_a_tree_citing_an_overdue_article_says_so(copy_case) -> None:
    root = copy_case("walk")
    article = root / "kb/impression/vider-file.md"
    article.write_text(article.read_text().replace("reviewed: 2026-01-15", "reviewed: 2024-01-15"))
    generated = pages(load_base(root), TODAY)
    assert "dépend d'un élément en retard" in generated["arbres/TR-IMPRESSION-01.md"]
    assert 'title="Éléments cités en retard de revue : KB-0001"' in generated["arbres/TR-IMPRESSION-01.md"]
    assert "dépend d'un élément en retard" not in generated["arbres/TR-IMPRESSION-02.md"]

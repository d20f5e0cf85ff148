"""The users' portal (kb build --audience user): what it publishes, and what it never does."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from builder.content.load import load_base
from builder.model import Article
from builder.site.portal.view import for_users
from helpers import PROJECT, invoke


def texts(site: Path) -> dict[str, str]:
    """Every text file of the output folder (pages, search index, sitemap, scripts), by path."""
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml", ".js", ".css", ".txt")}


def words(needle: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(needle) + r"(?![\w-])")


def build_portal(root: Path, site: Path) -> Path:
    result = invoke("build", "--audience", "user", "--root", str(root), "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    assert f"Portail construit dans {site}" in result.output
    return site


@pytest.fixture(scope="module")
def library() -> object:
    return load_base(PROJECT)


def test_every_published_user_item_has_a_page_and_no_other_item_has_one(portal_site_dir: Path, library) -> None:
    expected = {f"{'articles' if isinstance(i, Article) else 'arbres'}/{i.id}" for i in library.items if for_users(i)}
    published = {f"{p.parent.parent.name}/{p.parent.name}" for folder in ("articles", "arbres")
                 for p in (portal_site_dir / folder).glob("*/index.html")}
    assert published == expected
    assert len(expected) > 50  # the shipped library has a real portal


def test_no_agent_data_anywhere_in_the_output(portal_site_dir: Path, library) -> None:
    agent_only = [i.id for i in library.items if i.id and not for_users(i)]
    owners = {i.owner for i in library.items if i.owner}
    groups = {*library.config.groups, *library.config.groups.values()}
    found = [(needle, path) for needle in [*agent_only, *owners, *groups]
             for path, text in texts(portal_site_dir).items() if words(needle).search(text)]
    assert found == []
    pages = {path: text for path, text in texts(portal_site_dir).items() if path.endswith(".html")}
    for marker in ("Responsable", "Revu le", "kb-badge", "Priorité", "Escalade", "Tableau de bord", "Étiquettes"):
        assert [p for p, t in pages.items() if marker in t] == [], marker
    index = json.loads((portal_site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert {doc["location"].split("#")[0].split("/")[0] for doc in index["docs"]} == {"", "articles", "arbres", "domaines"}


def test_player_data_holds_no_priority_group_or_review(portal_site_dir: Path) -> None:
    page = (portal_site_dir / "arbres" / "TR-COMPTES-01" / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="kb-player-data">(.*?)</script>', page, re.S)[1])
    assert data["mode"] == "user" and "Appelez le support" in data["contact"]
    assert not {"groups", "matrix", "vip", "labels", "limits"} & set(data)
    for tree in data["trees"].values():
        assert set(tree) == {"id", "title", "url", "start", "nodes"}
        for node in tree["nodes"].values():
            assert not {"group", "impact", "urgency", "ticket", "category", "duration", "freshness"} & set(node)


def test_links_to_agent_only_items_become_words_and_gotos_become_contact(copy_case, tmp_path: Path) -> None:
    site = build_portal(copy_case("portal"), tmp_path / "portail")
    article = (site / "articles" / "KB-0003" / "index.html").read_text(encoding="utf-8")
    assert "le support vérifiera le spouleur" in article
    assert "KB-0002" not in article and "spouleur/" not in article
    assert "Pour l'agent" not in article and "TIERS" not in article  # the agents' section is left out
    assert 'data-kb-view="KB-0003"' in article and 'data-kb-site="p"' in article
    assert not (site / "articles" / "KB-0002").exists() and not (site / "arbres" / "TR-IMPRESSION-02").exists()
    tree = (site / "arbres" / "TR-IMPRESSION-01" / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="kb-player-data">(.*?)</script>', tree, re.S)[1])
    assert data["trees"]["TR-IMPRESSION-01"]["nodes"]["file"] == {"kind": "escalate"}  # goto into an agents' tree
    assert list(data["trees"]) == ["TR-IMPRESSION-01"]
    assert 'href="https://support.example/demande"' in data["contact"]
    assert all(t not in json.dumps(data) for t in ("TR-IMPRESSION-02", "TIERS", "equipe-"))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Aide en ligne de test" in home and "Trouvez la solution à votre problème d'impression." in home
    assert "Appelez le support au" in home


def test_portal_defaults_to_site_usagers_and_leaves_the_agents_site_alone(copy_case) -> None:
    root = copy_case("portal")
    assert invoke("build", "--root", str(root)).exit_code == 0
    agents = (root / "site" / "index.html").read_text(encoding="utf-8")
    result = invoke("build", "--audience", "user", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert (root / "site-usagers" / "articles" / "KB-0003" / "index.html").is_file()
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == agents
    assert (root / "site" / "articles" / "KB-0002" / "index.html").is_file()
    again = invoke("build", "--audience", "user", "--root", str(root))
    assert "Portail à jour" in again.output


def test_usage_page_is_for_the_agents_site_only(copy_case, tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    log.write_text("", encoding="utf-8")
    result = invoke("build", "--audience", "user", "--usage", str(log), "--root", str(copy_case("portal")))
    assert result.exit_code == 2
    assert "--usage s'applique au site des agents" in result.output

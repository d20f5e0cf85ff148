"""The site ships the beacon's file and script; `usage: false` in kb.yaml turns both off."""
from __future__ import annotations

from pathlib import Path

from helpers import invoke


def build(root: Path, site: Path) -> Path:
    result = invoke("build", "--root", str(root), "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    return site


def test_every_page_loads_the_usage_script_and_the_site_ships_the_pixel(copy_case, tmp_path: Path) -> None:
    site = build(copy_case("walk"), tmp_path / "site")
    assert (site / "_kb/u.gif").read_bytes().startswith(b"GIF89a")
    for page in ("index.html", "arbres/TR-IMPRESSION-01/index.html", "articles/KB-0001/index.html"):
        assert 'src="' in (html := (site / page).read_text()) and "assets/kb/usage.js" in html, page
    assert "kbUsage" in (site / "assets/kb/usage.js").read_text()


def test_usage_false_sends_nothing(copy_case, tmp_path: Path) -> None:
    root = copy_case("walk")
    config = root / "kb.yaml"
    config.write_text(config.read_text() + "usage: false\n")
    site = build(root, tmp_path / "site")
    assert not (site / "_kb").exists()
    script = (site / "assets/kb/usage.js").read_text()
    assert "kbUsage" not in script and "usage: false" in script


def test_usage_must_be_true_or_false(copy_case) -> None:
    root = copy_case("walk")
    config = root / "kb.yaml"
    config.write_text(config.read_text() + "usage: peut-être\n")
    result = invoke("check", "--root", str(root))
    assert result.exit_code == 1
    assert "kb.yaml" in result.output and "« usage » doit valoir true ou false" in result.output


def test_build_with_usage_adds_the_page_and_the_walk_counts(copy_case, tmp_path: Path) -> None:
    from test_usage_report import beacon, sample

    log = tmp_path / "access.log"
    hostile = beacon(e="search", q="<script>alert(1)</script> | [x](javascript:y)", k=0)
    log.write_text("".join(sample()) + hostile, encoding="utf-8")
    site = tmp_path / "site"
    result = invoke("build", "--root", str(copy_case("walk")), "--site-dir", str(site), "--usage", str(log))
    assert result.exit_code == 0, result.output
    page = (site / "utilisation/index.html").read_text()
    assert "<svg" in page and "Parcours par arbre et leur fin" in page
    assert "TR-IMPRESSION-01 : 5 parcours, 2 résolus, 1 escaladés, 2 abandonnés" in page
    assert '<a href="../arbres/TR-IMPRESSION-01/">TR-IMPRESSION-01</a>' in page  # the built page's address
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "scanner réseau" in page
    tree = (site / "arbres/TR-IMPRESSION-01/index.html").read_text()
    assert 'id="etape-voyant"' in tree and "(5 parcours)" in tree
    assert "· 5 parcours" in tree  # the diagram's node label
    other = (site / "arbres/TR-IMPRESSION-02/index.html").read_text()
    assert "(2 parcours)" in other  # reached through the goto


def test_build_usage_with_a_missing_log_is_a_misuse(copy_case, tmp_path: Path) -> None:
    result = invoke("build", "--root", str(copy_case("walk")), "--site-dir", str(tmp_path / "s"),
                    "--usage", str(tmp_path / "absent.log"))
    assert result.exit_code == 2 and "journal introuvable" in result.output

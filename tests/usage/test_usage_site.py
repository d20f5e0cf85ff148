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

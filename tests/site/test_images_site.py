"""Screenshots on the site, in a real browser: shown, sized, lazy, from the site's own origin, never running script."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import DATA, invoke
from helpers.browser import launched_chromium, serve_directory
from helpers.images import HOSTILE_SVG

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The images fixture, plus the hostile SVG published with IM004 turned off (the cleaned copy must be safe)."""
    root = tmp_path_factory.mktemp("images") / "base"
    shutil.copytree(DATA / "images", root)
    (root / "kb/impression/images/piege.svg").write_bytes(HOSTILE_SVG)
    article = root / "kb/impression/vider-file.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n![Un schéma piégé](images/piege.svg)\n",
                       encoding="utf-8")
    with (root / "kb.yaml").open("a", encoding="utf-8") as config:
        config.write("severity:\n  IM004: off\n")
    site_dir = root.parent / "site"
    result = invoke("build", "--root", str(root), "--site-dir", str(site_dir))
    assert result.exit_code == 0, result.output
    with serve_directory(site_dir) as origin:
        yield site_dir, origin


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 4000})
    page = context.new_page()
    page.requests, page.errors, page.dialogs = [], [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def images_of(page: Any, selector: str) -> list[dict[str, Any]]:
    page.wait_for_function(f"[...document.querySelectorAll({selector!r})].every(i => i.complete)")
    return page.eval_on_selector_all(selector, "imgs => imgs.map(i => ({src: i.getAttribute('src'), alt: i.alt, "
                                               "natural: i.naturalWidth, width: i.getAttribute('width'), "
                                               "height: i.getAttribute('height'), loading: i.loading}))")


def test_the_article_shows_its_screenshots_sized_and_lazy(page: Any, site: tuple[Path, str]) -> None:
    site_dir, origin = site
    page.goto(f"{origin}/articles/KB-0001/")
    shown = images_of(page, "article img")
    by_alt = {i["alt"]: i for i in shown}
    png = by_alt["La file d'attente avec deux documents bloqués"]
    assert png["natural"] == 64 and (png["width"], png["height"]) == ("64", "48")
    assert png["loading"] == "lazy"
    assert png["src"] == "../../images/kb/impression/file-attente.png"
    assert by_alt["Schéma du circuit d'impression"]["natural"] == 120
    assert by_alt["Un schéma piégé"]["natural"] > 0  # published, but as the allow-list rewrote it
    assert all(r.startswith(origin) for r in page.requests), [r for r in page.requests if not r.startswith(origin)]
    assert page.errors == [] and page.dialogs == []


def test_a_hostile_svg_opened_on_its_own_runs_nothing(page: Any, site: tuple[Path, str]) -> None:
    site_dir, origin = site
    published = (site_dir / "images/kb/impression/piege.svg").read_bytes()
    assert b"script" not in published and b"onclick" not in published and b"tracker" not in published
    page.goto(f"{origin}/images/kb/impression/piege.svg")
    page.locator("rect").first.click()
    assert page.evaluate("document.title") != "pwned"
    assert page.dialogs == [] and all(r.startswith(origin) for r in page.requests)


def test_a_tree_help_shows_its_image(page: Any, site: tuple[Path, str]) -> None:
    _, origin = site
    page.goto(f"{origin}/arbres/TR-IMPRESSION-01/")
    shown = images_of(page, ".kb-player__help img")
    assert [(i["alt"], i["natural"] > 0, i["loading"]) for i in shown] == [("Le voyant vert en façade", True, "lazy")]

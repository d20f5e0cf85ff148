"""The « Couverture » page in a real Chromium: no serious accessibility violation (axe-core), no sideways
scrolling, at a phone's width and a desktop's."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import invoke
from helpers.browser import launched_chromium, serious_violations, serve_directory

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def origin(library: Path, export, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser-library") / "base"
    shutil.copytree(library, root, ignore=shutil.ignore_patterns(".kb"))
    site = root / "site"
    result = invoke("build", "--root", str(root), "--tickets", str(export.csv))
    assert result.exit_code == 0, result.output
    with serve_directory(site) as served:
        yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.mark.parametrize("width", [375, 1280])
def test_the_coverage_page_is_accessible(browser: Any, origin: str, width: int) -> None:
    # axe-core is injected as an inline script: the site's Content-Security-Policy would refuse it
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{origin}/couverture/")
    assert page.locator("svg.kb-chart").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    serious = serious_violations(page)
    context.close()
    assert serious == [] and errors == [], "\n".join(serious + errors)

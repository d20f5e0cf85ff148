"""The users' portal in a real browser: search, a guide to its end, the usage signals, accessibility."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from helpers.browser import launched_chromium, serious_violations, serve_directory
from helpers import invoke

pytestmark = pytest.mark.browser

PRIORITY = re.compile(r"\bP[0-4]\b")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def portal(portal_site_dir: Path) -> Iterator[str]:
    with serve_directory(portal_site_dir) as origin:
        yield origin


@pytest.fixture(scope="module")
def small_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import shutil
    from helpers import DATA
    root = tmp_path_factory.mktemp("small") / "portal"
    shutil.copytree(DATA / "portal", root, ignore=shutil.ignore_patterns(".kb"))
    site = root / "site-usagers"
    result = invoke("build", "--audience", "user", "--root", str(root))
    assert result.exit_code == 0, result.output
    with serve_directory(site) as origin:
        yield origin


def new_page(browser: Any, width: int = 1280, height: int = 900, **options: Any) -> Any:
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = new_page(browser)
    yield page
    page.context.close()


def beacons(page: Any) -> list[dict[str, str]]:
    return [{k: v[0] for k, v in parse_qs(urlsplit(url).query).items()} for url in page.requests if "/_kb/u.gif?" in url]


def click(page: Any, name: str) -> None:
    page.locator(".kb-player").get_by_role("button", name=name, exact=True).click()


def heading(page: Any) -> str:
    return page.locator("article h1").first.inner_text().rstrip("¶").strip()


def search(page: Any, query: str) -> list[str]:
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item")
    return page.locator(".md-search-result__item h1").all_inner_texts()


def test_home_search_finds_the_expired_password_article(page: Any, portal: str) -> None:
    page.goto(f"{portal}/")
    assert heading(page) == "Assistance informatique : trouvez la solution vous-même"
    titles = search(page, "mot de passe expiré")
    assert titles[0] == "Changer un mot de passe expiré", titles
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url(re.compile(r"/articles/KB-0001/"))
    assert heading(page) == "Changer un mot de passe expiré"
    assert page.errors == []


def test_search_applies_kb_yaml_synonyms(page: Any, portal: str) -> None:
    page.goto(f"{portal}/")
    titles = search(page, "mdp")  # kb.yaml: [mdp, mot de passe]
    assert any("mot de passe" in title.lower() for title in titles), titles


def test_a_guide_walked_to_its_escalation_shows_the_contact_and_no_priority(page: Any, small_portal: str) -> None:
    page.goto(f"{small_portal}/arbres/TR-IMPRESSION-01/")
    assert not page.locator(".kb-player__timer").count()  # no timer on the portal
    click(page, "Oui")  # continues into an agents' tree: the portal sends the user to the support
    assert page.locator("#kb-player-step").inner_text() == "Contactez le support"
    player = page.locator(".kb-player").inner_text()
    assert "Appelez le support au [numéro du support]." in player
    assert page.locator(".kb-player a", has_text="Faire une demande").get_attribute("href") == \
        "https://support.example/demande"
    description = page.locator("#kb-player-diagnostic").input_value()
    assert description.splitlines() == ["Problème : L'imprimante n'imprime pas",
                                         "Ce que j'ai déjà essayé avec le guide en ligne :",
                                         "1. Le voyant de l'imprimante est-il allumé ? → Oui",
                                         "Le guide n'a pas trouvé de solution."]
    body = page.locator("body").inner_text()
    assert not PRIORITY.search(body) and "TIERS" not in body and "VIP" not in body and "N2" not in body
    assert [b["o"] for b in beacons(page) if b.get("e") == "end"] == ["escalated"]
    assert {b.get("s") for b in beacons(page)} == {"p"}


def test_a_resolution_asks_whether_the_problem_is_solved(page: Any, small_portal: str) -> None:
    page.goto(f"{small_portal}/arbres/TR-IMPRESSION-01/")
    click(page, "Non")
    click(page, "C'est fait")
    click(page, "Oui")
    assert page.locator(".kb-player__question").inner_text() == "Votre problème est-il résolu ?"
    assert not [b for b in beacons(page) if b.get("e") == "end"]  # the answer says how the walk ended
    click(page, "Non")
    assert "Appelez le support" in page.locator(".kb-player__after").inner_text()
    assert page.locator("#kb-player-diagnostic").input_value().endswith(
        "Solution proposée, sans effet : Impression rétablie au niveau 1.")
    page.wait_for_timeout(300)
    assert [b["o"] for b in beacons(page) if b.get("e") == "end"] == ["escalated"]
    page.goto(f"{small_portal}/arbres/TR-IMPRESSION-01/#/voyant/Non/fait/Oui")
    page.reload()  # the same page with another hash: loaded again, as from a shared link
    click(page, "Oui")
    assert page.locator(".kb-player__thanks").is_visible()
    page.wait_for_timeout(300)
    assert [b["o"] for b in beacons(page) if b.get("e") == "end"][-1] == "resolved"


def test_an_article_page_counts_one_portal_view(page: Any, small_portal: str) -> None:
    page.goto(f"{small_portal}/articles/KB-0003/")
    page.wait_for_load_state("networkidle")
    assert [(b["e"], b["id"], b["s"]) for b in beacons(page) if b.get("e") == "view"] == [("view", "KB-0003", "p")]
    assert page.get_by_text("le support vérifiera le spouleur").is_visible()
    assert page.locator("a", has_text="le support vérifiera le spouleur").count() == 0


def test_the_guide_is_keyboard_operable(page: Any, small_portal: str) -> None:
    page.goto(f"{small_portal}/arbres/TR-IMPRESSION-01/")
    page.locator(".kb-player").get_by_role("button", name="Non", exact=True).focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "kb-player-step"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # « C'est fait »
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # « Oui »: the solution
    assert page.locator(".kb-player__question").is_visible()


def test_no_request_leaves_the_portal(page: Any, portal: str) -> None:
    for path in ["", "articles/KB-0001/", "arbres/TR-COMPTES-01/", "domaines/comptes/"]:
        page.goto(f"{portal}/{path}")
        page.wait_for_load_state("networkidle")
    search(page, "imprimante")
    foreign = [url for url in page.requests if not url.startswith((portal, "data:", "blob:"))]
    assert foreign == [] and page.errors == []


@pytest.mark.parametrize("width", [375, 640, 1280])  # 640: a 1280 px screen at 200 % zoom
@pytest.mark.parametrize("path, query", [("", None), ("articles/KB-0001/", None), ("arbres/TR-COMPTES-01/", None),
                                         ("", "mot de passe")])
def test_no_serious_accessibility_violation_and_no_sideways_scrolling(browser: Any, portal: str, path: str,
                                                                     query: str | None, width: int) -> None:
    # axe-core is injected as an inline script: the portal's Content-Security-Policy would refuse it
    page = new_page(browser, width=width, height=800, bypass_csp=True)
    page.goto(f"{portal}/{path}")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    if query:  # the search panel slides in on narrow screens: only axe-core judges it
        if width < 960:
            page.locator("label.md-header__button[for=__search]").click()
        search(page, query)
    serious = serious_violations(page)
    page.context.close()
    assert serious == [], "\n".join(serious)

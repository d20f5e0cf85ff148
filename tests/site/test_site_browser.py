"""The site in a real browser: the player, the URL state, search, offline, accessibility."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers.browser import launched_chromium, serious_violations, serve_directory
from helpers import DATA, PROJECT, invoke

pytestmark = pytest.mark.browser


def build(root: Path, site: Path) -> Path:
    result = invoke("build", "--root", str(root), "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def walk_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build(DATA / "walk", tmp_path_factory.mktemp("walk") / "site")
    with serve_directory(site) as origin:
        yield origin


@pytest.fixture(scope="module")
def library_site(library_site_dir: Path) -> Iterator[str]:
    with serve_directory(library_site_dir) as origin:
        yield origin


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def click(page: Any, name: str) -> None:
    page.locator(".kb-player").get_by_role("button", name=name, exact=True).click()


def step(page: Any) -> str:
    return page.locator("#kb-player-step").inner_text()


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect
    return playwright_expect(locator)


def test_walk_through_goto_and_back_gives_the_same_diagnostic_as_kb_run(page: Any, walk_site: str) -> None:
    page.goto(f"{walk_site}/arbres/TR-IMPRESSION-01/")
    assert step(page) == "Le voyant de l'imprimante est-il allumé ?"
    click(page, "Non")
    assert step(page).startswith("Action : Brancher le câble")
    click(page, "Retour")  # back one step
    assert step(page) == "Le voyant de l'imprimante est-il allumé ?"
    click(page, "Oui")  # goto: continues in TR-IMPRESSION-02
    assert step(page) == "Des documents sont-ils en attente dans la file ?"
    assert "Dans l'arbre La file d'impression est bloquée" in page.locator(".kb-player__where").inner_text()
    click(page, "Oui")
    click(page, "C'est fait")
    click(page, "Oui")
    assert page.locator(".kb-player__priority").inner_text() == "P2 (impact majeur, urgence élevée)"
    diagnostic = page.locator("#kb-player-diagnostic").input_value()
    answers = "\n".join(["2", "", "b", "b", "1", "1", "", "1"]) + "\n"
    terminal = invoke("run", "TR-IMPRESSION-01", "--root", str(DATA / "walk"), input=answers)
    assert diagnostic == terminal.stdout.split("Diagnostic à coller dans le ticket :\n", 1)[1].strip()
    assert page.url.endswith("#/voyant/Oui/Oui/fait/Oui")
    page.locator("#kb-player-vip").check()
    assert page.locator(".kb-player__priority").inner_text() == "P0 (appelant VIP)"
    assert "Priorité : P0 (appelant VIP)" in page.locator("#kb-player-diagnostic").input_value()
    assert page.locator("#kb-player-diagnostic").input_value().endswith("Catégorie : Impression > File d'impression")
    assert page.errors == []


def test_back_step_across_a_goto_and_browser_back(page: Any, walk_site: str) -> None:
    page.goto(f"{walk_site}/arbres/TR-IMPRESSION-01/")
    click(page, "Oui")
    assert step(page) == "Des documents sont-ils en attente dans la file ?"
    click(page, "Retour")
    assert step(page) == "Le voyant de l'imprimante est-il allumé ?"
    click(page, "Non")
    page.go_back()  # the browser's own back button
    expect(page.locator("#kb-player-step")).to_have_text("Le voyant de l'imprimante est-il allumé ?")
    page.go_forward()  # the player follows the hash change a moment after the URL
    expect(page.locator("#kb-player-step")).to_have_text(re.compile(r"^Action : Brancher"))


def test_reloading_a_mid_tree_url_lands_on_the_same_node(page: Any, walk_site: str) -> None:
    page.goto(f"{walk_site}/arbres/TR-IMPRESSION-01/#/voyant/Non/fait")
    assert step(page) == "L'imprimante s'allume-t-elle maintenant ?"
    page.reload()
    assert step(page) == "L'imprimante s'allume-t-elle maintenant ?"
    breadcrumb = page.locator(".kb-player__path").inner_text()
    assert "Le voyant de l'imprimante est-il allumé ? → Non" in breadcrumb


def test_copy_button_puts_the_diagnostic_in_the_clipboard(page: Any, walk_site: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{walk_site}/arbres/TR-IMPRESSION-01/#/voyant/Non/fait/Oui")
    page.get_by_role("button", name="Copier le diagnostic").click()
    expect(page.locator(".kb-player__status")).to_have_text("Diagnostic copié dans le presse-papiers.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith("Résultat : résolu — Impression rétablie au niveau 1.")


def test_player_is_keyboard_operable(page: Any, walk_site: str) -> None:
    page.goto(f"{walk_site}/arbres/TR-IMPRESSION-01/")
    page.locator(".kb-player").get_by_role("button", name="Non", exact=True).focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "kb-player-step"  # focus follows the step
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # « C'est fait »
    assert step(page) == "L'imprimante s'allume-t-elle maintenant ?"


def test_without_javascript_the_whole_tree_is_readable(browser: Any, walk_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{walk_site}/arbres/TR-IMPRESSION-01/")
    outline = page.locator(".kb-outline").inner_text()
    assert "Question : Le voyant de l'imprimante est-il allumé ?" in outline
    assert "Escalade : TIERS (Tiers-mainteneur), priorité P3 (impact modéré, urgence moyenne)" in outline
    assert not page.locator(".kb-player").is_visible()
    context.close()


@pytest.mark.parametrize("query", ["telephone", "téléphone", "TELEPHONE"])
def test_search_folds_accents(page: Any, library_site: str, query: str) -> None:
    page.goto(f"{library_site}/")
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item")
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert any("téléphone" in t.lower() for t in titles), titles


def test_no_request_leaves_the_site(page: Any, library_site: str) -> None:
    for path in ["", "arbres/TR-IMPRESSION-01/", "articles/KB-0001/", "tableau-de-bord/", "etiquettes/"]:
        page.goto(f"{library_site}/{path}")
        page.wait_for_load_state("networkidle")
    page.locator(".md-search__input").click()
    page.keyboard.type("imprimante")
    page.wait_for_selector(".md-search-result__item")
    page.goto(f"{library_site}/arbres/TR-MULTIMEDIA-01/")
    page.wait_for_function("document.querySelector('.mermaid') && document.querySelector('.mermaid')"
                           ".getBoundingClientRect().height > 100")  # the flowchart was drawn, offline
    foreign = [url for url in page.requests if not url.startswith((library_site, "data:", "blob:"))]
    assert foreign == []
    assert page.errors == []


@pytest.mark.parametrize("path, search", [("articles/KB-0001/", False), ("arbres/TR-IMPRESSION-01/", False),
                                          ("", True)])
def test_no_serious_accessibility_violation(browser: Any, library_site: str, path: str, search: bool) -> None:
    # axe-core is injected as an inline script: the site's Content-Security-Policy would refuse it
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{library_site}/{path}")
    if search:
        page.locator(".md-search__input").click()
        page.keyboard.type("imprimante")
        page.wait_for_selector(".md-search-result__item")
    serious = serious_violations(page)
    context.close()
    assert serious == [], "\n".join(serious)


def free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_kb_serve_reloads_the_browser_when_an_article_changes(page: Any, copy_case: Any) -> None:
    import subprocess
    import sys
    import time
    import urllib.request

    root = copy_case("walk")
    port = free_port()
    server = subprocess.Popen([sys.executable, str(PROJECT / "cli.py"), "serve", "--root", str(root),
                               "--dev-addr", f"127.0.0.1:{port}"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/articles/KB-0001/"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "kb serve n'a pas démarré"
                time.sleep(0.3)
        page.goto(url)
        assert "Ouvrez la file d'impression" in page.locator("article").inner_text()
        article = root / "kb/impression/vider-file.md"
        article.write_text(article.read_text().replace("Ouvrez la file d'impression",
                                                       "Ouvrez la file d'attente d'impression"), encoding="utf-8")
        page.wait_for_function("() => document.querySelector('article').innerText"
                               ".includes(\"file d'attente d'impression\")", timeout=30000)  # reloaded by itself
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Site mis à jour." in output

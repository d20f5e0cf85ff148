"""End to end: the shipped library's site served by a real nginx, walked in a real Chromium;
`kb usage` on nginx's own access log reports exactly the walks, views and searches made."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers.browser import launched_chromium
from helpers import PROJECT, invoke
from helpers.nginx_server import nginx

pytestmark = pytest.mark.browser
TREE = "TR-IMPRESSION-01"


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect
    return playwright_expect(locator)


@pytest.fixture(scope="module")
def served(library_site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    with nginx(library_site_dir, tmp_path_factory.mktemp("nginx")) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


class Tab:
    """One agent's tab: its own sessionStorage, so its own walks."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.beacons: list[str] = []
        self.errors: list[str] = []
        self.page.on("requestfinished", lambda r: "/_kb/u.gif?" in r.url and self.beacons.append(r.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def click(self, name: str) -> None:
        self.page.locator(".kb-player").get_by_role("button", name=name, exact=True).click()

    def step(self) -> str:
        return self.page.locator("#kb-player-step").inner_text()

    def close(self) -> None:
        self.page.wait_for_load_state("networkidle")
        assert not self.errors
        self.context.close()


def test_kb_usage_reports_exactly_what_was_done_in_the_browser(browser: Any, served: tuple[str, Path]) -> None:
    origin, log = served
    agent = Tab(browser)
    page = agent.page
    page.goto(f"{origin}/arbres/{TREE}/")
    # walk 1: resolved, diagnostic copied
    for answer in ("Oui", "Papier ou toner vide", "C'est fait", "Oui"):
        agent.click(answer)
    assert agent.step() == "Résolu"
    agent.click("Copier le diagnostic")
    # walk 2 (restart): escalated, VIP ticked
    agent.click("Recommencer")
    for answer in ("Oui", "Papier ou toner vide", "C'est fait", "Pas de toner en stock"):
        agent.click(answer)
    assert agent.step() == "Escalade"
    page.locator("#kb-player-vip").check()
    # walk 3 (restart): a wrong answer taken back, then a goto into TR-IMPRESSION-02, left there
    agent.click("Recommencer")
    agent.click("Non")
    agent.click("Retour")
    agent.click("Oui")
    agent.click("Bourrage ou code d'erreur")
    assert "Dans l'arbre" in page.locator(".kb-player__where").inner_text()
    agent.close()

    # walk 4, another agent: left mid-way at the badge question
    other = Tab(browser)
    other.page.goto(f"{origin}/arbres/{TREE}/")
    other.click("Non")
    other.click("Oui")
    assert other.step().startswith("S'agit-il d'un copieur")
    other.page.reload()  # a reload continues the same walk (the path is in the address)
    assert other.step().startswith("S'agit-il d'un copieur")
    # an article read twice (the reload is answered 304 by nginx), two searches
    other.page.goto(f"{origin}/articles/KB-0216/")
    other.page.reload()
    other.page.goto(f"{origin}/")
    box = other.page.locator("input[data-md-component=search-query]")
    box.click()
    box.press_sequentially("imprimante", delay=30)  # typed: the theme searches on key presses
    other.page.wait_for_timeout(2000)
    expect(other.page.locator(".md-search-result__meta")).to_contain_text("documents trouvés", timeout=20000)
    other.page.wait_for_timeout(1000)
    box.fill("")
    box.press_sequentially("zzqxwvk", delay=30)
    expect(other.page.locator(".md-search-result__meta")).to_contain_text("Aucun document", timeout=20000)
    other.page.wait_for_timeout(2500)
    other.close()
    assert len(agent.beacons) >= 20

    statuses = [line.split('" ')[1].split()[0] for line in log.read_text().splitlines() if "/articles/KB-0216/ " in line]
    assert statuses == ["200", "304"]
    result = invoke("usage", "--root", str(PROJECT), "--format", "json", str(log))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    tree = next(t for t in report["trees"] if t["id"] == TREE)
    figures = {k: tree[k] for k in ("sessions", "resolved", "escalated", "abandoned", "copied", "restarts", "over_limit")}
    assert figures == {"sessions": 4, "resolved": 1, "escalated": 1, "abandoned": 2, "copied": 1, "restarts": 2,
                       "over_limit": 0}
    assert tree["exits"] == {"TR-IMPRESSION-02/symptome": 1, "badge": 1}
    assert tree["nodes"]["message_copieur"] == {"visits": 4, "answers": {"Non": 2, "Oui": 3}}
    assert tree["nodes"]["consommables_ok"] == {"visits": 2, "answers": {"Oui": 1, "Pas de toner en stock": 1}}
    assert tree["nodes"]["escalade_toner"]["visits"] == 1 and tree["nodes"]["resolu_consommables"]["visits"] == 1
    assert 0 <= tree["median_seconds"] < 120
    second = next(t for t in report["trees"] if t["id"] == "TR-IMPRESSION-02")
    assert second["sessions"] == 0 and second["nodes"]["symptome"]["visits"] == 1
    assert sum(t["sessions"] for t in report["trees"]) == 4
    article = next(a for a in report["articles"] if a["id"] == "KB-0216")
    assert (article["views"], article["portal_views"]) == (2, 0)
    assert sum(a["views"] for a in report["articles"]) == 2
    searches = {s["query"]: (s["count"], s["results"]) for s in report["searches"]}
    assert set(searches) == {"imprimante", "zzqxwvk"}
    assert searches["zzqxwvk"] == (1, 0) and searches["imprimante"][0] == 1 and searches["imprimante"][1] > 0
    assert report["unknown"] == [] and report["read"]["unreadable"] == 0 and report["read"]["invalid_beacons"] == 0

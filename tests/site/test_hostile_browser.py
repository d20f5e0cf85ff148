"""The hostile corpus (tests/data/hostile/ plus a page through the wiki import) built, then opened in Chromium.

Every field that reaches a page carries a payload: article bodies (every form of the
issue and more), titles, tags, owner, kb.yaml's title, domain and group labels,
placeholders, symptoms, questions, answer labels, help texts, tickets. The site is
built as a base that turned CT004 off would build it. Every page is loaded, the tree
is walked in the player and the search is used: no dialog may open, no injected
element or handler may be in the DOM, and no request may leave the site's origin.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from helpers import DATA, invoke
from helpers.browser import launched_chromium, serve_directory

pytestmark = pytest.mark.browser

WIKITEXT = """{{Attention|titre=<iframe src="javascript:alert('wiki-title')"></iframe> Titre [x](javascript:alert(1))|1=Contenu <span onmouseover="alert('wiki-span')">survol</span>}}
== Section <img src=x onerror=alert('wiki-h2')> ==
Texte <script>alert('wiki-script')</script> et [javascript:alert('wiki-ext') lien externe].

<div onclick="alert('wiki-div')">div</div>

{{Note|titre="><img src=x onerror=alert('wiki-note')>|1=note}}
"""

# What no page may contain once loaded (run in the page; returns what it found).
AUDIT = """() => {
  const found = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"];
  for (const el of document.querySelectorAll("*")) {
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) found.push(`${el.tagName} ${name}`);
      if (name === "srcdoc") found.push(`${el.tagName} srcdoc`);
      if (urlAttributes.includes(name) && /^\\s*(javascript|vbscript|data:text)/i.test(attribute.value.replace(/[\\u0000-\\u0020]/g, "")))
        found.push(`${el.tagName} ${name}=${attribute.value}`);
    }
    if (el.id && el.id.startsWith("kb-pwned")) found.push(`#${el.id}`);
    if (el.tagName === "SCRIPT" && !el.src && el.type !== "application/json") found.push("script en ligne");
    if ((el.tagName === "SCRIPT" && el.src) || (el.tagName === "LINK" && el.href)) {
      if (new URL(el.src || el.href).origin !== location.origin) found.push(`${el.tagName} ${el.src || el.href}`);
    }
    if (["IFRAME", "FRAME", "OBJECT", "EMBED", "BASE", "X-KB", "MATH", "VIDEO", "NOSCRIPT"].includes(el.tagName))
      found.push(el.tagName);
    if (el.tagName === "META" && (el.httpEquiv || "").toLowerCase() === "refresh") found.push("META refresh");
    if (el.closest(".md-content") && ["FORM", "INPUT", "STYLE", "LINK"].includes(el.tagName)
        && !el.closest(".kb-player")) found.push(`${el.tagName} dans le contenu`);
  }
  if (document.querySelectorAll("[id='__config']").length !== 1) found.push("#__config dupliqué");
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus, plus a page imported from hostile wikitext and then published by an editor."""
    from builder.content.load import load_base
    from exporters.mediawiki.importer import import_pages

    root = tmp_path_factory.mktemp("hostile") / "base"
    shutil.copytree(DATA / "hostile", root, ignore=shutil.ignore_patterns(".kb", "site"))
    wiki = SimpleNamespace(server="https://wiki.example", script="/index.php")
    pages = import_pages(load_base(root), wiki, [("Page <b>piégée</b>", WIKITEXT)], "impression")  # type: ignore[arg-type]
    assert pages[0].path, pages[0].skipped
    imported = root / pages[0].path
    text = imported.read_text(encoding="utf-8")
    imported.write_text(text.replace("status: draft", "status: published").replace("reviewed:\n", "reviewed: 2026-11-15\n")
                        .replace("owner: à définir", "owner: equipe-test"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hostile_site(hostile_root: Path) -> Iterator[tuple[str, list[str]]]:
    site = hostile_root.parent / "site"
    result = invoke("build", "--root", str(hostile_root), "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    with serve_directory(site) as origin:
        yield origin, pages


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


def open_page(page: Any, url: str) -> None:
    """Loaded: parser-blocking scripts ran (Mermaid is slow to parse), then the network is quiet."""
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")


class Watched:
    """A page whose dialogs, requests and script errors are recorded."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.blocked: list[str] = []  # stopped by the Content-Security-Policy before leaving the browser
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("requestfailed", lambda request: self.blocked.append(request.url)
                     if (request.failure or "").lower() in ("csp", "net::err_blocked_by_csp") else None)

    def foreign(self, origin: str) -> list[str]:
        """Requests that left for another origin."""
        return [url for url in self.requests if not url.startswith((origin + "/", "data:", "blob:"))
                and url not in self.blocked]


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    watched = Watched(browser)
    yield watched
    watched.context.close()


def test_the_corpus_reaches_every_kind_of_page(hostile_site: tuple[str, list[str]]) -> None:
    _, pages = hostile_site
    assert {"index.html", "etiquettes/index.html", "tableau-de-bord/index.html", "domaines/impression/index.html",
            "articles/KB-0001/index.html", "articles/KB-0002/index.html", "articles/KB-0003/index.html",
            "arbres/TR-IMPRESSION-01/index.html"} <= set(pages)


def test_no_page_runs_anything_injects_anything_or_calls_another_origin(
        watched: Watched, hostile_site: tuple[str, list[str]]) -> None:
    origin, pages = hostile_site
    problems = {}
    for path in pages:
        open_page(watched.page, f"{origin}/{path}")
        watched.page.wait_for_timeout(100)  # autofocus, toggles, mermaid
        found = watched.page.evaluate(AUDIT)
        if found:
            problems[path] = found
    assert watched.dialogs == []
    assert problems == {}
    assert watched.foreign(origin) == []


def test_walking_the_hostile_tree_runs_nothing(watched: Watched, hostile_site: tuple[str, list[str]]) -> None:
    origin, _ = hostile_site
    page = watched.page
    open_page(page, f"{origin}/arbres/TR-IMPRESSION-01/")
    step = page.locator("#kb-player-step")
    assert step.inner_text().startswith("Question <img src=x onerror=alert('ask')>")  # shown as text
    help_box = page.locator(".kb-player__help")
    assert "Aide" in help_box.inner_text()
    assert help_box.locator("img[onerror], iframe, svg, script").count() == 0
    assert help_box.locator("a[href^='javascript' i]").count() == 0
    page.locator(".kb-player").get_by_role("button", name="<!--<script>", exact=True).click()
    assert step.inner_text().startswith("Action : Action <img")
    page.locator(".kb-player").get_by_role("button", name="Recommencer").click()
    page.locator(".kb-player").get_by_role("button", name="\"] click n0 call alert('mermaid')").click()
    ticket = page.locator(".kb-player__outcome").inner_text()
    assert "</textarea><script>alert('ticket2')</script>" in ticket
    assert "Proximité <img src=x onerror=alert('group')>" in ticket
    diagnostic = page.locator("#kb-player-diagnostic").input_value()
    assert "Joindre <img src=x onerror=alert('ticket')>" in diagnostic
    assert page.evaluate(AUDIT) == []
    assert watched.dialogs == []
    assert watched.foreign(origin) == []


def test_searching_the_hostile_titles_runs_nothing(watched: Watched, hostile_site: tuple[str, list[str]]) -> None:
    origin, _ = hostile_site
    page = watched.page
    open_page(page, f"{origin}/")
    page.locator(".md-search__input").click()
    page.keyboard.type("Piège")
    page.wait_for_selector(".md-search-result__item")
    assert "Piège <img src=x onerror=alert('title')>" in page.locator(".md-search-result").inner_text()
    assert page.evaluate(AUDIT) == []
    for query in ("img", "script", "onerror", "alert", "javascript"):
        page.locator(".md-search__input").fill(query)
        page.wait_for_timeout(1000)
        assert page.evaluate(AUDIT) == [], query
    assert watched.dialogs == []
    assert watched.foreign(origin) == []


def test_the_content_security_policy_stops_what_the_sanitiser_would_miss(
        watched: Watched, hostile_site: tuple[str, list[str]]) -> None:
    """The second wall, checked in the browser: inline scripts and handlers injected at run time do not run."""
    origin, _ = hostile_site
    page = watched.page
    open_page(page, f"{origin}/articles/KB-0002/")
    ran = page.evaluate("""() => new Promise(resolve => {
      const violations = [];
      document.addEventListener("securitypolicyviolation", e => violations.push(e.violatedDirective));
      const script = document.createElement("script");
      script.textContent = "window.kbInline = 1";
      document.body.appendChild(script);
      const holder = document.createElement("div");
      holder.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onload="window.kbHandler = 1">';
      document.body.appendChild(holder);
      const remote = document.createElement("script");
      remote.src = "https://evil.example/x.js";
      document.body.appendChild(remote);
      setTimeout(() => resolve({inline: window.kbInline || 0, handler: window.kbHandler || 0, violations}), 500);
    })""")
    assert ran["inline"] == 0 and ran["handler"] == 0
    assert "script-src-elem" in ran["violations"] or "script-src" in ran["violations"]
    page.wait_for_timeout(500)
    assert watched.blocked == ["https://evil.example/x.js"]
    assert watched.foreign(origin) == []


def test_the_player_rebuilds_help_html_with_its_own_allow_list(
        watched: Watched, hostile_site: tuple[str, list[str]]) -> None:
    origin, _ = hostile_site
    page = watched.page
    open_page(page, f"{origin}/arbres/TR-IMPRESSION-01/")
    html = page.evaluate("""() => {
      const box = document.createElement("div");
      box.appendChild(window.kbHtmlFragment('<p onclick="alert(1)"><b>gras</b> <a href=" java\\tscript:alert(1)">x</a>' +
        '<a href="../KB-0001/">bon</a><img src=x onerror=alert(1)><script>alert(1)</script><svg onload=alert(1)></svg>' +
        '<iframe srcdoc="<script>alert(1)</script>"></iframe></p>'));
      return box.innerHTML;
    }""")
    assert html == '<p><b>gras</b> <a>x</a><a href="../KB-0001/">bon</a><img src="x"></p>'
    assert watched.dialogs == []

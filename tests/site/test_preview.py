"""`kb serve`: a real server process, real file events, a real Chromium.

What an author checks: the page shows an edit by itself; a broken file is named in
the terminal and on the page being previewed, the server keeps running, and the
fix makes the banner go; the published files never carry the preview's script.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import PROJECT
from helpers.browser import launched_chromium

pytestmark = pytest.mark.browser


def _free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def page() -> Iterator[Any]:
    with launched_chromium() as browser:
        yield browser.new_page()


@pytest.fixture
def served(copy_case: Any) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    root = copy_case("walk")
    port = _free_port()
    server = subprocess.Popen([sys.executable, str(PROJECT / "cli.py"), "serve", "--root", str(root),
                               "--dev-addr", f"127.0.0.1:{port}"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    origin = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(origin + "/articles/KB-0001/", timeout=2).read()
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, "kb serve n'a pas démarré"
            time.sleep(0.3)
    try:
        yield root, origin, server
    finally:
        server.terminate()
        server.communicate(timeout=20)


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect
    return playwright_expect(locator)


def _status(origin: str) -> dict[str, Any]:
    return json.loads(urllib.request.urlopen(origin + "/__kb/etat", timeout=5).read())


def test_an_error_is_shown_on_the_page_and_in_the_terminal_then_the_fix_reloads(
        page: Any, served: tuple[Path, str, subprocess.Popen[str]]) -> None:
    root, origin, server = served
    article = root / "kb/impression/vider-file.md"
    good = article.read_text(encoding="utf-8")
    assert b"__kb/" not in (root / ".kb/site-build/articles/KB-0001/index.html").read_bytes()
    assert not (root / "site").exists(), "kb serve ne publie pas"
    page.goto(origin + "/articles/KB-0001/")
    # the preview runs under the published policy (no bypass): its reload script is a same-origin file
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]
    article.write_text(good.replace("audience: [agent, user]", "audience: [agent, user"), encoding="utf-8")
    banner = page.locator("#kb-apercu-erreurs")
    banner.wait_for(timeout=30000)
    assert "kb/impression/vider-file.md" in banner.inner_text()
    assert "Ouvrez la file d'impression" in page.locator("article").inner_text()  # the last good page stays
    assert server.poll() is None
    article.write_text(good.replace("Ouvrez la file d'impression", "Ouvrez la file corrigée"), encoding="utf-8")
    # the page's own policy forbids eval (wait_for_function): a locator assertion instead
    expect(page.locator("article")).to_contain_text("file corrigée", timeout=30000)
    assert page.locator("#kb-apercu-erreurs").count() == 0
    assert _status(origin)["errors"] == []
    server.terminate()
    output = server.communicate(timeout=20)[0]
    assert "kb/impression/vider-file.md" in output and "Site mis à jour." in output


def test_a_missing_link_target_found_by_the_check_is_shown_after_the_page(
        served: tuple[Path, str, subprocess.Popen[str]]) -> None:
    root, origin, _ = served
    article = root / "kb/impression/vider-file.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nVoir [l'inconnu](KB-9999).\n", encoding="utf-8")
    deadline = time.monotonic() + 30
    while not _status(origin)["errors"]:
        assert time.monotonic() < deadline, "l'erreur de kb check n'est pas remontée"
        time.sleep(0.2)
    assert any("KB-9999" in line for line in _status(origin)["errors"])

"""A real browser for the site's tests: Debian's Chromium driven by Playwright.

Never `playwright install` (it downloads a browser): scripts/test.sh installs the
`chromium` package. Outside CI a missing Chromium skips the browser tests loudly;
in CI (the CI variable is set by .ci/run) it fails them.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import tarfile
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
AXE_VERSION = "4.11.0"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "csu-kb"


def require_chromium() -> None:
    if Path(CHROMIUM).is_file():
        return
    message = (f"Chromium absent ({CHROMIUM}) : les tests dans un vrai navigateur n'ont PAS été exécutés. "
               "Installez-le avec « apt-get install chromium » (scripts/test.sh le fait en root).")
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, closed at the end (a missing one skips or fails, as above)."""
    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each (the page's context must
    bypass its Content-Security-Policy: axe-core is injected as an inline script)."""
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}) : {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """A static web server on a free loopback port; yields its origin."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def axe_script() -> Path:
    """axe-core from the npm registry, fetched once into the user's cache (never committed)."""
    target = CACHE / f"axe-core-{AXE_VERSION}" / "axe.min.js"
    if target.is_file():
        return target
    if shutil.which("npm") is None:
        pytest.fail("npm est nécessaire pour télécharger axe-core depuis le registre npm")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"axe-core@{AXE_VERSION}", "--silent"], cwd=tmp, check=True,
                       capture_output=True, timeout=300)
        with tarfile.open(Path(tmp) / f"axe-core-{AXE_VERSION}.tgz") as archive:
            member = archive.extractfile("package/axe.min.js")
            assert member is not None
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(member.read())
    return target

"""Shared fixtures: content repositories copied to a temporary folder, the CLI invoked."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from helpers import DATA, PROJECT, invoke

# In CI the generated inputs are the same at every run (a red CI always means a change);
# elsewhere each run explores new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def copy_case(tmp_path: Path):
    """Copy tests/data/<name> to a temporary folder and return its path."""
    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(DATA / name, target, ignore=shutil.ignore_patterns(".kb", "expected.txt"))
        return target
    return copy


@pytest.fixture(scope="session")
def library_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped library built once per test session with `kb build`."""
    site = tmp_path_factory.mktemp("library") / "site"
    result = invoke("build", "--root", str(PROJECT), "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture(scope="session")
def portal_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The users' portal of the shipped library, built once per test session with `kb build --audience user`."""
    site = tmp_path_factory.mktemp("portal") / "site-usagers"
    result = invoke("build", "--audience", "user", "--root", str(PROJECT), "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    return site


# -- a real MediaWiki (tests/wiki_server.py) ---------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="réécrire les fichiers de référence (golden) au lieu de les comparer")


@pytest.fixture(scope="session")
def wiki(tmp_path_factory: pytest.TempPathFactory):
    """One MediaWiki for the whole session, stopped at the end."""
    from helpers.wiki_server import WikiServer, ensure_packages, required

    why = ensure_packages()
    if why:
        if required():
            pytest.fail(f"MediaWiki indispensable en CI : {why}")
        pytest.skip(f"TESTS MEDIAWIKI IGNORÉS : {why}")
    server = WikiServer(tmp_path_factory.mktemp("wiki"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def wiki_case(copy_case, request: pytest.FixtureRequest):
    """Copy a content case under its own page prefix and category, so tests share one wiki."""
    def copy(name: str = "mediawiki") -> Path:
        root = copy_case(name)
        tag = "".join(c for c in request.node.name.title() if c.isalnum())[:40]
        config = root / "kb.yaml"
        text = config.read_text(encoding="utf-8")
        text = text.replace('title_prefix: "Test:"', f'title_prefix: "{tag}:"')
        text = text.replace("category: Base de test", f"category: Base de test {tag}")
        config.write_text(text, encoding="utf-8")
        return root
    return copy

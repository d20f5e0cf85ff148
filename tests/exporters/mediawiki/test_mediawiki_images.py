"""Images sent to a real MediaWiki: uploaded once, never again when unchanged, a person's version kept."""
from __future__ import annotations

import hashlib
import html
import io
import re
import time
from pathlib import Path

import pytest

from helpers import invoke
from helpers.images import png

FILES = {"kb/impression/images/file-attente.png", "kb/impression/images/schema.svg",
         "trees/impression/images/voyant.png"}


@pytest.fixture
def bot(wiki, monkeypatch):
    for name, value in wiki.bot_env.items():
        monkeypatch.setenv(name, value)
    return wiki


def export(root: Path, wiki, *args: str):
    return invoke("export", "mediawiki", "--url", wiki.api, "--root", str(root), *args)


def names(root: Path) -> dict[str, str]:
    """Repository path → file name on the wiki (the prefix is the test's, « : » becoming « - »)."""
    tag = re.search(r'title_prefix: "(.*)"', (root / "kb.yaml").read_text()).group(1).replace(":", "-")
    return {path: f"{tag}{path.split('/')[1]}-{'arbres-' if path.startswith('trees') else ''}{path.split('/')[-1]}"
            for path in FILES}


def latest(wiki, name: str) -> dict:
    result = wiki.site().api("query", titles=f"File:{name}", prop="imageinfo", iiprop="sha1|user|url",
                             iilimit="max", formatversion="2")
    page = result["query"]["pages"][0]
    return {"versions": len(page.get("imageinfo", [])), **(page.get("imageinfo") or [{}])[0]}


def test_images_are_uploaded_once_and_shown_by_the_pages(bot, wiki_case) -> None:
    root = wiki_case("images")
    first = export(root, bot)
    assert first.exit_code == 0, first.output
    assert "Fichiers : 3 envoyés." in first.output
    for path, name in names(root).items():
        info = latest(bot, name)
        assert info["versions"] == 1 and info["user"] == "Admin", (name, info)
        if path.endswith(".png"):
            assert info["sha1"] == hashlib.sha1((root / path).read_bytes()).hexdigest()
    title = re.search(r'title_prefix: "(.*)"', (root / "kb.yaml").read_text()).group(1) + "Vider la file d'impression"
    page = bot.site().api("parse", page=title, prop="images|text", formatversion="2")["parse"]
    shown = {names(root)["kb/impression/images/file-attente.png"], names(root)["kb/impression/images/schema.svg"]}
    assert shown <= set(page["images"])
    text = html.unescape(page["text"])
    png_name = names(root)["kb/impression/images/file-attente.png"]
    assert re.search(rf'<img alt="La file d\'attente avec deux documents bloqués" src="[^"]*/{png_name}"', text)

    second = export(root, bot)
    assert second.exit_code == 0, second.output
    assert "Fichiers : 3 inchangés." in second.output
    assert all(latest(bot, name)["versions"] == 1 for name in names(root).values())


def test_a_new_screenshot_replaces_ours_but_a_persons_version_is_kept(bot, wiki_case) -> None:
    root = wiki_case("images")
    assert export(root, bot).exit_code == 0
    screenshot = root / "kb/impression/images/file-attente.png"
    name = names(root)["kb/impression/images/file-attente.png"]

    screenshot.write_bytes(png(64, 48, (10, 200, 10)))  # a new screenshot in the base
    replaced = export(root, bot)
    assert replaced.exit_code == 0, replaced.output
    assert "Fichiers : 1 remplacé, 2 inchangés." in replaced.output
    assert latest(bot, name)["sha1"] == hashlib.sha1(screenshot.read_bytes()).hexdigest()

    theirs = png(80, 60, (250, 200, 0))  # a person uploads a better picture on the wiki
    time.sleep(1.1)  # the wiki archives a replaced version under its second: not two in one second
    human = bot.site(human=True)
    human.upload(io.BytesIO(theirs), filename=name, comment="capture plus lisible", ignore=True)
    screenshot.write_bytes(png(64, 48, (0, 0, 255)))  # and the base changes too

    conflict = export(root, bot)
    assert conflict.exit_code == 1
    assert f"Conflit : Fichier:{name} (kb/impression/images/file-attente.png) — nouvelle version envoyée sur " \
           "le wiki par « Editeur »" in conflict.output
    assert "Fichiers : 2 inchangés, 1 conflit." in conflict.output
    assert latest(bot, name)["sha1"] == hashlib.sha1(theirs).hexdigest()  # the person's version is kept

    forced = export(root, bot, "--force", f"Fichier:{name}")
    assert forced.exit_code == 0, forced.output
    assert latest(bot, name)["sha1"] == hashlib.sha1(screenshot.read_bytes()).hexdigest()


def test_dump_lists_the_files_beside_it(tmp_path: Path, copy_case) -> None:
    root = copy_case("images")
    dump = tmp_path / "export.xml"
    result = invoke("export", "mediawiki", "--dump", str(dump), "--root", str(root))
    assert result.exit_code == 0, result.output
    folder = tmp_path / "export-fichiers"
    assert sorted(p.name for p in folder.iterdir()) == sorted(["fichiers.txt", "Test-impression-file-attente.png",
                                                               "Test-impression-schema.svg",
                                                               "Test-impression-arbres-voyant.png"])
    listing = (folder / "fichiers.txt").read_text(encoding="utf-8")
    assert "Test-impression-file-attente.png\tkb/impression/images/file-attente.png\t" in listing
    assert "importImages.php" in result.output
    assert "[[Fichier:Test-impression-file-attente.png|La file d'attente" in dump.read_text(encoding="utf-8")


def test_a_person_uploading_during_the_sync_keeps_their_version(bot, wiki_case) -> None:
    from builder.content.load import load_base
    from exporters.mediawiki.export import connect
    from exporters.mediawiki.files import FileOutcome, plan_files, upload_files, wanted_files
    from exporters.mediawiki.pages import exported

    root = wiki_case("images")
    assert export(root, bot).exit_code == 0
    name = names(root)["kb/impression/images/file-attente.png"]
    (root / "kb/impression/images/file-attente.png").write_bytes(png(64, 48, (1, 2, 3)))
    base = load_base(root)
    session = connect(bot.api, environ=bot.bot_env)
    changes = plan_files(session, wanted_files(base, exported(base)), lambda *names: False)
    assert [c.outcome for c in changes if c.file.name == name] == [FileOutcome.REPLACE]

    theirs = png(70, 50, (9, 9, 9))  # uploaded by a person between the read and the write
    time.sleep(1.1)  # file versions are ordered by the second: two in the same second are ambiguous to the wiki
    bot.site(human=True).upload(io.BytesIO(theirs), filename=name, comment="entre-temps", ignore=True)
    time.sleep(1.1)
    token = session.call("query", meta="tokens")["query"]["tokens"]["csrftoken"]
    upload_files(session, changes, token, lambda change: "test", lambda change: "")
    change = next(c for c in changes if c.file.name == name)
    assert change.outcome is FileOutcome.CONFLICT and not change.written, change.reason
    assert latest(bot, name)["sha1"] == hashlib.sha1(theirs).hexdigest()

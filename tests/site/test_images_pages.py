"""Images in generated article pages, without a browser: sized and lazy through the allow-list, and
addressed from the page's URL when the body is published as sanitised HTML (MkDocs does not rewrite it)."""
from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from builder.content.load import load_base
from builder.content.snapshot import read_snapshot
from builder.site.pages import article as article_page
from helpers import DATA

TODAY = date(2026, 3, 1)


def _page(root: Path) -> str:
    base = load_base(root, read_snapshot(root))
    return article_page.render(base.by_id["KB-0001"], base, [], TODAY)


def test_a_clean_body_keeps_sized_lazy_images_for_mkdocs(tmp_path: Path) -> None:
    root = tmp_path / "base"
    shutil.copytree(DATA / "images", root)
    page = _page(root)
    assert ('![La file d\'attente avec deux documents bloqués](../images/kb/impression/file-attente.png)'
            '{ width="64" height="48" loading="lazy" }') in page
    assert "kb-sanitised" not in page


def test_a_sanitised_body_keeps_its_images_addressed_from_the_page_url(tmp_path: Path) -> None:
    root = tmp_path / "base"
    shutil.copytree(DATA / "images", root)
    article = root / "kb/impression/vider-file.md"
    article.write_text(article.read_text(encoding="utf-8") + '\n<p onclick="alert(1)">piège</p>\n', encoding="utf-8")
    page = _page(root)
    assert '<div class="kb-sanitised">' in page and "onclick" not in page
    images = re.findall(r"<img [^>]*>", page)
    png = next(i for i in images if "file-attente.png" in i)
    assert 'src="../../images/kb/impression/file-attente.png"' in png  # served at articles/KB-0001/
    assert 'width="64"' in png and 'height="48"' in png and 'loading="lazy"' in png

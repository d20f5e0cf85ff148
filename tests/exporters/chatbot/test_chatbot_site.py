"""The chatbot corpus links to pages and sections that `kb build` really produces."""
from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import PROJECT, invoke


def test_every_corpus_url_is_a_built_page_and_anchor(library_site_dir: Path, tmp_path: Path) -> None:
    result = invoke("export", "chatbot", "--format", "jsonl", "--out", str(tmp_path), "--include-stale",
                    "--root", str(PROJECT))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for file in tmp_path.glob("*.jsonl") for line in file.read_text().splitlines()]
    assert records
    site_url = "https://connaissance.example/"
    ids: dict[Path, set[str]] = {}
    for record in records:
        assert record["url"].startswith(site_url), record["url"]
        page, _, anchor = record["url"][len(site_url):].partition("#")
        html_file = library_site_dir / page / "index.html"
        assert html_file.is_file(), record["url"]
        if html_file not in ids:
            ids[html_file] = set(re.findall(r'\bid="([^"]+)"', html_file.read_text(encoding="utf-8")))
        assert not anchor or anchor in ids[html_file], record["url"]

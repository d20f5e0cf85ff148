"""kb.yaml settings are declared once (builder/settings.py): the loader, the defaults and the schema agree."""
from __future__ import annotations

import json

from builder.content.kb_schema import kb_schema
from builder.content.load import load_config
from builder.content.schema import CONFIG_FIELDS, parse_interval
from builder.model import Config
from builder.settings import SETTINGS, default
from helpers import PROJECT


def test_committed_schema_is_generated_from_the_declarations() -> None:
    committed = json.loads((PROJECT / "schemas" / "kb.schema.json").read_text(encoding="utf-8"))
    assert committed == kb_schema(), "schemas/kb.schema.json est périmé : lancez scripts/update_docs.py"


def test_loader_reads_every_declared_setting() -> None:
    assert [f.name for f in CONFIG_FIELDS] == [s.key for s in SETTINGS]
    assert {f.name for f in CONFIG_FIELDS if f.required} == {s.key for s in SETTINGS if s.required}


def test_defaults_come_from_the_declarations() -> None:
    minimal = "title: T\ndomains: {a: A}\ngroups: {G: G}\n"
    config, findings = load_config("kb.yaml", minimal)
    assert not findings
    for loaded in (config, Config()):
        assert loaded.pil05_target == default("pil05.target")
        assert loaded.due_soon == parse_interval(default("pil05.due_soon"))
        assert loaded.mediawiki_title_prefix == default("mediawiki.title_prefix")
        assert loaded.mediawiki_category == default("mediawiki.category")
    assert Config().title == default("title")


def test_every_setting_is_described_in_french() -> None:
    def walk(settings):  # type: ignore[no-untyped-def]
        for s in settings:
            yield s
            yield from walk(s.children)
    for s in walk(SETTINGS):
        assert s.title and s.description.strip(), s.key
        assert any(c in s.description for c in "éèàçêôù«»") or len(s.description) < 80, s.key

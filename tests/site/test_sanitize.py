"""The allow-list sanitiser and the escaping of fields, without a browser (the browser test is test_hostile_browser)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from builder.content.html_policy import MarkdownRenderer, clean, default_extensions, mkdocs_extensions, removals
from builder.site.sanitize import BodyRenderer, front_matter_title, json_for_html, md_text
from exporters.mediawiki.importer import admonition_title
from helpers import PROJECT

LEGITIMATE = {
    "admonition": '!!! warning "Attention"\n    Texte **gras** et `code`.',
    "details": '??? note "Détails"\n    Contenu replié.',
    "table": "| Poste | Étage |\n|:--|--:|\n| A | 1 |\n| B | 2 |",
    "code": "```powershell\nGet-Printer | Where-Object { $_.Name -like '*RDC*' }\n```",
    "mermaid": "```mermaid\nflowchart TD\n  a --> b\n```",
    "links": "[relatif](../arbres/TR-X.md#etape), <https://intranet.example/>, [courriel](mailto:csu@example.fr), "
             "[téléphone](tel:+33100000000)",
    "lists": "1. un\n2. deux\n\n- a\n- b",
    "quote and rule": "> cité\n\n---\n\nfin",
    "image": '![Capture de la file](capture.png "titre")',
    "sized lazy image": '![Capture](../images/kb/impression/file.png){ width="64" height="48" loading="lazy" }',
    "headings": "## Étape 1\n\n### Détail {: #detail }",
    "entities and kbd": "Appuyez sur <kbd>Ctrl</kbd> + <kbd>Alt</kbd> &amp; &lt;b&gt; reste du texte",
    "placeholder span": 'Appelez le <span class="kb-placeholder" title="Paramètre">3000</span>.',
}

HOSTILE = {
    "svg onload": "<svg/onload=alert(1)>",
    "iframe javascript": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "base href": '<base href="https://evil.example/">',
    "unclosed fence then script": "```\ncode\n\n<script>alert(1)</script>",
    "angle link": "[x](<javascript:alert(1)>)",
    "reference link": "[x][r]\n\n[r]: javascript:alert(1)",
    "entity scheme": "[x](jav&#x61;script:alert(1))",
    "tab in scheme": "[x](java&#x09;script:alert(1))",
    "attribute list": "## Titre {: onclick=alert(1) }",
    "img onerror": "<img src=x onerror=alert(1)>",
    "data url": "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "style url": '<p style="background:url(https://evil.example/)">x</p>',
    "comment trick": "<!-- --!><img src=x onerror=alert(1)> -->",
    "clobbering id": '<p id="__config">x</p>',
    "heading clobbering": "## __config",
    "unclosed div": "<div>\n\ntexte",
    "custom element": '<x-kb onfocus="alert(1)" autofocus tabindex="1">x</x-kb>',
    "form": '<form action="https://evil.example/"><button>x</button></form>',
}


@pytest.fixture(scope="module")
def bodies() -> BodyRenderer:
    return BodyRenderer()


@pytest.mark.parametrize("name", sorted(LEGITIMATE))
def test_legitimate_markdown_reaches_mkdocs_unchanged(bodies: BodyRenderer, name: str) -> None:
    assert bodies.body(LEGITIMATE[name]) == LEGITIMATE[name]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_markdown_is_published_as_sanitised_html(bodies: BodyRenderer, name: str) -> None:
    published = bodies.body(HOSTILE[name])
    assert published.startswith('<div class="kb-sanitised">')
    rendered = bodies.render(published)
    assert not re.search(r"<(script|iframe|svg|base|form|x-kb)\b|\son\w+=|javascript:|data:text|id=.__config|url\(",
                         rendered, re.I), rendered


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_check_names_what_would_be_removed_and_where(name: str) -> None:
    found = MarkdownRenderer().removals(HOSTILE[name])
    assert found, name
    for removal, line, col in found:
        assert removal.what and 0 <= line <= HOSTILE[name].count("\n") and col >= 0


def test_removals_locate_each_payload_on_its_line() -> None:
    text = "Bonjour.\n\nUne image <img src=x onerror=alert(1)> ici.\n\n[a](jav&#x61;script:x)\n\n[b][r]\n\n[r]: javascript:y"
    found = [(r.what, line, col) for r, line, col in MarkdownRenderer().removals(text)]
    assert found == [("attribut « onerror » de <img>", 2, 21), ("adresse « javascript: »", 4, 4),
                     ("adresse « javascript: »", 8, 5)]


def test_clean_keeps_the_allowed_and_drops_the_rest() -> None:
    assert clean('<p class="x" onclick="y"><a href="https://a.fr/" target="_blank">a</a><script>s</script></p>') \
        == '<p class="x"><a href="https://a.fr/">a</a></p>'
    assert clean('<td style="text-align: right; color: red">1</td>') == "1"  # a cell alone is not a table: its text stays
    assert 'style="text-align:right"' in clean('<table><tr><td style="text-align: right; color: red">1</td></tr></table>')
    assert removals('<p>texte <b>gras</b></p>') == []


def test_markdown_text_fields_render_as_the_same_words(bodies: BodyRenderer) -> None:
    for value in ["Imprimante (RDC) & scanner", "Wi-Fi : 5 GHz *invités*", "Lien [x](javascript:alert(1))",
                  "<img src=x onerror=alert(1)>", "Titre {: onclick=alert(1) }", "a_b_c # 1 | 2", "ligne\nsuivante"]:
        html = bodies.render(f"## {md_text(value)}")
        assert removals(html) == []
        text = re.sub(r"<[^>]+>|&para;", "", html)
        expected = " ".join(value.split("\n")).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert text == expected


FIELD_RENDERER = BodyRenderer(extensions=["attr_list", "tables", "sane_lists"])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>&\"'`*_[](){}#!|:/\\=-. \najvscriptonerolad")), max_size=60))
def test_no_field_value_becomes_html_in_markdown(value: str) -> None:
    html = FIELD_RENDERER.render(f"- {md_text(value)}")
    assert removals(html) == []
    assert "<a " not in html and "<img" not in html


@given(st.recursive(st.text(), lambda children: st.lists(children) | st.dictionaries(st.text(), children)))
def test_embedded_json_has_no_markup_and_reads_back(data: object) -> None:
    text = json_for_html(data)
    assert not set("<>&") & set(text)
    assert json.loads(text) == data


def test_front_matter_titles_are_yaml_strings_printed_safely() -> None:
    assert front_matter_title('A <b> "B"\nC') == '"A &lt;b&gt; &quot;B&quot; C"'


def test_site_extensions_follow_the_default_mkdocs_configuration() -> None:
    names, configs = mkdocs_extensions(str(PROJECT / "builder" / "site" / "mkdocs.default.yml"))
    default_names, default_configs = default_extensions()
    assert sorted(names) == sorted(default_names)
    assert configs["toc"] == default_configs["toc"]
    assert [f["name"] for f in configs["pymdownx.superfences"]["custom_fences"]] == ["mermaid"]


@pytest.mark.parametrize("title, expected", [
    ("<iframe src=\"javascript:alert(1)\"></iframe> Titre", "Titre"),
    ("Important <b>!</b>", "Important \\!"),
    ("[x](javascript:alert(1))", "\\[x\\]\\(javascript:alert\\(1\\)\\)"),
    ("&lt;img src=x onerror=alert(1)&gt;Lire", "Lire"),
    ('"><img src=x onerror=alert(1)>', "'&gt;"),
])
def test_imported_admonition_titles_are_plain_words(title: str, expected: str) -> None:
    assert admonition_title(title) == expected
    html = MarkdownRenderer().render(f'!!! warning "{admonition_title(title)}"\n    texte')
    assert removals(html) == []


def test_shipped_articles_are_all_published_unchanged(bodies: BodyRenderer) -> None:
    from builder.content.load import load_base

    base = load_base(PROJECT)
    changed = [a.id for a in base.articles if not bodies.is_clean(a.body)]
    assert changed == []


def test_the_policy_is_one_allow_list_shared_with_the_player() -> None:
    from builder.content.html_policy import TAGS

    player = (PROJECT / "builder" / "site" / "assets" / "player.js").read_text(encoding="utf-8")
    listed = re.search(r'var TAGS = \(([^;]+)\)\.split', player)
    assert listed is not None
    assert set(" ".join(re.findall(r'"([^"]*)"', listed.group(1))).split()) == set(TAGS)


def test_no_inline_script_is_left_in_the_theme(tmp_path: Path) -> None:
    from builder.site import theme

    for name, data in theme.overrides().items():
        if name.endswith(".html"):
            assert not re.search(rb"<script>(?!\s*</script>)", data), name


def test_check_reports_the_hostile_corpus_line_by_line_and_build_refuses_it(tmp_path: Path) -> None:
    import shutil

    from helpers import DATA, invoke

    root = tmp_path / "base"
    shutil.copytree(DATA / "hostile", root, ignore=shutil.ignore_patterns(".kb", "site"))
    config = root / "kb.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace('severity:\n  CT004: "off"\n', ""), encoding="utf-8")
    result = invoke("check", "--root", str(root), "--format", "json")
    assert result.exit_code == 1
    findings = [f for f in json.loads(result.stdout) if f["code"] == "CT004"]
    article_lines = {f["line"] for f in findings if f["path"] == "kb/impression/piege.md"}
    tree_lines = {f["line"] for f in findings if f["path"] == "trees/impression/piege.yaml"}
    assert len(article_lines) >= 20 and len(findings) >= 40  # each payload reported on its line
    assert tree_lines == {14, 16, 17, 25, 28}  # a question, a help block (two lines), a help, a result
    built = invoke("build", "--root", str(root), "--site-dir", str(tmp_path / "site"))
    assert built.exit_code == 1 and "site non publié" in built.output

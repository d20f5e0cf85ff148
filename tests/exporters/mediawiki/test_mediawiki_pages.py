"""The wikitext of the pages (golden files) and the XML dump imported by a fresh MediaWiki."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from builder.content.load import load_base
from helpers import DATA, invoke
from exporters.mediawiki.client import UsageProblem, credentials, parse_url
from exporters.mediawiki.export import template_pages
from exporters.mediawiki.pages import build_pages
from exporters.mediawiki.wikitext import LinkTarget, convert

GOLDEN = DATA / "mediawiki-golden"
TODAY = date(2026, 11, 29)


@pytest.mark.parametrize("item_id", ["KB-0001", "KB-0002", "TR-IMPRESSION-01"])
def test_pages_match_their_golden_wikitext(item_id: str, request: pytest.FixtureRequest) -> None:
    pages = {p.item_id: p for p in build_pages(load_base(DATA / "mediawiki"), TODAY)}
    golden = GOLDEN / f"{item_id}.wikitext"
    text = f"= {pages[item_id].title} =\n{pages[item_id].text}\n"
    if request.config.getoption("--update-golden"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), "relancez avec --update-golden et relisez le diff"


def test_wikitext_looking_text_is_kept_literal() -> None:
    out = convert({"doc": "A {{x}} B [[y]] C ''z'' D ~~~~ E\n\n* liste [[ok]]\n\n`{{code}}` et `a|b`\n\n"
                          "```\n{{bloc}}\n```\n"}, {})["doc"]
    assert out.startswith("A <nowiki>{{x}}</nowiki> B <nowiki>[[y]]</nowiki> C <nowiki>''z''</nowiki> D "
                          "<nowiki>~~~~</nowiki> E\n")
    assert "* liste <nowiki>[[ok]]</nowiki>" in out
    assert "<code><nowiki>{{code}}</nowiki></code> et <code><nowiki>a|b</nowiki></code>" in out
    assert "<pre>{{bloc}}</pre>" in out


def test_id_links_go_to_the_target_page_and_section() -> None:
    links = {"KB-0042": LinkTarget("CSU:Mot de passe", {"etape-2": "Étape 2"})}
    out = convert({"a": "[ici](KB-0042), [là](KB-0042#etape-2), [absent](KB-9999), [web](https://x.example)"},
                  links)["a"]
    assert out == "[[CSU:Mot de passe|ici]], [[CSU:Mot de passe#Étape 2|là]], absent, [https://x.example web]\n"


def test_an_unclosed_code_fence_does_not_swallow_the_next_article() -> None:
    out = convert({"a": "texte\n\n```\nnon fermé", "b": "# Titre\n\nSuite **normale**."}, {})
    assert out["b"] == "Suite '''normale'''.\n"


def test_https_is_required_except_on_this_machine() -> None:
    assert parse_url("https://gide.example/w/api.php").api_url == "https://gide.example/w/api.php"
    assert parse_url("http://127.0.0.1:8080/").api_url == "http://127.0.0.1:8080/api.php"
    assert parse_url("http://localhost/w").api_url == "http://localhost/w/api.php"
    with pytest.raises(UsageProblem, match="n'est pas en https"):
        parse_url("http://gide.example/w/api.php")


def test_credentials_come_from_the_environment_or_netrc(tmp_path: Path) -> None:
    endpoint = parse_url("https://gide.example/w/api.php")
    assert credentials(endpoint, {"KB_MEDIAWIKI_USER": "Bot@kb", "KB_MEDIAWIKI_PASSWORD": "s3cret"}) == \
        ("Bot@kb", "s3cret")
    netrc = tmp_path / "netrc"
    netrc.write_text("machine gide.example login Bot@kb password from-netrc\n")
    netrc.chmod(0o600)
    assert credentials(endpoint, {"NETRC": str(netrc)}) == ("Bot@kb", "from-netrc")
    with pytest.raises(UsageProblem, match="KB_MEDIAWIKI_USER"):
        credentials(parse_url("https://autre.example/"), {"NETRC": str(netrc)})


def test_a_refused_password_is_never_printed(wiki, copy_case, monkeypatch) -> None:
    monkeypatch.setenv("KB_MEDIAWIKI_USER", wiki.config["MW_BOT_USER"])
    monkeypatch.setenv("KB_MEDIAWIKI_PASSWORD", "mauvais-mot-de-passe-0123456789-abcdef")
    result = invoke("export", "mediawiki", "--url", wiki.api, "--root", str(copy_case("mediawiki")))
    assert result.exit_code == 1
    assert "connexion au wiki refusée" in result.output and "mauvais-mot-de-passe" not in result.output


def test_the_xml_dump_imports_into_a_fresh_wiki_with_the_same_texts(tmp_path: Path, wiki) -> None:
    from helpers.wiki_server import WikiServer

    dump = tmp_path / "gide.xml"
    result = invoke("export", "mediawiki", "--dump", str(dump), "--templates", "--root", str(DATA / "mediawiki"))
    assert result.exit_code == 0, result.output
    assert "11 pages écrites" in result.output
    fresh = WikiServer(tmp_path / "fresh-wiki")
    fresh.start()
    try:
        imported = fresh.maintenance("importDump", str(dump))
        assert imported.returncode == 0, imported.stdout + imported.stderr
        pages = template_pages() + build_pages(load_base(DATA / "mediawiki"), date.today())
        back = fresh.site().api("query", titles="|".join(p.title for p in pages), prop="revisions",
                                rvprop="content", rvslots="main", formatversion="2")["query"]
        names = {n["from"]: n["to"] for n in back.get("normalized", [])}
        texts = {p["title"]: p["revisions"][0]["slots"]["main"]["content"] for p in back["pages"] if "revisions" in p}
        for page in pages:
            assert texts[names.get(page.title, page.title)] == page.text, page.title
    finally:
        fresh.stop()


def test_export_misuse_is_refused_before_any_work(copy_case, tmp_path: Path) -> None:
    root = str(copy_case("mediawiki"))
    neither = invoke("export", "mediawiki", "--root", root)
    assert neither.exit_code == 2 and "indiquez soit --url" in neither.output
    both = invoke("export", "mediawiki", "--url", "https://gide.example/w/api.php", "--dump", "x.xml", "--root", root)
    assert both.exit_code == 2
    plain_http = invoke("export", "mediawiki", "--url", "http://gide.example/w/api.php", "--root", root)
    assert plain_http.exit_code == 2 and "n'est pas en https" in plain_http.output
    unknown = invoke("export", "mediawiki", "--dump", str(tmp_path / "x.xml"), "--only", "KB-0004", "--root", root)
    assert unknown.exit_code == 2 and "pas d'élément publié « KB-0004 »" in unknown.output  # a draft
    broken = copy_case("RF001")
    refused = invoke("export", "mediawiki", "--dump", str(tmp_path / "y.xml"), "--root", str(broken))
    assert refused.exit_code == 1 and "corrigez-les (« kb check »)" in refused.output
    assert not (tmp_path / "x.xml").exists() and not (tmp_path / "y.xml").exists()

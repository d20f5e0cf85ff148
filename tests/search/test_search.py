"""`kb search` as the knowledge manager uses it, on a small content repository (tests/data/search)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.content.snapshot import read_snapshot
from builder.search.index import Index, updated_index
from helpers import DATA, invoke


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    import shutil
    root = tmp_path_factory.mktemp("search") / "search"
    shutil.copytree(DATA / "search", root)
    return updated_index(read_snapshot(root))[0]


def ids(hits: list) -> list[str]:
    return [h.id for h in hits]


def test_text_output_names_the_item_the_file_the_page_and_the_snippet(copy_case) -> None:
    root = copy_case("search")
    result = invoke("search", "mdp", "expire", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "1. KB-0001 — Changer un mot de passe expiré\n"
        "   article · comptes · kb/comptes/mot-de-passe-expire.md\n"
        "   introduction → articles/KB-0001/\n"
        "   Votre mot de passe de session expire tous les six mois.\n"
        "   aussi : questions, § Sur le poste de travail\n")
    assert result.stderr == ""


def test_a_tree_node_is_named_with_its_page(copy_case) -> None:
    result = invoke("search", "feuille coincée", "--root", str(copy_case("search")))
    assert result.stdout.splitlines()[:4] == [
        "1. TR-IMPRESSION-01 — Bourrage papier sur le copieur",
        "   arbre · impression · trees/impression/copieur.yaml",
        "   nœud « trappe » → arbres/TR-IMPRESSION-01/",
        "   Ouvrir la trappe latérale et retirer délicatement la feuille coincée."]


def test_json_output_follows_the_documented_schema(copy_case) -> None:
    result = invoke("search", "portail navigateur", "--json", "--root", str(copy_case("search")))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"version", "query", "count", "results"}
    assert data["query"] == "portail navigateur" and data["count"] == len(data["results"]) == 1
    hit = data["results"][0]
    assert set(hit) == {"id", "kind", "title", "path", "url", "domain", "audience", "status", "score", "match",
                        "section", "node", "snippet", "highlights", "also"}
    assert (hit["id"], hit["kind"], hit["match"], hit["section"], hit["node"]) == \
        ("KB-0001", "article", "section", "Depuis l'extérieur", None)
    assert hit["url"] == "articles/KB-0001/#depuis-lexterieur"
    assert hit["path"] == "kb/comptes/mot-de-passe-expire.md" and hit["audience"] == ["user", "agent"]
    assert [hit["snippet"][a:b] for a, b in hit["highlights"]] == ["portail", "navigateur"]


def test_a_section_heading_is_searched(index: Index) -> None:
    hit = index.search("depuis l'exterieur")[0]
    assert (hit.id, hit.best.section, hit.url()) == ("KB-0001", "Depuis l'extérieur", "articles/KB-0001/#depuis-lexterieur")


def test_highlights_point_at_the_matched_words_whatever_their_form(index: Index) -> None:
    hit = index.search("MOTS DE PASSE expirés")[0]
    words = [hit.best.snippet[a:b] for a, b in hit.best.highlights]
    assert hit.id == "KB-0001" and words == ["mot", "passe", "expire"]


@pytest.mark.parametrize("query, expected", [
    ("l'imprimante", "TR-IMPRESSION-01"),  # elision: « l'imprimante » in the symptoms
    ("imprimantes", "TR-IMPRESSION-01"),  # plural
    ("feuilles coincees", "TR-IMPRESSION-01"),  # plural, no accent
    ("ÉCRAN Mot De Passe", "KB-0001"),  # case
    ("mdp", "KB-0001"),  # synonym of « mot de passe »
    ("BAL", "KB-0002"),  # synonym of « boîte aux lettres »
    ("photocopieur", "TR-IMPRESSION-01"),  # synonym of « copieur »
    ("bourage", "TR-IMPRESSION-01"),  # typo: one letter missing
    ("navigatuer", "KB-0001"),  # typo: two letters swapped
    ("KB-0002", "KB-0002"),  # an id
])
def test_french_analysis_finds_the_item(index: Index, query: str, expected: str) -> None:
    assert ids(index.search(query))[:1] == [expected]


def test_a_synonym_phrase_finds_the_short_form(index: Index) -> None:
    assert ids(index.search("boîte aux lettres"))[:1] == ["KB-0002"]


def test_quotes_require_the_words_together_and_minus_excludes(index: Index) -> None:
    assert ids(index.search('"mot de passe"')) == ["KB-0001"]
    assert "KB-0001" not in ids(index.search('"passe mot"'))
    assert ids(index.search("outlook")) == ["KB-0002"]
    assert ids(index.search("outlook -quota")) == []


def test_drafts_and_archived_items_only_with_all(copy_case) -> None:
    root = copy_case("search")
    assert "KB-0003" not in invoke("search", "archive en ligne", "--root", str(root)).stdout
    result = invoke("search", "archive en ligne", "--all", "--root", str(root))
    assert "KB-0003 — Archiver ses messages (brouillon)" in result.stdout


def test_audience_and_domain_filter_the_results(copy_case) -> None:
    root = copy_case("search")
    both = json.loads(invoke("search", "copieur boîte", "--json", "--root", str(root)).stdout)
    assert {r["id"] for r in both["results"]} == {"KB-0002", "TR-IMPRESSION-01"}
    agents = json.loads(invoke("search", "copieur boîte", "--json", "--audience", "agent", "--root", str(root)).stdout)
    assert [r["id"] for r in agents["results"]] == ["TR-IMPRESSION-01"]
    mail = json.loads(invoke("search", "copieur boîte", "--json", "--domain", "messagerie", "--root", str(root)).stdout)
    assert [r["id"] for r in mail["results"]] == ["KB-0002"]


def test_limit_caps_the_results(copy_case) -> None:
    data = json.loads(invoke("search", "mot passe boîte copieur", "--json", "--limit", "2",
                             "--root", str(copy_case("search"))).stdout)
    assert data["count"] == 2


def test_no_result_is_said_not_failed(copy_case) -> None:
    result = invoke("search", "xylophone", "--root", str(copy_case("search")))
    assert result.exit_code == 0 and result.stdout == ""
    assert "Aucun résultat pour « xylophone »." in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--domain", "impresion"], "domaine « impresion » inconnu de kb.yaml (vouliez-vous dire « impression » ?)"),
    (["--audience", "tous"], "valeur invalide pour '--audience'"),
    (["--limit", "0"], "valeur invalide pour '--limit' : 0 n'est pas dans l'intervalle 1<=x<=100."),
])
def test_misuse_exits_2_with_a_french_message(copy_case, args: list[str], message: str) -> None:
    result = invoke("search", "mdp", *args, "--root", str(copy_case("search")))
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_empty_query_is_misuse(copy_case) -> None:
    result = invoke("search", "  ", "--root", str(copy_case("search")))
    assert result.exit_code == 2 and "la requête est vide" in result.stderr


@pytest.mark.parametrize("query", ['"mot de passe', "(imprimante", "titre:copieur", "-", "--", "a:b:(c", "*?",
                                   "« »", "'", "-- -", "\\", "OR AND NOT", "l'", "\x00"])
def test_query_syntax_never_breaks_the_search(copy_case, query: str) -> None:
    result = invoke("search", "--root", str(copy_case("search")), "--", query)
    assert result.exit_code == 0, result.output
    assert "Erreur" not in result.output


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_text_is_a_valid_query(index: Index, query: str) -> None:
    for hit in index.search(query):
        assert all(0 <= a < b <= len(hit.best.snippet) for a, b in hit.best.highlights)


def test_not_a_content_root(tmp_path: Path) -> None:
    result = invoke("search", "mdp", "--root", str(tmp_path))
    assert result.exit_code == 2 and "n'est pas une base de connaissance" in result.stderr


def test_many_drafts_above_a_published_item_do_not_hide_it(copy_case) -> None:
    root = copy_case("search")
    for number in range(20, 40):  # drafts that answer « quota » better than the published article
        (root / f"kb/messagerie/brouillon-{number}.md").write_text(
            f"---\nid: KB-00{number}\ntitle: Quota de messagerie {number}\ntype: faq\naudience: [user]\n"
            f"domain: messagerie\nowner: equipe-test\nreviewed: 2026-09-03\nstatus: draft\n---\n\n"
            f"# Quota de messagerie {number}\n\nLe quota, le quota, toujours le quota.\n", encoding="utf-8")
    index, _ = updated_index(root)
    assert ids(index.search("quota", limit=1)) == ["KB-0002"]
    assert len(index.search("quota", limit=30, statuses=("draft", "published", "archived"))) == 21

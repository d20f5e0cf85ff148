"""`kb export chatbot --format jsonl`: the retrieval corpus a RAG assistant reads."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markdown.extensions.toc import unique

from builder.content.load import load_base
from builder.model import Article
from builder.freshness.review_state import State, due_date, state_at
from builder.content.urls import heading_anchor, page_path
from helpers import DATA, PROJECT, invoke

FIELDS = ["id", "chunk", "title", "section", "text", "url", "images", "domain", "tags", "questions", "reviewed", "due",
          "freshness", "source_sha"]
SITE = "https://connaissance.example/"


def export(root: Path, out: Path, *extra: str) -> tuple[list[dict[str, Any]], str]:
    result = invoke("export", "chatbot", "--format", "jsonl", "--out", str(out), "--root", str(root), *extra)
    assert result.exit_code == 0, result.output
    lines = (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines], result.stdout


def real_anchors(article: Article) -> list[str]:
    """The ids MkDocs gives the article's headings, read from the Markdown source here."""
    anchors: list[str] = []
    fence = False
    for line in article.body.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
            continue
        match = None if fence else re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            anchors.append(unique(heading_anchor(match.group(1)), set(anchors)))
    return anchors


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, Any]], str]:
    return export(DATA / "chatbot", tmp_path_factory.mktemp("jsonl"))


def test_every_line_is_a_chunk_with_the_documented_keys_and_a_unique_id(corpus: tuple) -> None:
    records, _ = corpus
    assert records and all(list(r) == FIELDS for r in records)
    assert len({r["id"] for r in records}) == len(records)
    assert all(r["id"] == f"{r['id'].split('#')[0]}#{r['chunk']}" for r in records)


def test_only_published_fresh_user_items_by_default(corpus: tuple) -> None:
    records, stdout = corpus
    assert {r["id"].split("#")[0] for r in records} == {"KB-0001", "KB-0002", "KB-0003", "TR-COMPTES-01",
                                                        "TR-IMPRESSION-01", "TR-IMPRESSION-02"}
    assert "1 élément en retard de revue laissé de côté : KB-0006 (--include-stale pour les inclure)." in stdout
    assert "Export jsonl écrit dans" in stdout and "3 articles, 3 arbres, 15 sections" in stdout
    assert {r["freshness"] for r in records} == {"a_jour"}


def test_include_stale_brings_overdue_items_back(tmp_path: Path) -> None:
    records, stdout = export(DATA / "chatbot", tmp_path, "--include-stale")
    stale = [r for r in records if r["id"].startswith("KB-0006#")]
    assert stale and {r["freshness"] for r in stale} == {"en_retard"}
    assert stale[0]["due"] == "2020-07-10" and stale[0]["reviewed"] == "2020-01-10"
    assert "Aucun élément en retard de revue laissé de côté." in stdout


def test_urls_point_to_the_site_pages_and_their_real_headings(corpus: tuple) -> None:
    records, _ = corpus
    base = load_base(DATA / "chatbot")
    for record in records:
        item = base.by_id[record["id"].split("#")[0]]
        page, _, anchor = record["url"].partition("#")
        assert page == SITE + page_path(item)
        if anchor:
            assert isinstance(item, Article) and anchor in real_anchors(item), record["url"]
    sections = {(r["section"], r["url"]) for r in records if r["id"].startswith("KB-0001#")}
    assert sections == {
        ("", SITE + "articles/KB-0001/"),
        ("Sur le portail", SITE + "articles/KB-0001/#sur-le-portail"),
        ("Sur le portail › Le code n'arrive pas", SITE + "articles/KB-0001/#le-code-narrive-pas"),
        ("Par le support", SITE + "articles/KB-0001/#par-le-support"),
        ("Par le support › Le code n'arrive pas", SITE + "articles/KB-0001/#le-code-narrive-pas_1"),
    }


def test_text_is_plain_with_placeholders_filled_and_links_as_addresses(corpus: tuple) -> None:
    records, _ = corpus
    by_id = {r["id"]: r for r in records}
    for record in records:
        for noise in ("**", "](", "!!!", "{{", "`", "<", "|---"):
            assert noise not in record["text"], (record["id"], noise)
    assert by_id["KB-0001#0"]["text"] == ("Vous pouvez réinitialiser votre mot de passe vous-même sur le portail "
                                          "https://support.example/, si vous avez enregistré une méthode de "
                                          "vérification.")
    assert by_id["KB-0001#1"]["text"] == ("1. Ouvrez https://support.example/ dans un navigateur.\n"
                                          "2. Saisissez votre identifiant, puis le code reçu par SMS.\n\n"
                                          "Astuce :\nLa réinitialisation déverrouille aussi votre compte.")
    assert by_id["KB-0001#2"]["text"] == (
        "Vérifiez le numéro enregistré, puis suivez la procédure de déverrouillage "
        "(https://connaissance.example/articles/KB-0002/#si-rien-ne-marche).\n\n"
        "## pas un titre : une ligne de code")  # code is kept as written, and is not a section
    assert by_id["KB-0001#4"]["text"] == ("Cas ; Que faire\nPas de téléphone ; Appeler le support\n"
                                          "Téléphone perdu ; Voir le guide (https://aide.example/telephone)")
    assert by_id["KB-0002#1"]["text"] == ("- Ouvrez Paramètres > Imprimantes.\n"
                                          "- Choisissez l'imprimante, puis Ouvrir la file d'attente.\n"
                                          "  - Sélectionnez le document en erreur.\n  - Choisissez Annuler.")


def test_trees_give_their_symptoms_and_a_summary(corpus: tuple) -> None:
    records, _ = corpus
    by_id = {r["id"]: r for r in records}
    symptoms, summary = by_id["TR-IMPRESSION-02#0"], by_id["TR-IMPRESSION-02#1"]
    assert symptoms["section"] == "Symptômes" and summary["section"] == "Résumé"
    assert symptoms["questions"] == ["la file d'attente est pleine"]
    assert "- la file d'attente est pleine" in symptoms["text"]
    assert summary["text"] == (
        "Guide de dépannage pas à pas : La file d'impression est bloquée.\n\n"
        "Questions posées :\n- Des documents sont-ils en attente dans la file ?\n"
        "- Le document est-il toujours bloqué ?\n\n"
        "Issues possibles :\n- résolu : Rien n'est en attente ; relancez simplement l'impression.\n"
        "- demande transmise à l'équipe « Proximité (niveau 2) »\n- résolu : L'impression fonctionne de nouveau.")
    assert summary["url"] == SITE + "arbres/TR-IMPRESSION-02/" and summary["tags"] == []


def test_metadata_fields(corpus: tuple) -> None:
    records, _ = corpus
    base = load_base(DATA / "chatbot")
    first = next(r for r in records if r["id"] == "KB-0001#0")
    article = base.by_id["KB-0001"]
    assert first["title"] == "Réinitialiser un mot de passe oublié" and first["domain"] == "comptes"
    assert first["tags"] == ["mot de passe", "compte"] and len(first["questions"]) == 6
    assert first["reviewed"] == "2026-01-15" and first["due"] == due_date(article, base.config).isoformat()
    assert state_at(article, base.config, date.today()) is State.FRESH


@pytest.mark.skipif(shutil.which("git") is None, reason="git absent : impossible de comparer avec git hash-object")
def test_source_sha_is_the_git_blob_id_of_the_file(corpus: tuple) -> None:
    records, _ = corpus
    for record in records[:: 4]:
        item = load_base(DATA / "chatbot").by_id[record["id"].split("#")[0]]
        expected = subprocess.run(["git", "hash-object", "--no-filters", str(DATA / "chatbot" / item.path)],
                                  capture_output=True, text=True, check=True).stdout.strip()
        assert record["source_sha"] == expected


def test_shipped_library_corpus(tmp_path: Path) -> None:
    records, stdout = export(PROJECT, tmp_path)
    base = load_base(PROJECT)
    assert len({r["id"] for r in records}) == len(records) > 300
    for record in records:
        item = base.by_id[record["id"].split("#")[0]]
        assert item.published and "user" in item.audience
        assert state_at(item, base.config, date.today()) is not State.OVERDUE
        page, _, anchor = record["url"].partition("#")
        assert page == SITE + page_path(item)
        assert not anchor or (isinstance(item, Article) and anchor in real_anchors(item))
        assert "{{" not in record["text"] and "**" not in record["text"] and record["text"].strip()


def test_agent_sections_stay_out_of_the_corpus(copy_case, tmp_path: Path) -> None:
    """As on the users' portal: « ## Pour l'agent » is written for the support, not for the bot's users."""
    records, _ = export(copy_case("portal"), tmp_path / "out")
    texts = " ".join(json.dumps(r, ensure_ascii=False) for r in records if "KB-0003" in json.dumps(r))
    assert "Ouvrez le capot" in texts
    assert "TIERS" not in texts and "Pour l'agent" not in texts

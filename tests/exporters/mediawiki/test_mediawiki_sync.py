"""`kb export mediawiki --url` against a real MediaWiki: created, left alone, updated, never over a person's work."""
from __future__ import annotations

import html
import re
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from builder.content.load import load_base
from helpers import DATA, invoke
from exporters.mediawiki.export import connect, run, template_pages, wanted_pages

ARTICLE = "Vider la file d'impression"


@pytest.fixture
def bot(wiki, monkeypatch):
    """The sync's bot password in the environment, as an operator sets it."""
    for name, value in wiki.bot_env.items():
        monkeypatch.setenv(name, value)
    return wiki


@pytest.fixture(scope="session")
def templates_on_wiki(wiki):
    """The shipped templates, created once for the session (`--templates`)."""
    session = connect(wiki.api, environ=wiki.bot_env)
    result = run(session, load_base(DATA / "mediawiki"), template_pages(), commit="tests")
    assert not result.failed, result.changes
    return wiki


def export(root: Path, wiki, *args: str):
    return invoke("export", "mediawiki", "--url", wiki.api, "--root", str(root), *args)


def prefix(root: Path) -> str:
    return re.search(r'title_prefix: "(.*)"', (root / "kb.yaml").read_text()).group(1)


def texts(wiki, titles: list[str]) -> dict[str, tuple[int, str, str]]:
    """title → (last revision id, its author, its text), read back from the wiki."""
    result = wiki.site().api("query", titles="|".join(titles), prop="revisions", rvprop="ids|user|content",
                             rvslots="main", formatversion="2")
    out = {}
    for page in result["query"]["pages"]:
        if "revisions" in page:
            rev = page["revisions"][0]
            out[page["title"]] = (rev["revid"], rev["user"], rev["slots"]["main"]["content"])
    return out


def page_titles(root: Path) -> list[str]:
    p = prefix(root)
    return [f"{p}{t}" for t in (ARTICLE, "Écrire du texte qui ressemble à du wikitexte",
                                "Changer son mot de passe", "L'imprimante n'imprime pas")]


def rendered(wiki, title: str) -> dict:
    return wiki.site().api("parse", page=title, prop="text|categories|templates", formatversion=2)["parse"]


def visible_text(page_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page_html)).replace("\xa0", " ")


def test_first_export_creates_every_page_and_the_wiki_renders_them(templates_on_wiki, bot, wiki_case) -> None:
    root = wiki_case()
    result = export(root, bot)
    assert result.exit_code == 0, result.output
    assert "Pages : 4 créées." in result.output
    assert set(texts(bot, page_titles(root))) == set(page_titles(root))  # the draft has no page

    page = rendered(bot, page_titles(root)[0])
    text = visible_text(page["text"])
    assert '<span class="mw-headline" id="Étapes_de_la_procédure">Étapes de la procédure</span>' in page["text"]
    assert "<li>Choisissez l'imprimante, puis « Ouvrir la file d'attente ».\n<ul><li>Sélectionnez le document en " \
           "erreur.</li>" in page["text"].replace("&#160;", " ")
    assert re.search(r"<td>Hors connexion\n</td>\s*<td>Vérifier le câble réseau", page["text"])
    assert "Restart-Service -Name Spooler -Force" in text and "syntaxhighlight" not in text
    assert "Attention : documents confidentiels" in text and "kb-attention" in page["text"]
    assert "Appelez le support au 01 23 45 67 89 si rien ne change." in text  # placeholders filled
    assert "Page générée depuis la base de connaissance, ne pas modifier ici." in text
    assert "KB-0001" in text and "https://connaissance.example/articles/KB-0001/" in page["text"]
    assert f'title="{prefix(root)}Changer son mot de passe' in page["text"]  # id link → wiki link
    categories = {c["category"] for c in page["categories"]}
    assert {f"Base_de_test_{prefix(root)[:-1]}", "Impression_et_numérisation", "Impression",
            "File_d'attente"} <= categories

    tree = visible_text(rendered(bot, page_titles(root)[3])["text"])
    assert "Question : Le voyant de l'imprimante est-il allumé ?" in tree
    assert "Fin : escalade vers TIERS (Tiers-mainteneur), priorité P3 (impact modéré, urgence moyenne)." in tree


def test_wikitext_looking_text_stays_literal_on_the_wiki(templates_on_wiki, bot, wiki_case) -> None:
    root = wiki_case()
    assert export(root, bot, "--only", "KB-0002").exit_code == 0
    page = rendered(bot, page_titles(root)[1])
    text = visible_text(page["text"])
    for literal in ("{{Modele|x=1}}", "[[Page inexistante]]", "''pas en italique''", "~~~~ et __NOTOC__",
                    "une barre | verticale", "[https://exemple.invalid lien]", ": ligne qui commence",
                    "{{ numero_support }} et [[Lien]]", "a | b"):
        assert literal in text, literal
    assert "Modèle:Modele" not in {t["title"] for t in page["templates"]}
    assert "<i>pas en italique" not in page["text"] and 'class="new"' not in page["text"]
    assert "mw-toc" in page["text"] or "__NOTOC__" in text


def test_second_export_edits_nothing_and_one_change_edits_one_page(templates_on_wiki, bot, wiki_case) -> None:
    root = wiki_case()
    assert export(root, bot).exit_code == 0
    before = texts(bot, page_titles(root))
    again = export(root, bot)
    assert again.exit_code == 0, again.output
    assert "Pages : 4 inchangées." in again.output
    assert texts(bot, page_titles(root)) == before

    article = root / "kb/comptes/mot-de-passe.md"
    article.write_text(article.read_text().replace("Ctrl + Alt + Suppr", "Ctrl + Alt + Fin"))
    changed = export(root, bot)
    assert changed.exit_code == 0, changed.output
    assert "Pages : 1 mise à jour, 3 inchangées." in changed.output
    after = texts(bot, page_titles(root))
    assert [t for t in after if after[t][0] != before[t][0]] == [page_titles(root)[2]]
    assert "Ctrl + Alt + Fin" in after[page_titles(root)[2]][2]
    history = bot.site().api("query", titles=page_titles(root)[2], prop="revisions", rvprop="comment",
                             formatversion="2")["query"]["pages"][0]["revisions"][0]
    assert history["comment"] == "kb export mediawiki : KB-0003 (commit hors git)"  # the audit trail


def test_a_page_edited_by_a_person_is_a_conflict_until_forced(templates_on_wiki, bot, wiki_case) -> None:
    root = wiki_case()
    assert export(root, bot).exit_code == 0
    title = page_titles(root)[0]
    ours = texts(bot, [title])[title][2]
    human = bot.site(human=True).pages[title]
    human.edit(ours.replace("les suivants attendent derrière lui", "les suivants attendent (note du N2)"),
               summary="précision")
    human_text = texts(bot, [title])[title][2]
    (root / "kb/comptes/mot-de-passe.md").write_text(
        (root / "kb/comptes/mot-de-passe.md").read_text().replace("Suppr", "Suppr."))

    dry = export(root, bot, "--dry-run")
    assert dry.exit_code == 1
    assert f"conflit : {title} — modifiée sur le wiki par « Editeur »" in dry.output
    assert "à mettre à jour : " + page_titles(root)[2] in dry.output
    assert "+Appuyez sur Ctrl + Alt + Suppr. puis" in dry.output  # the unified diff
    assert texts(bot, [page_titles(root)[2]])[page_titles(root)[2]][2].count("Suppr.") == 0  # nothing written

    result = export(root, bot)
    assert result.exit_code == 1
    assert f"Conflit : {title} — modifiée sur le wiki par « Editeur »" in result.output
    assert re.search(r"index\.php\?title=.*&diff=cur&oldid=\d+", result.output)
    assert "Pages : 1 mise à jour, 2 inchangées, 1 conflit." in result.output
    assert texts(bot, [title])[title][2] == human_text  # the person's text is kept

    forced = export(root, bot, "--force", title)
    assert forced.exit_code == 0, forced.output
    assert "Pages : 1 mise à jour, 3 inchangées." in forced.output
    assert texts(bot, [title])[title][1:] == ("Admin", ours)


def test_an_edit_between_the_read_and_the_write_is_caught(templates_on_wiki, bot, wiki_case) -> None:
    root = wiki_case()
    assert export(root, bot).exit_code == 0
    first, _, third, _ = page_titles(root)
    for path in ("kb/impression/vider-file.md", "kb/comptes/mot-de-passe.md"):
        (root / path).write_text((root / path).read_text().replace("Suppr", "Suppr (touche)")
                                 .replace("reste **bloqué**", "reste **coincé**"))
    person = bot.site(human=True)

    def person_edits_meanwhile(changes) -> None:
        # the same line as the export (the wiki refuses our edit), and another line (the wiki would merge)
        page = person.pages[third]
        page.edit(page.text().replace("Ctrl + Alt + Suppr", "Ctrl + Alt + Suppr (ou Ctrl + Alt + Fin)"),
                  summary="même ligne")
        page = person.pages[first]
        page.edit(page.text() + "\nRemarque ajoutée pendant la synchronisation.", summary="autre ligne")

    session = connect(bot.api, environ=bot.bot_env)
    base = load_base(root)
    result = run(session, base, wanted_pages(base, date.today()), commit="test", planned=person_edits_meanwhile)
    outcomes = {c.title: (c.outcome.value, c.reason) for c in result.changes}
    assert outcomes[third][0] == "conflict" and "pendant la synchronisation" in outcomes[third][1]
    assert outcomes[first][0] == "conflict" and "pendant la synchronisation" in outcomes[first][1]
    now = texts(bot, [first, third])
    assert "(ou Ctrl + Alt + Fin)" in now[third][2] and "Suppr (touche)" not in now[third][2]
    assert "Remarque ajoutée pendant la synchronisation." in now[first][2] and "coincé" not in now[first][2]
    again = export(root, bot)  # and the next export still sees both as conflicts
    assert again.exit_code == 1 and again.output.count("Conflit : ") == 2, again.output


def test_archived_deleted_and_retitled_items(templates_on_wiki, bot, wiki_case) -> None:
    root = wiki_case()
    assert export(root, bot).exit_code == 0
    first, second, third, _ = page_titles(root)
    article = root / "kb/impression/vider-file.md"
    article.write_text(article.read_text().replace("status: published", "status: archived")
                       .replace("related: [TR-IMPRESSION-01]\n", ""))
    tree = root / "trees/impression/imprimante.yaml"
    tree.write_text(tree.read_text().replace("    see: [KB-0001]\n", "").replace("([procédure](KB-0001))", ""))
    (root / "kb/impression/texte-litteral.md").unlink()
    faq = root / "kb/comptes/mot-de-passe.md"
    faq.write_text(faq.read_text().replace("title: Changer son mot de passe", "title: Modifier son mot de passe")
                   .replace("[les étapes de la procédure](KB-0001#etapes-de-la-procedure)", "la procédure"))
    assert invoke("check", "--root", str(root)).exit_code == 0

    person = bot.site(human=True).pages[second]
    person.edit(person.text() + "\nPage encore utile au N2.", summary="précision")

    result = export(root, bot)
    assert result.exit_code == 1, result.output
    assert "Pages : 1 mise à jour, 1 renommée, 1 archivée, 1 conflit." in result.output
    assert f"Conflit : {second} — modifiée sur le wiki par « Editeur »" in result.output
    renamed = f"{prefix(root)}Modifier son mot de passe"
    now = texts(bot, [first, second, third, renamed])
    assert "Fiche archivée." in now[first][2]
    assert "Page encore utile au N2." in now[second][2] and "Fiche archivée." not in now[second][2]
    assert "Appuyez sur Ctrl + Alt + Suppr" in now[renamed][2]
    assert now[third][2].startswith("#REDIRECTION") or now[third][2].startswith("#REDIRECT")
    assert "Pages : 3 inchangées, 1 conflit." in export(root, bot).output  # nothing else left to do


def test_the_server_stopping_midway_then_a_rerun_finishes(templates_on_wiki, bot, wiki_case) -> None:
    root = wiki_case()
    for number in range(10, 70):
        (root / f"kb/impression/article-{number}.md").write_text(
            f"---\nid: KB-00{number}\ntitle: Article numéro {number}\ntype: faq\naudience: [agent]\n"
            f"domain: impression\nowner: equipe-test\nreviewed: 2026-01-15\nstatus: published\n---\n\n"
            f"# Article numéro {number}\n\nTexte de l'article {number}.\n")
    outcome: dict = {}
    worker = threading.Thread(target=lambda: outcome.setdefault("result", export(root, bot)))
    worker.start()
    category = f"Catégorie:Base de test {prefix(root)[:-1]}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        members = bot.site().api("query", list="categorymembers", cmtitle=category, cmlimit="max")
        if len(members["query"]["categorymembers"]) >= 5:
            break
        time.sleep(0.2)
    bot.stop()
    worker.join(timeout=180)
    bot.start()
    stopped = outcome["result"]
    assert stopped.exit_code == 1, stopped.output
    assert "Erreur : le wiki http://127.0.0.1" in stopped.output and "ne répond pas" in stopped.output
    assert "relancez la commande" in stopped.output and "non traitée" in stopped.output
    rerun = export(root, bot)
    assert rerun.exit_code == 0, rerun.output
    created, unchanged = (int(n) for n in re.search(r"Pages : (\d+) créées?, (\d+) inchangées?\.", rerun.output)
                          .groups())
    assert created > 0 and unchanged >= 5 and created + unchanged == 64
    assert "Pages : 64 inchangées." in export(root, bot).output

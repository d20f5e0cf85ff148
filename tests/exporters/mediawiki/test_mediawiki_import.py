"""`kb import mediawiki`: pages of a real wiki become draft articles that pass `kb check` but for the review."""
from __future__ import annotations

import json

from helpers import invoke

PAGE = """Pour se connecter au '''VPN''', voir aussi [[{other}|la procédure du mot de passe]] et [[Page hors base]].

== Prérequis ==
* Un compte actif
** avec une habilitation
* Le client VPN installé

{{| class="wikitable"
! Profil !! Accès
|-
| Agent || lecture
|-
| Gestionnaire || écriture
|}}

{{{{Attention|titre=Délai de traitement|1=Le délai est de '''48 h'''.
* prévenir le N2}}}}

{{{{Infobox logiciel|nom=VPN}}}}

[[Catégorie:Procédures {tag}]]
[[Catégorie:Réseau et VPN]]"""


def test_wiki_pages_become_draft_articles_that_ask_for_a_review(wiki, copy_case) -> None:
    tag = "import"
    first, other = f"Accès VPN {tag}", f"Mot de passe oublié {tag}"
    person = wiki.site(human=True)
    person.pages[first].edit(PAGE.format(other=other, tag=tag), summary="page GIDE")
    person.pages[other].edit(f"Réinitialisez-le sur le portail. Retour à [[{first}]].\n\n"
                             f"[[Catégorie:Procédures {tag}]]", summary="page GIDE")
    root = copy_case("mediawiki")

    result = invoke("import", "mediawiki", "--url", wiki.api, "--category", f"Procédures {tag}",
                    "--domain", "comptes", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert f"kb/comptes/acces-vpn-{tag}.md (KB-0005) ← {first}" in result.output
    assert f"kb/comptes/mot-de-passe-oublie-{tag}.md (KB-0006) ← {other}" in result.output
    assert "à reprendre : modèle inconnu « Infobox logiciel » gardé tel quel" in result.output
    assert "à reprendre : lien vers « Page hors base », page hors de la base" in result.output
    assert "2 articles créés en brouillon, 0 page ignorée." in result.output

    text = (root / f"kb/comptes/acces-vpn-{tag}.md").read_text(encoding="utf-8")
    assert text.startswith(f'---\nid: KB-0005\ntitle: "{first}"\n')
    assert "owner: à définir\nreviewed:\nstatus: draft\n" in text
    assert 'tags: ["Réseau et VPN"]' in text
    assert "[la procédure du mot de passe](KB-0006)" in text  # a link between imported pages
    assert "## Prérequis\n\n-   Un compte actif\n    -   avec une habilitation\n" in text
    assert "| Agent        | lecture  |" in text
    assert '!!! warning "Délai de traitement"\n    Le délai est de **48 h**.\n\n    -   prévenir le N2' in text
    assert "`{{Infobox logiciel|nom=VPN}}`" in text  # kept visibly

    check = invoke("check", "--format", "json", "--root", str(root))
    assert check.exit_code == 0, check.output
    findings = json.loads(check.stdout)
    assert {(f["path"], f["code"]) for f in findings} == {
        (f"kb/comptes/acces-vpn-{tag}.md", "SC013"), (f"kb/comptes/mot-de-passe-oublie-{tag}.md", "SC013")}

    before = {p: p.read_bytes() for p in root.rglob("*.md")}
    again = invoke("import", "mediawiki", "--url", wiki.api, "--title", first, "--domain", "comptes",
                   "--root", str(root))
    assert again.exit_code == 0, again.output
    assert f"Ignorée : {first} — déjà dans la base (KB-0005)" in again.output
    assert {p: p.read_bytes() for p in root.rglob("*.md")} == before  # nothing overwritten


def test_import_needs_a_domain_and_existing_pages(wiki, copy_case) -> None:
    root = copy_case("mediawiki")
    wiki.site(human=True).pages["Page sans domaine"].edit("Texte.", summary="test")
    result = invoke("import", "mediawiki", "--url", wiki.api, "--title", "Page sans domaine", "--title",
                    "Page qui n'existe pas", "--root", str(root))
    assert result.exit_code == 1
    assert "Introuvable sur le wiki : Page qui n'existe pas" in result.output
    assert "Ignorée : Page sans domaine — domaine inconnu : précisez --domain" in result.output
    assert not list((root / "kb").rglob("page-sans-domaine*.md"))


def test_the_images_of_an_imported_page_come_back_beside_the_draft(wiki, copy_case) -> None:
    from helpers.images import png
    import io

    person = wiki.site(human=True)
    screenshot = png(50, 30, (120, 10, 90))
    person.upload(io.BytesIO(screenshot), filename="Écran de connexion VPN.png", comment="capture", ignore=True)
    title = "Connexion VPN avec capture"
    person.pages[title].edit("Ouvrez le client :\n\n[[Fichier:Écran de connexion VPN.png|vignette|droite|"
                             "La fenêtre de connexion du VPN]]\n\nPuis [[File:Absente.png|alt=Une image absente]].\n",
                             summary="page GIDE")
    root = copy_case("mediawiki")

    result = invoke("import", "mediawiki", "--url", wiki.api, "--title", title, "--domain", "comptes",
                    "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "image : kb/comptes/images/Ecran-de-connexion-VPN.png" in result.output
    assert "à reprendre : image « Absente.png » non récupérée : introuvable sur le wiki" in result.output
    assert (root / "kb/comptes/images/Ecran-de-connexion-VPN.png").read_bytes() == screenshot
    text = (root / "kb/comptes/connexion-vpn-avec-capture.md").read_text(encoding="utf-8")
    assert "![La fenêtre de connexion du VPN](images/Ecran-de-connexion-VPN.png)" in text
    assert "Une image absente" in text and "Absente.png)" not in text

    check = invoke("check", "--root", str(root), "kb/comptes/connexion-vpn-avec-capture.md", "kb/comptes/images")
    assert [line.split(" ")[2] for line in check.stdout.splitlines()] == ["SC013"]  # only the review is asked


def test_an_import_waits_for_the_command_holding_the_base(wiki, copy_case) -> None:
    """New ids are the next free ones: an import beside a `kb new` (or a build) waits its turn, and says so."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from builder.content.lock import exclusive

    title = "Imprimante partagée en attente"
    wiki.site(human=True).pages[title].edit("Redémarrez le spouleur d'impression.", summary="page GIDE")
    root = copy_case("mediawiki")
    kb = str(Path(sys.executable).parent / "kb")
    with exclusive(root, "new"):
        importing = subprocess.Popen([kb, "import", "mediawiki", "--url", wiki.api, "--title", title, "--domain",
                                      "comptes", "--root", str(root)], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert importing.poll() is None, "kb import aurait dû attendre le verrou"
        assert not list((root / "kb").rglob("imprimante-partagee-en-attente.md"))
    out, err = importing.communicate(timeout=120)
    assert importing.returncode == 0, err
    assert f"« kb new » (processus {os.getpid()}, depuis " in err and "« kb import » attend" in err
    assert list((root / "kb").rglob("imprimante-partagee-en-attente.md")), out

"""Requests of `kb export mediawiki` against a real local MediaWiki, next to the minimum needed.

    .venv/bin/python bench/bench_mediawiki.py [--articles 500] [--changed 5]

Starts a throw-away wiki (scripts/mediawiki-up.sh, needs the Debian packages: run it as
root once, or scripts/test.sh), generates a base of N articles, exports it once (creation),
then measures two exports: nothing changed (target: 0 edits), and `--changed` articles
changed. The minimum is login (2 requests) + bulk reads of N titles (⌈N / L⌉, L = 500 with
the bot's high limits, else 50) + one edit per changed page; the target is ≤ 1.2 × that.
Not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import math
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.content.load import load_base  # noqa: E402
from exporters.mediawiki.export import connect, run, wanted_pages  # noqa: E402
from exporters.mediawiki.sync import Outcome, counts  # noqa: E402

DOMAINS = ["impression", "comptes", "reseau", "messagerie", "poste-de-travail"]


def make_base(root: Path, articles: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "kb.yaml").write_text(
        "title: Base de mesure\nsite_url: https://connaissance.example/\ndomains:\n"
        + "".join(f"  {d}: Domaine {d}\n" for d in DOMAINS)
        + "review_every:\n  procedure: 12 months\n  faq: 12 months\n  incident: 6 months\n  tutorial: 18 months\n"
          "  reference: 12 months\n  tree: 6 months\nmediawiki:\n  title_prefix: \"Mesure:\"\n"
          "  category: Base de mesure\n", encoding="utf-8")
    for number in range(1, articles + 1):
        domain = DOMAINS[number % len(DOMAINS)]
        folder = root / "kb" / domain
        folder.mkdir(parents=True, exist_ok=True)
        other = number % articles + 1
        (folder / f"article-{number}.md").write_text(
            f"---\nid: KB-{number:04d}\ntitle: Procédure de mesure numéro {number}\ntype: procedure\n"
            f"audience: [agent]\ndomain: {domain}\ntags: [mesure, lot {number % 7}]\nowner: equipe-mesure\n"
            f"reviewed: 2026-06-01\nstatus: published\n---\n\n# Procédure de mesure numéro {number}\n\n"
            f"Texte d'introduction de l'article {number}, avec un lien vers [l'article suivant](KB-{other:04d}).\n\n"
            "## Étapes\n\n1. Ouvrir l'application.\n2. Choisir **Paramètres**.\n    - vérifier le compte\n"
            "3. Valider.\n\n| Champ | Valeur |\n|---|---|\n| Serveur | srv-01 |\n| Port | 443 |\n\n"
            "!!! warning \"Attention\"\n    Ne pas redémarrer pendant la mise à jour.\n", encoding="utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def export(api: str, env: dict[str, str], root: Path) -> tuple[int, int, dict[str, int], float]:
    """(requests, edits, requests by action, seconds) of one export."""
    started = time.perf_counter()
    wiki = connect(api, environ=env)
    base = load_base(root)
    result = run(wiki, base, wanted_pages(base, date.today()), commit="bench")
    found = counts(result.changes)
    assert not result.failed, found
    edits = found[Outcome.CREATE] + found[Outcome.UPDATE]
    return wiki.request_count, edits, dict(wiki.requests), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--changed", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kb-bench-wiki-"))
    script = ROOT / "scripts" / "mediawiki-up.sh"
    port = free_port()
    try:
        done = subprocess.run([str(script), str(work / "wiki"), str(port)], capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stdout + done.stderr)
            return 1
        config = json.loads((work / "wiki" / "mw.json").read_text())
        env = {"KB_MEDIAWIKI_USER": config["MW_BOT_USER"], "KB_MEDIAWIKI_PASSWORD": config["MW_BOT_PASS"]}
        api = f"http://127.0.0.1:{port}/api.php"
        root = work / "base"
        make_base(root, args.articles)

        requests, edits, _, seconds = export(api, env, root)
        print(f"création de {args.articles} pages : {requests} requêtes, {edits} modifications, {seconds:.1f} s")

        session = connect(api, environ=env)
        rights = session.call("query", meta="userinfo", uiprop="rights")["query"]["userinfo"]["rights"]
        per_read = 500 if "apihighlimits" in rights else 50

        requests, edits, by_action, seconds = export(api, env, root)
        minimum_same = 2 + math.ceil(args.articles / per_read)
        print(f"rien de changé : {requests} requêtes (minimum {minimum_same}, rapport "
              f"{requests / minimum_same:.2f}), {edits} modifications, {seconds:.1f} s — {by_action}")

        for number in range(1, args.changed + 1):
            path = next(root.glob(f"kb/*/article-{number}.md"))
            path.write_text(path.read_text(encoding="utf-8").replace("Valider.", "Valider puis fermer."),
                            encoding="utf-8")
        requests, edits, by_action, seconds = export(api, env, root)
        minimum = 2 + math.ceil(args.articles / per_read) + args.changed
        ratio = requests / minimum
        print(f"{args.changed} articles changés sur {args.articles} : {requests} requêtes, minimum {minimum} "
              f"(connexion 2 + lectures {math.ceil(args.articles / per_read)} par lots de {per_read} + "
              f"{args.changed} modifications), rapport {ratio:.2f} (objectif ≤ 1,2), {edits} modifications, "
              f"{seconds:.1f} s — {by_action}")
        return 0 if ratio <= 1.2 and edits == args.changed else 1
    finally:
        subprocess.run([str(script), "--stop", str(work / "wiki")], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

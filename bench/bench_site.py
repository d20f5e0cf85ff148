"""Benchmark of `kb build` (issue 3) against MkDocs itself on plain pages.

    .venv/bin/python bench/bench_site.py [--articles 2000] [--trees 500]

In one run, on one synthetic base:
- `kb build`: check, generate every page, build with MkDocs (a fresh process, no cache);
- two floors: `mkdocs build` on a docs folder holding as many plain Markdown pages, each
  of the size of the corresponding generated page, with the same configuration
  (theme, French search, a navigation by domain, navigation.prune). The pages are
  filled either with the articles' own Markdown bodies (lists, tables, admonitions:
  what MkDocs really has to render, without anything kb generates) or with plain
  sentences only (the lightest Markdown there is). The target is measured against
  the first; both are printed;
- the average size of the output per page (HTML pages, then the whole site with its
  assets and search index divided by the number of pages).
Targets: overhead ≤ 25 % over the floor; average output ≤ 200 KB per page.

Then, on a copy of the same base (issue 16), the incremental build and the preview, each
figure with its ratio to the full build measured in the same run: `kb build` from scratch;
again with nothing changed (target ≤ 5 %); after one article's body (≤ 10 %); after one
article's title, which changes the domain and tag indexes (≤ 25 %); after one tree's
question (≤ 10 %); and `kb serve`: the time from saving an article to its new text being
served (the page is polled), target ≤ 2 s. `--incremental-only` skips the floors.
"""
from __future__ import annotations

import json
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import KB, base_arguments, PROJECT, synthetic_base, timed  # noqa: E402

WORDS = ("imprimante poste messagerie réseau téléphone compte mot passe session écran fichier dossier "
         "partage serveur agent usager ticket procédure vérifier redémarrer ouvrir fermer cliquer").split()


ID_LINK = re.compile(r"\]\((?:KB|TR)-[^)]*\)")


def bodies(root: Path) -> list[str]:
    """The articles' Markdown bodies, id links made plain (they would not resolve)."""
    out = []
    for path in sorted((root / "kb").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        out.append(ID_LINK.sub("](#)", re.sub(r"^# .*$", "", body, count=1, flags=re.M)))
    return out


def plain_docs(generated: Path, target: Path, pool: list[str] | None) -> int:
    """One plain Markdown page per generated page, of the same size."""
    shutil.rmtree(target, ignore_errors=True)
    rng = random.Random(1)
    count = 0
    for page in generated.rglob("*.md"):
        size = page.stat().st_size
        out = target / page.relative_to(generated)
        out.parent.mkdir(parents=True, exist_ok=True)
        lines, length = ["# Page " + page.stem, ""], 0
        while length < size:
            if pool:
                chunk = pool[count % len(pool)] if length == 0 else rng.choice(pool)
            else:
                chunk = " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "."
                if rng.random() < 0.1:
                    chunk += f"\n\n## Section {len(lines)}\n"
            lines.append(chunk)
            length += len(chunk.encode()) + 1
        out.write_text("\n".join(lines)[: max(size, 200)] + "\n", encoding="utf-8")
        count += 1
    return count


def mkdocs_floor(root: Path, name: str, pool: list[str] | None, nav: object) -> tuple[float, int]:
    floor_dir = root / f".kb-floor-{name}"
    pages = plain_docs(root / ".kb" / "docs", floor_dir / "docs", pool)
    config = {"INHERIT": str(PROJECT / "mkdocs.yml"), "site_name": "Plancher", "docs_dir": "docs", "nav": nav}
    (floor_dir / "mkdocs.yml").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    elapsed, result = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(floor_dir / "mkdocs.yml"),
                             "-d", str(floor_dir / "site")])
    assert result.returncode == 0, result.stderr[-3000:]
    return elapsed, pages


def kb_build(root: Path) -> tuple[float, str]:
    elapsed, result = timed([*KB, "build", "--root", str(root)])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    rebuilt = re.search(r"(\d+) pages? reconstruites? sur (\d+)", result.stdout + result.stderr)
    return elapsed, rebuilt.group(0) if rebuilt else "?"


def replace_once(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, new, text, count=1, flags=re.M)
    assert changed != text, f"{pattern} absent de {path}"
    path.write_text(changed, encoding="utf-8")


def page_of(article: Path) -> str:
    return "articles/" + re.search(r"^id: (\S+)$", article.read_text(encoding="utf-8"), re.M).group(1) + "/"


def edit_to_visible(root: Path, article: Path, rounds: int = 3) -> list[float]:
    """Start `kb serve` on the last build, then time save → new text served, `rounds` times."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([*KB, "serve", "--root", str(root), "--dev-addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/{page_of(article)}"
    started = time.perf_counter()
    try:
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                assert server.poll() is None, "kb serve s'est arrêté"
                time.sleep(0.2)
        print(f"kb serve : premier affichage après {time.perf_counter() - started:.2f} s (reprend la dernière construction)")
        time.sleep(20)  # the server reads every file once in the background; a save right away waits for it
        out = []
        for round_ in range(rounds):
            marker = f"Marqueur d'aperçu {round_} {time.time_ns()}"
            text = article.read_text(encoding="utf-8")
            saved = time.perf_counter()
            article.write_text(text + f"\n{marker}.\n", encoding="utf-8")
            while marker.encode() not in urllib.request.urlopen(url, timeout=30).read():
                assert time.perf_counter() - saved < 300, "la modification n'apparaît pas"
                time.sleep(0.05)
            out.append(time.perf_counter() - saved)
            time.sleep(2)
        return out
    finally:
        server.terminate()
        server.wait(timeout=30)


def incremental(source: Path, articles: int, trees: int) -> None:
    root = Path("/tmp/csu-kb-bench-incremental") / source.name
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(source, root, ignore=shutil.ignore_patterns(".kb", "site", ".kb-floor-*"))
    article = sorted((root / "kb").rglob("*.md"))[0]
    tree = sorted((root / "trees").rglob("*.yaml"))[0]
    full, said = kb_build(root)
    print(f"\nbase : {articles} articles, {trees} arbres ; construction incrémentale et aperçu")
    print(f"kb build depuis zéro                  : {full:7.2f} s  ({said})")
    figures = []
    for label, edit, target in (
            ("kb build, rien n'a changé", lambda: None, 5),
            ("kb build, corps d'un article", lambda: replace_once(article, r"\Z", "\nUne phrase de plus.\n"), 10),
            ("kb build, titre d'un article", lambda: (replace_once(article, r"^title: (.*)$", r"title: \1 (modifié)"),
                                                     replace_once(article, r"^# (.*)$", r"# \1 (modifié)")), 25),
            ("kb build, question d'un arbre", lambda: replace_once(tree, r"^(\s+ask: )(.*)$", r"\1Vraiment, \2"), 10)):
        edit()
        elapsed, said = kb_build(root)
        figures.append((label, elapsed, target))
        print(f"{label:38s}: {elapsed:7.2f} s  = {elapsed / full * 100:5.1f} % de la construction complète "
              f"(cible ≤ {target} %) ({said})")
    seen = edit_to_visible(root, article)
    print("kb serve, enregistrement → page servie : " + ", ".join(f"{s:.2f} s" for s in seen) +
          f"  (cible ≤ 2 s ; {max(seen) / full * 100:.1f} % de la construction complète au pire)")
    shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    args = base_arguments(__doc__.split("\n")[0], articles=2_000, trees=500, repeat=2,
                          flags={"--incremental-only": "seulement la construction incrémentale et l'aperçu"})
    root = synthetic_base(args.articles, args.trees)
    if args.incremental_only:
        incremental(root, args.articles, args.trees)
        return
    site = root / "site"
    runs: dict[str, list[float]] = {"ours": [], "floor": [], "sentences": []}
    pool = bodies(root)
    for _ in range(args.repeat):  # alternated, so that a slow moment of the machine hits all three
        shutil.rmtree(root / ".kb", ignore_errors=True)
        ours, result = timed([*KB, "build", "--root", str(root), "--site-dir", str(site)])
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        runs["ours"].append(ours)
        nav = json.loads((root / ".kb" / "mkdocs.yml").read_text(encoding="utf-8").split("\n", 1)[1])["nav"]
        floor, pages = mkdocs_floor(root, "contenu", pool, nav)
        runs["floor"].append(floor)
        runs["sentences"].append(mkdocs_floor(root, "phrases", None, nav)[0])
    ours, floor, sentences = min(runs["ours"]), min(runs["floor"]), min(runs["sentences"])

    html = [p for p in site.rglob("*.html") if p.name == "index.html" and p.parent != site / "search"]
    html_bytes = sum(p.stat().st_size for p in html)
    all_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(f"base : {args.articles} articles, {args.trees} arbres ; {pages} pages générées ; "
          f"minimum de {args.repeat} mesures")
    print(f"plancher : mkdocs build, pages du corps des articles : {floor:7.2f} s")
    print(f"         : mkdocs build, pages de phrases seules     : {sentences:7.2f} s")
    print(f"kb build (vérification + génération + MkDocs)         : {ours:7.2f} s  = +{(ours / floor - 1) * 100:.0f} % "
          f"du premier plancher (cible ≤ +25 %), +{(ours / sentences - 1) * 100:.0f} % du second")
    print(f"taille moyenne d'une page HTML : {html_bytes / len(html) / 1024:7.1f} Kio (cible ≤ 200 Kio)")
    print(f"taille du site entier par page (ressources, index de recherche compris) : "
          f"{all_bytes / len(html) / 1024:7.1f} Kio")
    incremental(root, args.articles, args.trees)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Benchmark of the search index on a synthetic base (10,000 articles and 2,000 trees by default).

    .venv/bin/python bench/bench_search.py [--articles N] [--trees M] [--queries Q]

Measures, each figure with its ratio to a baseline measured in the same run:
- full index build (baseline: reading every file of the base);
- re-index after changing 10 files, as `kb search` does it: list the files, compare their size
  and time with the manifest, read and parse the changed ones (baseline: an update that finds
  nothing changed);
- median and 95th percentile of `search()` over Q queries (baseline: the median of a
  bare tantivy term query on the same index);
- `kb search` as a user runs it, in a fresh process with the index up to date
  (baseline: `kb --version`, the interpreter and the command line alone);
- the duplicate check DU001 on the loaded base (baseline: loading the base).
Targets (issue 4): p95 query ≤ 5 ms; re-index of 10 changed files ≤ 1 s.

The synthetic base comes from bench/common.py (generated once under /tmp/csu-kb-bench);
it is copied to a temporary folder, since the run changes files. Not part of pytest.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from common import KB, synthetic_base  # noqa: E402

from builder.content.load import load_base  # noqa: E402
from builder.content.snapshot import read_snapshot  # noqa: E402
from builder.model import Base  # noqa: E402
from builder.check.rules import duplicates  # noqa: E402
from builder.search.index import INDEX_DIR, config_of, open_index  # noqa: E402
from builder.search.textfr import fold  # noqa: E402

CHANGED_FILES = 10


T = TypeVar("T")


def timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def queries(base: Base, count: int) -> list[str]:
    """What agents type: 2 to 4 words of a title or a question, often without accents, sometimes a typo."""
    rng = random.Random(4)
    texts = [i.title for i in base.items] + [q.value for a in base.articles for q in a.questions]
    out: list[str] = []
    while len(out) < count:
        words = [w for w in rng.choice(texts).replace("'", " ").split() if len(w) > 2]
        if len(words) < 2:
            continue
        start = rng.randrange(max(1, len(words) - 2))
        picked = words[start:start + rng.randint(2, 4)]
        if rng.random() < 0.5:
            picked = [fold(w) for w in picked]
        if rng.random() < 0.2:  # a typo: two letters swapped in the longest word
            longest = max(range(len(picked)), key=lambda i: len(picked[i]))
            word = picked[longest]
            if len(word) > 5:
                k = rng.randrange(1, len(word) - 2)
                picked[longest] = word[:k] + word[k + 1] + word[k] + word[k + 2:]
        out.append(" ".join(picked))
    return out


def change(root: Path, paths: list[str]) -> None:
    for path in paths:
        with (root / path).open("a", encoding="utf-8") as handle:
            handle.write("\n" if path.endswith(".md") else "")
            if path.endswith(".md"):
                handle.write("Paragraphe ajouté par le banc d'essai : vérifier le câble réseau.\n")
            else:
                handle.write("# commentaire ajouté par le banc d'essai\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--trees", type=int, default=2_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    source = synthetic_base(args.articles, args.trees)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        root = Path(folder) / "base"
        shutil.copytree(source, root, ignore=shutil.ignore_patterns(".kb", ".git"))
        return run(root, args.queries)


def run(root: Path, query_count: int) -> int:
    shutil.rmtree(root / INDEX_DIR, ignore_errors=True)
    snapshot = read_snapshot(root)
    read_time, contents = timed(lambda: snapshot.files)  # every file read (the snapshot reads on demand)
    files = len(contents)
    config = config_of(snapshot)
    index = open_index(root, config.synonyms)
    build_time, stats = timed(lambda: index.update(snapshot))
    print(f"\n{files} fichiers ; lecture de tous les fichiers (référence) : {ms(read_time)}")
    print(f"construction complète de l'index          : {ms(build_time)}  = {build_time / read_time:6.1f} × la lecture"
          f"  ({stats})")

    idle_time, idle = timed(lambda: index.update(root))
    rng = random.Random(7)
    victims = rng.sample(sorted(snapshot.paths), CHANGED_FILES)
    change(root, victims)
    update_time, changed = timed(lambda: index.update(root))
    print(f"mise à jour sans changement (référence)   : {ms(idle_time)}  ({idle})")
    print(f"réindexation de {CHANGED_FILES} fichiers modifiés       : {ms(update_time)}  = "
          f"{update_time / idle_time:6.1f} × la référence  ({changed})  "
          f"cible ≤ 1 s : {'atteinte' if update_time <= 1 else 'MANQUÉE'}")

    base_time, base = timed(lambda: load_base(root))
    asked = queries(base, query_count)
    for query in asked[:20]:  # warm the caches, as a session of searches would
        index.search(query)
    times = []
    empty = 0
    for query in asked:
        elapsed, hits = timed(lambda: index.search(query, limit=10))
        times.append(elapsed)
        empty += not hits
    floor = engine_floor(root, index)
    median, p95 = statistics.median(times), percentile(times, 0.95)
    print(f"requête tantivy nue, un terme (référence)  : {ms(floor)}")
    print(f"{query_count} requêtes, médiane                   : {ms(median)}  = {median / floor:6.1f} × la référence")
    print(f"{query_count} requêtes, 95e centile               : {ms(p95)}  = {p95 / floor:6.1f} × la référence"
          f"  cible ≤ 5 ms : {'atteinte' if p95 <= 0.005 else 'MANQUÉE'}  ({empty} requêtes sans résultat)")

    start_time = min(timed(lambda: subprocess.run([*KB, "--version"], capture_output=True))[0] for _ in range(3))
    user_times = []
    for query in ("mot de passe expiré", "imprimante bloquée", "écran noir station d'accueil"):
        elapsed, result = timed(lambda: subprocess.run([*KB, "search", query, "--root", str(root)],
                                                       capture_output=True, text=True))
        assert result.returncode == 0, result.stderr
        user_times.append(elapsed)
    user = statistics.median(user_times)
    print(f"kb --version, nouveau processus (référence): {ms(start_time)}")
    print(f"kb search, nouveau processus, index à jour : {ms(user)}  = {user / start_time:6.1f} × la référence")

    dup_time, found = timed(lambda: duplicates.check(base))
    print(f"chargement de la base (référence)         : {ms(base_time)}")
    print(f"détection des doublons DU001              : {ms(dup_time)}  = {dup_time / base_time:6.2f} × le chargement"
          f"  ({len(found)} avertissements)")
    print(f"\nexemples de requêtes : {asked[:5]}")
    return 0


def engine_floor(root: Path, index: object) -> float:
    """Median time of a one-term query straight to tantivy, reading the best 10 documents' scores only."""
    import tantivy
    engine = getattr(index, "_open")()
    searcher = engine.searcher()
    query = tantivy.Query.term_query(engine.schema, "body", "imprim")
    times = []
    for _ in range(200):
        start = time.perf_counter()
        searcher.search(query, 10, count=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    sys.exit(main())

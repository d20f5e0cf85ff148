#!/usr/bin/env python3
"""Banc d'essai de `kb freshness --history` face au plancher `git log --name-status`.

    .venv/bin/python bench/bench_freshness.py [--out DIR] [--articles 4000 --trees 1000]
                                              [--commits 20000 --months 24] [--repeat 3]

Construit (une fois ; réutilisé ensuite) un dépôt synthétique avec bench/synthetic.py
(5 000 éléments, 20 000 commits sur 24 mois par défaut), puis mesure dans la même
exécution, en alternant :
- le plancher : un `git log --name-status` sur tout l'historique (sortie lue par un tube) ;
- `kb freshness --history` sur les 24 mois, à froid (sans .kb/cache/versions.json :
  chaque version de fichier est analysée) puis à chaud (versions déjà en cache).
Les durées sont des temps écoulés ; chaque chiffre est le minimum des répétitions, et
le rapport au plancher de la même exécution est affiché. Objectif : ≤ 3 × le plancher, à froid
comme à chaud.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
KB = Path(sys.executable).parent / "kb"


def build(out: Path, articles: int, trees: int, commits: int, months: int) -> None:
    if (out / ".git").is_dir() and (out / "kb.yaml").is_file():
        print(f"Dépôt réutilisé : {out}", file=sys.stderr)
        return
    sys.path.insert(0, str(BENCH))
    try:
        import synthetic  # type: ignore[import-not-found]
    except ImportError:
        sys.exit("bench/synthetic.py est introuvable : il génère le dépôt de ce banc d'essai")
    started = time.perf_counter()
    content = synthetic.generate(articles, trees, seed=1)
    synthetic.prepare_dir(out, force=False)
    stats = synthetic.write_git(content, out, commits, months)
    print(f"Dépôt construit en {time.perf_counter() - started:.0f} s : {stats['commits']} commits "
          f"{stats['counts']}", file=sys.stderr)


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"échec de {' '.join(command)} : {done.stderr.decode(errors='replace')}")
    return elapsed


def history_range(repo: Path, months: int) -> str:
    """The `months` months ending with the month of the last commit."""
    last = date.fromisoformat(subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=repo, capture_output=True,
                                             text=True, check=True).stdout.strip())
    index = last.year * 12 + last.month - 1 - (months - 1)
    return f"{index // 12}-{index % 12 + 1:02d}..{last.year}-{last.month:02d}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/kb-bench-freshness"))
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--trees", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=20000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    repo = args.out
    build(repo, args.articles, args.trees, args.commits, args.months)
    span = history_range(repo, args.months)
    floor_cmd = ["git", "log", "--name-status"]
    kb_cmd = [str(KB), "freshness", "--history", span, "--format", "csv"]
    cache = repo / ".kb" / "cache" / "versions.json"
    floors: list[float] = []
    colds: list[float] = []
    warms: list[float] = []
    for _ in range(args.repeat):
        floors.append(timed(floor_cmd, repo))
        cache.unlink(missing_ok=True)
        colds.append(timed(kb_cmd, repo))
        floors.append(timed(floor_cmd, repo))
        warms.append(timed(kb_cmd, repo))
    floor = min(floors)
    print(f"Dépôt : {repo} ({args.articles + args.trees} éléments, {args.commits} commits, "
          f"{args.months} mois) ; historique {span}")
    print(f"plancher git log --name-status : {floor:6.2f} s (médiane {statistics.median(floors):.2f} s)")
    for label, runs in (("kb freshness --history à froid", colds), ("kb freshness --history à chaud", warms)):
        best = min(runs)
        print(f"{label} : {best:6.2f} s = {best / floor:4.1f} × le plancher "
              f"(médiane {statistics.median(runs):.2f} s = {statistics.median(runs) / statistics.median(floors):.1f} ×)")
    for label, runs in (("à froid", colds), ("à chaud", warms)):
        verdict = "atteint" if min(runs) <= 3 * floor else "non atteint"
        print(f"Objectif {label} (≤ 3 × le plancher) : {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

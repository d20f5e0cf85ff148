#!/usr/bin/env python3
"""Benchmark of `kb coverage` on a generated export of 100,000 tickets (issue 14).

    .venv/bin/python bench/bench_coverage.py [--tickets N] [--repeat R]

The export comes from tests/coverage/make_export.py (`;`, Windows-1252, the same
topics, gaps and noise as the tests), made once under /tmp/csu-kb-bench. The
shipped library is copied to a temporary folder and its search index built
first, so that the figure is the export's. Prints, from one run:
- `kb coverage FILE --format json` as a user runs it, in a fresh process: tickets
  per second and the process's peak memory (targets: ≥ 5,000 tickets/s, < 1 GiB);
- the baseline: reading and decoding the same file with Python's csv module,
  and the ratio of the two.
Not part of pytest.
"""
from __future__ import annotations

import argparse
import csv
import io
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "coverage"))
from common import CACHE, KB  # noqa: E402
from make_export import generate, write_csv  # noqa: E402


def export_of(tickets: int) -> Path:
    target = CACHE / f"export-adn-{tickets}.csv"
    if not target.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        rows, _ = generate(tickets, seed=14)
        write_csv(target, rows)
    return target


def plain_csv(path: Path) -> int:
    """What any program must do at least: decode the file and split it into records."""
    reader = csv.reader(io.StringIO(path.read_bytes().decode("cp1252"), newline=""), delimiter=";")
    return sum(1 for _ in reader)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest counts")
    args = parser.parse_args()
    export = export_of(args.tickets)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copy(ROOT / "kb.yaml", root / "kb.yaml")
        shutil.copytree(ROOT / "kb", root / "kb")
        shutil.copytree(ROOT / "trees", root / "trees")
        subprocess.run([*KB, "search", "--root", str(root), "vpn"], check=True, capture_output=True)  # the index
        baseline = min(_time(lambda: plain_csv(export)) for _ in range(args.repeat))
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            done = subprocess.run([*KB, "coverage", str(export), "--root", str(root), "--format", "json"],
                                  capture_output=True, text=True)
            runs.append(time.perf_counter() - started)
            if done.returncode != 0:
                sys.exit(done.stderr)
        import json
        tickets = json.loads(done.stdout)["tickets"]
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    best = min(runs)
    print(f"export : {export} ({export.stat().st_size / 2**20:.1f} Mio, {tickets} tickets lus)")
    print(f"kb coverage : {best:.2f} s, {tickets / best:,.0f} tickets/s (objectif ≥ 5 000), "
          f"mémoire de pointe {peak:.0f} Mio (objectif < 1 024)".replace(",", " "))
    print(f"lecture seule avec le module csv : {baseline:.2f} s ; rapport kb coverage / csv : {best / baseline:.1f}")


def _time(work) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()

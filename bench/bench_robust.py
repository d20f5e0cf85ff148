"""Check robustness figures: content scanning per MB on hostile texts, and mutations per second.

    .venv/bin/python bench/bench_robust.py [--size KB] [--mutations N]

Prints, for each pathological text (one article body and one tree help of SIZE KB), the CPU
seconds per MB of the whole rule set and the ratio to an ordinary French text of the same size;
then the CPU time of N seeded mutations of the shipped library checked in-process (what
tests/check/test_mutations.py runs). CPU time, not wall time: the machines are shared.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests/check")]

HOSTILE = {  # the inputs that made Python's regular expressions backtrack, and their cousins
    "« <a » répété": "<a ", "« [ » répété": "[", "« ![ » répété": "![", "« <kb/ » répété": "<kb/",
    "« <a\\n » répété": "<a\n", "« mot de passe : » répété": "mot de passe :", "« password= » répété": "password=",
    "« mot de passe est 1 » répété": "mot de passe est 1 ", "« api_key = 'x » répété": "api_key = 'x",
    "« eyJ » répété": "eyJ", "« `` » répété": "``x", "« 0 1 » répété": "0 1 ",
}
ORDINARY = "Ouvrez le panneau de configuration, puis redémarrez le poste avant de rappeler le support. "


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=256, help="Ko de texte par essai")
    parser.add_argument("--mutations", type=int, default=200)
    args = parser.parse_args()

    import test_linear_scan as scan
    from mutate import Library

    scan.SIZE = args.size * 1024
    scan.test_rules_are_warm()
    base_rate = scan._seconds_per_mb(ORDINARY * (scan.SIZE // len(ORDINARY)))
    print(f"texte ordinaire ({args.size} Ko) : {base_rate:.2f} s CPU par Mo")
    for name, unit in HOSTILE.items():
        rate = scan._seconds_per_mb(unit * (scan.SIZE // len(unit)))
        print(f"{name:32} {rate:5.2f} s CPU par Mo  ({rate / base_rate:4.1f} × l'ordinaire)")

    start = time.process_time()
    library = Library(ROOT, date(2026, 12, 1))
    loaded = time.process_time() - start
    start = time.process_time()
    count = sum(1 for mutation in library.mutations(11, args.mutations) if library.check(mutation.path, mutation.text)
                is not None)
    spent = time.process_time() - start
    print(f"bibliothèque chargée en {loaded:.2f} s CPU ; {count} mutations vérifiées en {spent:.1f} s CPU "
          f"({spent / count * 1000:.0f} ms chacune, 500 mutations ≈ {spent / count * 500:.0f} s)")


if __name__ == "__main__":
    main()

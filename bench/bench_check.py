"""Benchmark of `kb check` (issue 2): cold, unchanged, against the floor of reading and parsing.

    .venv/bin/python bench/bench_check.py [--articles 10000] [--trees 2000]

Prints, measured in one run on the same synthetic base:
- the floor: read every file and parse its YAML with the fastest loader available
  (PyYAML's C loader when present, else ruamel.yaml's C parser), in this process;
- `kb check` cold (no cache, a fresh process: interpreter start and imports included);
- `kb check` again with nothing changed (the cache under .kb/);
- the peak memory of the kb processes.
Targets: cold ≤ 3 × floor; unchanged ≤ 0.5 s; peak memory < 1 GiB.
"""
from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import KB, base_arguments, peak_child_memory_mib, synthetic_base, timed  # noqa: E402


def floor(root: Path) -> tuple[float, str]:
    try:
        import yaml
        loader = getattr(yaml, "CSafeLoader")

        def parse(text: str) -> object:
            return yaml.load(text, Loader=loader)
        name = "PyYAML CSafeLoader"
    except (ImportError, AttributeError):
        from ruamel.yaml import YAML
        fast = YAML(typ="safe")

        def parse(text: str) -> object:
            return fast.load(text)
        name = "ruamel.yaml (C)"
    started = time.perf_counter()
    for path in sorted((root / "kb").rglob("*.md")) + sorted((root / "trees").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            end = text.find("\n---", 4)
            text = text[4:end]
        parse(text)
    return time.perf_counter() - started, name


def main() -> None:
    args = base_arguments(__doc__.split("\n")[0], articles=10_000, trees=2_000, repeat=3)
    root = synthetic_base(args.articles, args.trees)
    floor(root)  # warm the page cache: every measure below reads from memory
    floors, colds, warms = [], [], []
    for _ in range(args.repeat):  # alternated, so that a slow moment of the machine hits both
        floors.append(floor(root)[0])
        shutil.rmtree(root / ".kb", ignore_errors=True)
        cold, result = timed([*KB, "check", "--root", str(root)])
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        colds.append(cold)
        warm, result = timed([*KB, "check", "--root", str(root)])
        assert result.returncode == 0
        warms.append(warm)
    loader = floor(root)[1]
    memory = peak_child_memory_mib()
    floor_time, cold, warm = min(floors), min(colds), min(warms)
    print(f"base : {args.articles} articles, {args.trees} arbres ({root}) ; minimum de {args.repeat} mesures")
    print(f"plancher (lecture + {loader}) : {floor_time:6.2f} s  (médiane {statistics.median(floors):.2f} s)")
    print(f"kb check à froid            : {cold:6.2f} s  = {cold / floor_time:.2f} × le plancher (cible ≤ 3) "
          f"(médianes : {statistics.median(colds) / statistics.median(floors):.2f} ×)")
    print(f"kb check sans changement    : {warm:6.2f} s  (cible ≤ 0,5 s ; médiane {statistics.median(warms):.2f} s)")
    print(f"mémoire maximale de kb      : {memory:6.0f} Mio (cible < 1024)")


if __name__ == "__main__":
    main()

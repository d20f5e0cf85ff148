"""Helpers shared by the benchmarks: synthetic bases cached on disk, timing, memory."""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CACHE = Path("/tmp/csu-kb-bench")
KB = [sys.executable, str(PROJECT / "cli.py")]


def synthetic_base(articles: int, trees: int, seed: int = 1) -> Path:
    """A generated content repository, made once and reused by later runs."""
    target = CACHE / f"base-{articles}-{trees}-{seed}"
    if not (target / "kb.yaml").is_file():
        subprocess.run([sys.executable, str(PROJECT / "bench/synthetic.py"), str(target), "--articles",
                        str(articles), "--trees", str(trees), "--seed", str(seed), "--force"], check=True)
    return target


def timed(command: list[str], **kwargs: object) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - started, result


def peak_child_memory_mib() -> float:
    """The largest resident set of any child process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def base_arguments(description: str, articles: int, trees: int, repeat: int,
                   flags: dict[str, str] | None = None) -> argparse.Namespace:
    """The options every benchmark on a synthetic base takes: its size and how many runs (and its own flags)."""
    parser = argparse.ArgumentParser(description=description)
    for flag, help_text in (flags or {}).items():
        parser.add_argument(flag, action="store_true", help=help_text)
    parser.add_argument("--articles", type=int, default=articles)
    parser.add_argument("--trees", type=int, default=trees)
    parser.add_argument("--repeat", type=int, default=repeat, help="mesures alternées ; le minimum de chacune compte")
    return parser.parse_args()

"""Benchmark of atomic publication (issue 11): what building beside and swapping costs.

    .venv/bin/python bench/bench_publish.py [--articles 200] [--trees 50] [--repeat 5]

In one run, on one synthetic base built once with `kb build`:
- in place: empty the target and write the site into it (what kb build did before, and
  what MkDocs does by itself);
- atomic: `publish()` writes the same files into a folder beside the target, lists them in
  the marker, flushes them to disk (fsync), exchanges the folders and removes the old one;
- the same without fsync, to show what durability costs;
- a whole `kb build` of the base, to put the difference in proportion.
Printed: the best of --repeat alternated runs, in seconds, and the ratios. Target: atomic publication adds ≤ 10 % to a build.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import KB, base_arguments, synthetic_base, timed  # noqa: E402

from builder.site import publish as publishing  # noqa: E402


def fastest(repeat: int, *runs: Callable[[], None]) -> list[float]:
    """The best time of each run, measured in alternation (the machine is shared: noise only adds)."""
    best = [float("inf")] * len(runs)
    for _ in range(repeat):
        for number, run in enumerate(runs):
            started = time.perf_counter()
            run()
            best[number] = min(best[number], time.perf_counter() - started)
    return best


def main() -> None:
    args = base_arguments(__doc__ or "", articles=200, trees=50, repeat=5)
    root = synthetic_base(args.articles, args.trees)
    work = Path(tempfile.mkdtemp(prefix="kb-bench-publish-"))
    built = work / "built"
    seconds, done = timed([*KB, "build", "--root", str(root), "--site-dir", str(built)])
    if done.returncode != 0:
        sys.exit(done.stderr)
    files = sum(1 for p in built.rglob("*") if p.is_file())
    target = work / "site"

    def atomic() -> None:
        publishing.publish(target, lambda folder: shutil.copytree(built, folder, dirs_exist_ok=True))

    other = work / "site-in-place"

    def in_place() -> None:
        shutil.rmtree(other, ignore_errors=True)
        shutil.copytree(built, other)

    flush = publishing._fsync_tree

    def atomic_unflushed() -> None:
        publishing._fsync_tree = lambda folder: None  # type: ignore[assignment]
        try:
            atomic()
        finally:
            publishing._fsync_tree = flush  # type: ignore[assignment]

    plain, swapped, unflushed = fastest(args.repeat, in_place, atomic, atomic_unflushed)
    build_seconds = min(timed([*KB, "build", "--root", str(root), "--site-dir", str(target)])[0]
                        for _ in range(max(1, args.repeat // 2)))
    shutil.rmtree(work, ignore_errors=True)
    print(f"base : {args.articles} articles, {args.trees} arbres ; site de {files} fichiers")
    print(f"écriture sur place (ancien comportement) : {plain:.3f} s")
    print(f"publication atomique (à côté + fsync + échange) : {swapped:.3f} s "
          f"(×{swapped / plain:.2f} ; sans fsync : {unflushed:.3f} s, ×{unflushed / plain:.2f})")
    print(f"kb build complet : {build_seconds:.2f} s ; surcoût de la publication atomique : "
          f"{swapped - plain:+.3f} s soit {100 * (swapped - plain) / build_seconds:+.1f} % d'une construction "
          f"(cible ≤ 10 %)")


if __name__ == "__main__":
    main()

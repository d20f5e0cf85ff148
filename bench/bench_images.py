"""Benchmark of the images (issue 18): what screenshots cost `kb check`, cold and unchanged.

    KB_BENCH_IMAGES=1000 .venv/bin/python bench/bench_images.py [--articles 2000] [--trees 400]

Measured in one run on the same synthetic base, once without images and once with
KB_BENCH_IMAGES screenshots (PNG of realistic weight, one SVG in ten) shown by as many articles:
- `kb check` cold (no cache, a fresh process) without and with the images, and the ratio;
- `kb check` again with nothing changed, with the images (the cache reads their stat only);
- the volume of images read.
Target: the images add at most 50 % to a cold check; unchanged stays ≤ 0.5 s.
"""
from __future__ import annotations

import os
import random
import shutil
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import CACHE, KB, base_arguments, synthetic_base, timed  # noqa: E402

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">'
       b'<rect width="640" height="360" fill="#eef"/><text x="20" y="40">Sch\xc3\xa9ma</text></svg>\n')


def screenshot(rng: random.Random, width: int = 640, height: int = 400) -> bytes:
    """A PNG that compresses like a screenshot: flat areas and some noise (about 40-80 Ko)."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = []
    for y in range(height):
        noisy = y % 7 == 0
        row = bytes(rng.randrange(256) for _ in range(width * 3)) if noisy else bytes([230, 230, 240]) * width
        rows.append(b"\x00" + row)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + chunk(b"IEND", b""))


def with_images(source: Path, count: int) -> tuple[Path, int]:
    target = CACHE / f"{source.name}-images-{count}"
    marker = target / ".images-done"
    if not marker.is_file():
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".kb", ".git"))
        rng = random.Random(18)
        articles = sorted((target / "kb").rglob("*.md"))[:count]
        samples = [screenshot(rng) for _ in range(8)]
        for number, article in enumerate(articles):
            folder = article.parent / "images"
            folder.mkdir(exist_ok=True)
            name = f"capture-{number}.svg" if number % 10 == 9 else f"capture-{number}.png"
            (folder / name).write_bytes(SVG if name.endswith(".svg") else samples[number % len(samples)])
            with article.open("a", encoding="utf-8") as text:
                text.write(f"\n\n![Capture d'écran {number} de la procédure](images/{name})\n")
        marker.write_text("ok")
    volume = sum(p.stat().st_size for p in target.rglob("images/*") if p.is_file())
    return target, volume


def cold(root: Path) -> float:
    shutil.rmtree(root / ".kb", ignore_errors=True)
    seconds, result = timed([*KB, "check", "--root", str(root)])
    assert result.returncode in (0, 1), result.stderr[-2000:]
    return seconds


def read_all(root: Path) -> float:
    import time

    from builder.content.images import read_images
    from builder.content.snapshot import read_snapshot
    started = time.perf_counter()
    read_images(read_snapshot(root))
    return time.perf_counter() - started


def main() -> None:
    args = base_arguments(__doc__.split("\n")[0], articles=2_000, trees=400, repeat=3)
    count = int(os.environ.get("KB_BENCH_IMAGES", "1000"))
    plain = synthetic_base(args.articles, args.trees)
    images, volume = with_images(plain, count)
    cold(plain), cold(images)  # warm the page cache
    without, withs, warms, plain_warms, reads = [], [], [], [], []
    for _ in range(args.repeat):  # alternated, so that a slow moment of the machine hits both
        without.append(cold(plain))
        plain_warms.append(timed([*KB, "check", "--root", str(plain)])[0])
        withs.append(cold(images))
        warms.append(timed([*KB, "check", "--root", str(images)])[0])
        reads.append(read_all(images))
    a, b, warm, plain_warm = min(without), min(withs), min(warms), min(plain_warms)
    print(f"base : {args.articles} articles, {args.trees} arbres ; {count} images ({volume / 1024 / 1024:.0f} Mio) ; "
          f"minimum de {args.repeat} mesures")
    print(f"kb check à froid sans images : {a:6.2f} s")
    print(f"kb check à froid avec images : {b:6.2f} s  = {b / a:.2f} × (cible ≤ 1,5)")
    print(f"kb check sans changement     : {warm:6.2f} s  (sans images : {plain_warm:.2f} s ; cible ≤ 0,5 s)")
    print(f"lecture des images seule     : {min(reads):6.2f} s  (format, dimensions, SVG inspecté ; dans ce processus)")


if __name__ == "__main__":
    main()

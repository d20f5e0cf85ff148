#!/usr/bin/env python3
"""Does sanitising change legitimate pages? Compares two built sites page by page, and times the sanitiser.

    python bench/bench_sanitise.py SITE_BEFORE SITE_AFTER

Each HTML page is reduced to what a reader gets: its elements with their
attributes and its text, entities decoded. The theme's scripts (moved from inline
to files for the Content-Security-Policy) and the policy's meta tag are set aside:
they are the intended change. Prints the pages compared, the identical ones, and
the first differences; then the cost of the sanitiser on the shipped articles.
"""
from __future__ import annotations

import sys
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.in_script = True
            return
        if tag == "meta" and ("http-equiv", "Content-Security-Policy") in attrs:
            return
        self.out.append(f"<{tag} {sorted((k, v or '') for k, v in attrs)}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.in_script and data.strip():
            self.out.append(" ".join(data.split()))


def reduce(path: Path) -> list[str]:
    reader = Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.out


def compare(before: Path, after: Path) -> int:
    pages = sorted(p.relative_to(before) for p in before.rglob("*.html"))
    identical, different = 0, []
    for rel in pages:
        if not (after / rel).is_file():
            different.append((rel, "absente après"))
            continue
        a, b = reduce(before / rel), reduce(after / rel)
        if a == b:
            identical += 1
        else:
            first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            different.append((rel, f"{a[first:first + 1]} → {b[first:first + 1]}"))
    print(f"pages compared: {len(pages)}, identical: {identical}, different: {len(different)} "
          f"(ratio identical {identical / max(len(pages), 1):.3f})")
    for rel, why in different[:10]:
        print(f"  {rel}: {why}")
    return len(different)


def timing() -> None:
    from builder.content.load import load_base
    from builder.site.sanitize import BodyRenderer

    base = load_base(ROOT)
    bodies = [a.body for a in base.articles]
    renderer = BodyRenderer()
    start = time.perf_counter()
    for body in bodies:
        renderer.render(body)
    render = time.perf_counter() - start
    start = time.perf_counter()
    passed = sum(renderer.is_clean(body) for body in bodies)
    checked = time.perf_counter() - start
    print(f"articles: {len(bodies)}, published unchanged: {passed}; Markdown render alone {render * 1000:.0f} ms, "
          f"render + sanitise check {checked * 1000:.0f} ms (ratio {checked / max(render, 1e-9):.2f})")


if __name__ == "__main__":
    if len(sys.argv) == 3:
        compare(Path(sys.argv[1]), Path(sys.argv[2]))
    timing()

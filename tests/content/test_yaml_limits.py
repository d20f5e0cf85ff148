"""Oversized files and alias bombs fail fast with a finding instead of eating the machine."""
from __future__ import annotations

import time

from builder.content.yamlio import c_parser_available
from helpers import invoke


def test_the_c_parser_of_ruamel_yaml_is_installed() -> None:
    assert c_parser_available(), "ruamel.yaml.clib manque : le chargement serait 3 fois plus lent"


def test_file_over_the_size_limit(copy_case) -> None:
    root = copy_case("clean")
    big = root / "kb/impression/enorme.md"
    big.write_text("---\nid: KB-0002\n---\n" + "x" * (1024 * 1024 + 1), encoding="utf-8")
    result = invoke("check", "--root", str(root))
    assert result.stdout.startswith("kb/impression/enorme.md:1:1: error YM005 fichier trop volumineux")


def test_billion_laughs_fails_fast(copy_case) -> None:
    root = copy_case("clean")
    levels = ["a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
    for index in range(1, 10):  # 10**10 nodes once expanded
        name, previous = chr(ord("a") + index), chr(ord("a") + index - 1)
        levels.append(f"{name}: &{name} [{', '.join(['*' + previous] * 10)}]")
    (root / "trees/impression/bombe.yaml").write_text("\n".join(levels) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = invoke("check", "--no-cache", "--root", str(root))
    elapsed = time.perf_counter() - started
    assert "trees/impression/bombe.yaml:4:4: error YM006" in result.stdout
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def test_deep_nesting_and_recursive_alias(copy_case) -> None:
    root = copy_case("clean")
    (root / "trees/impression/profond.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    # libyaml's composer recurses in C: this one would crash the process if it were composed
    (root / "trees/impression/abyssal.yaml").write_text("a: " + "{a: " * 200_000 + "}" * 200_000 + "\n")
    (root / "trees/impression/tirets.yaml").write_text("a:\n  " + "- " * 200_000 + "x\n")
    (root / "trees/impression/recursif.yaml").write_text("a: &a [*a]\n")
    out = invoke("check", "--no-cache", "--root", str(root)).stdout
    assert "trees/impression/profond.yaml:1:" in out and "YM006 imbrication trop profonde" in out
    assert "trees/impression/abyssal.yaml:1:1: error YM006" in out
    assert "trees/impression/tirets.yaml:1:1: error YM006" in out
    assert "trees/impression/recursif.yaml:1:4: error YM006 alias récursif" in out

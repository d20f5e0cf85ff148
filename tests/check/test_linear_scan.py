"""Content scanning stays linear: pathological texts are checked in under 3 s per MB.

Python's `re` backtracks: a pattern like `<[a-z][^>]*\\s` took 17 s on 40,000 « <a ».
Each content pattern is written so that its attempts stop at the next opening
character (see builder/content/markdown.py); this property test feeds the whole
rule set with long repetitions of the fragments that make backtracking explode,
in an article body and in a tree's help, and measures CPU time (not wall time:
the machine is shared). A quadratic scan costs hundreds of seconds per MB at this size
(« ![ » then « href=on » 14,000 times: 593 s/MB while each finding's position was searched
from the start of the text); linear ones cost about 1 s/MB. The examples are drawn
from a fixed seed, so that every run checks the same texts; a failure is reported as
found, without shrinking (each try costs seconds).
"""
from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings, strategies as st

from builder.check.pipeline import run_rules
from builder.content.load import load_article, load_config, load_tree
from builder.model import Base
from helpers import DATA

SIZE = 128 * 1024  # characters per generated text: large enough that a quadratic scan shows (was 17 s at 40 KB)
LIMIT_PER_MB = 3.0
FRAGMENTS = ["<a ", "<", "a", " ", "\n", "[", "]", "](", "![", "(", ")", "`", "``", "{{ ", "}}", "href=", "\"", "'",
             "mot de passe :", "password=", "@", ".", "-", "0", "1 ", "KB-", "TR-", "#", "javascript:", "<kb/",
             "[x]: ", "  ", "\t", "é", "|", "*", "_", ":", "on", "=", "script", "http://", "<!--", "&", ";"]
CONFIG, _ = load_config("kb.yaml", (DATA / "clean/kb.yaml").read_text(encoding="utf-8"))
ARTICLE = (DATA / "clean/kb/impression/vider-file.md").read_text(encoding="utf-8")
TREE = (DATA / "clean/trees/impression/imprimante.yaml").read_text(encoding="utf-8")


def _seconds_per_mb(text: str) -> float:
    article, found = load_article("kb/impression/vider-file.md", ARTICLE + text)
    help_text = text.replace("\n", " ").replace("\t", " ")
    tree, tree_found = load_tree("trees/impression/imprimante.yaml", TREE.replace(
        "    ask: Le voyant est-il allumé ?", "    ask: Le voyant est-il allumé ?\n    help: |\n      "
        + help_text.replace("\n", "\n      ")))
    assert article is not None  # the tree may be refused (YM006 counts « [ » as possible nesting): still measured
    base = Base(Path("."), CONFIG, [article], [tree] if tree else [], [*found, *tree_found])
    start = time.process_time()
    run_rules(base, date(2026, 12, 1))
    return (time.process_time() - start) / (2 * len(text) / 1e6)


def test_rules_are_warm() -> None:
    """Imports (detect-secrets' detectors included) and compiled patterns are paid once, before the measures."""
    assert _seconds_per_mb("texte ordinaire\n" * 100 + "password = 's3cr3t-Valeur-42'\n") > 0


@settings(max_examples=20, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4), st.sampled_from(FRAGMENTS + [""]))
@example(["href=", "on", "  "], "![")  # RF006's findings in a help text: each position searched from the start
@example(["&"], "\n")  # html5ever escaping 128 K « & » (quadratic in their number)
def test_pathological_repetitions_are_scanned_in_linear_time(unit: list[str], prefix: str) -> None:
    piece = "".join(unit)
    text = prefix + piece * (SIZE // len(piece))
    seconds = _seconds_per_mb(text)
    assert seconds < LIMIT_PER_MB, f"{seconds:.2f} s par Mo pour {prefix!r} + {piece!r} × {SIZE // len(piece)}"

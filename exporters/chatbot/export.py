"""`kb export chatbot`: check, choose the items for users, write the files.

The whole base is checked first, chatbot checks included: with an error nothing
is written. Files are built in memory, then each is written atomically.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from builder.content.atomic import write_text
from builder.check.pipeline import run_rules
from builder.content.load import load_base
from builder.content.snapshot import read_snapshot
from builder.model import Base, Finding, Item, Severity

from exporters.chatbot import corpus, quality, rasa
from exporters.chatbot.content import Selection, intents, select
from exporters.chatbot.evaluate import Evaluation, evaluate

CORPUS_FILE = "corpus.jsonl"


class ExportRefused(Exception):
    """The base has errors: nothing was written."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{sum(f.severity is Severity.ERROR for f in findings)} erreur(s)")
        self.findings = findings


@dataclass
class Report:
    files: list[str]  # written, relative to the output folder
    articles: int
    trees: int
    chunks: int = 0
    stale: list[Item] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # warnings left by the checks


def prepare(root: Path, today: date) -> tuple[Base, dict[str, bytes], list[Finding]]:
    """The loaded base, the bytes of its files, and every finding (chatbot checks included)."""
    snapshot = read_snapshot(root)
    base = load_base(root, snapshot)
    return base, snapshot.files, run_rules(base, today, extra=[quality.check])


def export(root: Path, fmt: str, out: Path, today: date, include_stale: bool = False) -> Report:
    base, sources, findings = prepare(root, today)
    if any(f.severity is Severity.ERROR for f in findings):
        raise ExportRefused(findings)
    chosen = select(base, today, include_stale)
    if fmt == "jsonl":
        records = corpus.chunks(base, chosen, sources, today)
        files = {CORPUS_FILE: corpus.to_jsonl(records)}
    else:
        records = []
        files = rasa.project(base, chosen)
    for path, text in files.items():
        write_text(out / path, text)
    return Report(list(files), len(chosen.articles), len(chosen.trees), len(records), chosen.stale, findings)


def evaluation(root: Path, today: date, include_stale: bool = False,
               progress: Callable[[int, int], None] | None = None) -> tuple[Evaluation, Selection]:
    """The k-fold estimate on the intents the export would write."""
    chosen = select(load_base(root), today, include_stale)
    return evaluate(intents(list(chosen.articles)), progress=progress), chosen

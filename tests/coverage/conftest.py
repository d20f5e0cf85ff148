"""The generated export, written once per session as CSV, XLSX and ODS, and the shipped library to match it with."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from make_export import Planted, generate, write_csv

PROJECT = Path(__file__).resolve().parent.parent.parent


class Export:
    def __init__(self, folder: Path) -> None:
        self.rows, self.planted = generate(2400, seed=14)
        self.csv = folder / "export-adn.csv"
        self.bad_lines = write_csv(self.csv, self.rows)
        self.folder = folder

    @property
    def truth(self) -> Planted:
        return self.planted


@pytest.fixture(scope="session")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped library (its index is built there, not in the repository)."""
    root = tmp_path_factory.mktemp("library")
    shutil.copy(PROJECT / "kb.yaml", root / "kb.yaml")
    shutil.copytree(PROJECT / "kb", root / "kb")
    shutil.copytree(PROJECT / "trees", root / "trees")
    return root


@pytest.fixture(scope="session")
def export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    return Export(tmp_path_factory.mktemp("export"))

"""kb coverage: which tickets of an ITSM export the knowledge answers, and the recurring problems it does not.

Data flows one way: `read` turns a CSV/XLSX/ODS export into rows, `tickets`
into `Ticket`s (personal data masked by `mask` as they are read), `match`
decides which published item covers each ticket, `gaps` groups the uncovered
ones into recurring problems, `report` computes the figures and `output`
prints them. `command.py` is the `kb coverage` command.
"""
from __future__ import annotations

from .errors import CoverageError

__all__ = ["CoverageError"]

"""Rows of an export become tickets; a row that cannot be one is counted with its line and reason.

A ticket keeps only what coverage needs, its summary already masked (see
mask.py): nothing personal is held past this point.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from .columns import Columns, find_columns
from .mask import Masker
from .read import Cell, Export

NO_CATEGORY = "(sans catégorie)"
_DATE_FR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2})[:h](\d{2})(?::(\d{2}))?)?")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")
LEVEL1_WORDS = re.compile(r"(?:^|\b)(?:n1|niveau 1|niv 1|level 1|l1)(?:\b|$)")


@dataclass(slots=True)
class Ticket:
    line: int
    id: str
    created: datetime | None
    category: str
    summary: str  # masked
    level1: bool | None  # resolved at level 1; None when the export does not say


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str


@dataclass
class Tickets:
    tickets: list[Ticket] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    columns: Columns = field(default_factory=Columns)


def parse_date(value: Cell) -> datetime | None:
    """`02/12/2026 14:03`, `02/12/2026`, ISO; None when unreadable."""
    if isinstance(value, datetime):
        return value
    text = value.strip()
    match = _DATE_FR.fullmatch(text)
    try:
        if match:
            day, month, year, hour, minute, second = match.groups()
        else:
            match = _DATE_ISO.fullmatch(text)
            if not match:
                return None
            year, month, day, hour, minute, second = match.groups()
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None


def read_tickets(export: Export, mapping: Mapping[str, str] | None = None, level1_groups: Iterable[str] = (),
                 since: date | None = None, until: date | None = None) -> Tickets:
    """Every row of the export as a ticket or a rejected row; tickets outside since/until are left out."""
    columns = find_columns(export.header, mapping)
    at = columns.at
    width = len(export.header)
    level1 = {g.strip().casefold() for g in level1_groups if g.strip()}
    raw: list[tuple[int, list[Cell]]] = []
    masker = Masker()
    out = Tickets(columns=columns)
    for line, row in export.rows:
        if len(row) > width and any(str(c).strip() for c in row[width:]):
            out.rejected.append(Rejected(line, f"{len(row)} colonnes au lieu de {width}"))
            continue
        if len(row) < width:
            if export.format == "csv" or len(row) <= at["summary"]:
                out.rejected.append(Rejected(line, f"{len(row)} colonnes au lieu de {width}"))
                continue
            row = row + [""] * (width - len(row))
        if "requester" in at:
            masker.add(str(row[at["requester"]]))
        raw.append((line, row))
    for line, row in raw:
        summary = str(row[at["summary"]]).strip()
        if not summary:
            out.rejected.append(Rejected(line, "objet vide"))
            continue
        created = None
        if "created" in at:
            value = row[at["created"]]
            created = parse_date(value)
            if created is None:
                out.rejected.append(Rejected(line, f"date de création illisible « {value} »"))
                continue
            if (since and created.date() < since) or (until and created.date() > until):
                continue
        requester = str(row[at["requester"]]) if "requester" in at else ""
        category = " ".join(str(row[at["category"]]).split()) if "category" in at else ""
        out.tickets.append(Ticket(line, str(row[at["id"]]).strip() if "id" in at else str(line), created,
                                  category or NO_CATEGORY, masker.mask(summary, requester),
                                  _level1(row, at, level1)))
    out.rejected.sort(key=lambda r: r.line)
    return out


def _level1(row: list[Cell], at: dict[str, int], groups: set[str]) -> bool | None:
    """Resolved at level 1: « Résolu par » (or else the resolution group) names a level-1 group."""
    for key in ("resolved_by", "group"):
        if key in at:
            value = str(row[at[key]]).strip()
            folded = value.casefold()
            return folded in groups or bool(LEVEL1_WORDS.search(folded))
    return None

"""The generated export saved as spreadsheets, the way Excel and LibreOffice users send them."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from make_export import HEADER


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    """As Excel saves it: dates as real dates."""
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        cells: list[object] = list(row)
        if len(row) > 1:
            try:
                cells[1] = datetime.strptime(row[1], "%d/%m/%Y %H:%M")
            except ValueError:
                pass
        sheet.append(cells)
    book.save(path)


def write_ods(path: Path, rows: list[list[str]]) -> None:
    """As LibreOffice saves a sheet typed by hand: every cell text."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Export")
    for row in [HEADER, *rows]:
        line = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            for part in value.split("\n"):
                cell.addElement(P(text=part))
            line.addElement(cell)
        table.addElement(line)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))

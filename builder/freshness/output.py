"""`kb freshness` output: rich tables for people, JSON and CSV (schemas in the README) for tools."""
from __future__ import annotations

import csv
import io
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from builder.content.fr import days, french_date, percent
from builder.freshness.figures import Figures, HistoryRow, Line, Report
from builder.freshness.review_state import State

FIGURE_COLUMNS = ("at", "published", "fresh", "due_soon", "overdue", "pil05", "target", "met")
GROUP_LABELS = {"domain": "Domaine", "owner": "Responsable"}


def met_label(met: bool | None) -> str:
    return "—" if met is None else "oui" if met else "non"


def lateness(line: Line) -> str:
    """« en retard de 12 jours », « échéance aujourd'hui », « dans 5 jours », « jamais revu »."""
    if line.due is None:
        return "jamais revu" if line.item.reviewed is None else "sans intervalle de revue"
    late = line.days_late or 0
    if late > 0:
        return f"en retard de {days(late)}"
    return "échéance aujourd'hui" if late == 0 else f"dans {days(-late)}"


def remarks(line: Line) -> str:
    parts = []
    if line.modified:
        parts.append("modifié sans revue" + (" (non validé)" if line.modified.uncommitted
                                             else f" le {french_date(line.modified.day)}"))
    if line.cites_overdue:
        parts.append("dépend d'un élément en retard : " + ", ".join(line.cites_overdue))
    return "\n".join(parts)


# -- JSON and CSV ---------------------------------------------------------------------------
def report_json(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = {**report.figures.as_dict(), "items": [line.as_dict() for line in report.lines]}
    if report.by:
        data["by"] = report.by
        data["groups"] = [{report.by: key, **figs.as_dict()} for key, figs in report.groups.items()]
    return data


def history_json(rows: list[HistoryRow], by: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"history": [d for row in rows for d in row.as_dicts(by)]}
    if by:
        data["by"] = by
    return data


def report_csv(report: Report) -> str:
    if report.by:
        return _csv([report.by, *FIGURE_COLUMNS], [{report.by: key, **figs.as_dict()}
                                                   for key, figs in report.groups.items()])
    return _csv(list(FIGURE_COLUMNS), [report.figures.as_dict()])


def history_csv(rows: list[HistoryRow], by: str | None) -> str:
    columns = ["period", *([by] if by else []), *FIGURE_COLUMNS]
    return _csv(columns, [d for row in rows for d in row.as_dicts(by)])


def _csv(columns: list[str], rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[c] is None else str(row[c]).lower() if isinstance(row[c], bool) else row[c]
                         for c in columns])
    return out.getvalue()


# -- tables ---------------------------------------------------------------------------------
def headline(figures: Figures) -> str:
    verdict = {None: "aucun élément publié", True: "objectif atteint", False: "objectif non atteint"}[figures.met]
    return (f"PIL-05 au {french_date(figures.at)} : {percent(figures.pil05)} "
            f"(objectif {percent(figures.target)}) : {verdict}")


def console() -> Console:
    """A console for stdout: the terminal's width, or 160 columns when piped."""
    screen = Console()
    return screen if screen.is_terminal else Console(width=160)


FIGURE_HEADERS = ("Publiés", "À jour", "dont bientôt", "En retard", "PIL-05")
LEGEND = "« À jour » compte aussi les éléments « à revoir bientôt » (dont bientôt)."


def _figures_table(title: str, first: str | None, rows: list[tuple[str, Figures]]) -> Table:
    table = Table(title=title, title_justify="left")
    if first:
        table.add_column(first, no_wrap=True)
    for name in FIGURE_HEADERS:
        table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    for key, figs in rows:
        cells = [str(figs.published), str(figs.fresh), str(figs.due_soon), str(figs.overdue), percent(figs.pil05)]
        table.add_row(*([escape(key)] if first else []), *cells)
    return table


def print_report(report: Report, console: Console) -> None:
    console.print(escape(headline(report.figures)), highlight=False)
    rows = [("Total", report.figures)]
    if report.by:
        rows = [*report.groups.items(), *rows]
    console.print(_figures_table("Éléments publiés", GROUP_LABELS.get(report.by or ""), rows), highlight=False)
    console.print(LEGEND, highlight=False)
    if not report.lines:
        console.print("Rien à revoir : tous les éléments publiés sont à jour.")
        return
    table = Table(title="À revoir, du plus urgent au moins urgent", title_justify="left")
    for name, wrap in (("Id", False), ("Titre", True), ("Responsable", False), ("Échéance", False),
                       ("État", False), ("Remarques", True)):
        table.add_column(name, no_wrap=not wrap, overflow="fold")
    labels = {State.OVERDUE: "en retard", State.DUE_SOON: "à revoir bientôt", State.FRESH: "à jour"}
    for line in report.lines:
        state = labels[line.state] if line.state is State.FRESH else lateness(line)
        table.add_row(escape(line.item.id), escape(line.item.title), escape(line.item.owner or "—"),
                      french_date(line.due), state, escape(remarks(line)))
    console.print(table, highlight=False)


def print_history(rows: list[HistoryRow], by: str | None, console: Console) -> None:
    table = Table(title="PIL-05 mois par mois (chaque mois à son dernier jour)", title_justify="left")
    for name in ("Mois", *([GROUP_LABELS[by]] if by else []), "Date"):
        table.add_column(name, no_wrap=True)
    for name in (*FIGURE_HEADERS, "Objectif", "Atteint"):
        table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    for row in rows:
        groups = list(row.groups.items()) if by else [("", row.figures)]
        for key, figs in groups:
            table.add_row(row.period.label, *([escape(key)] if by else []), french_date(figs.at),
                          str(figs.published), str(figs.fresh), str(figs.due_soon), str(figs.overdue),
                          percent(figs.pil05), percent(figs.target), met_label(figs.met))
    console.print(table, highlight=False)
    console.print(LEGEND, highlight=False)

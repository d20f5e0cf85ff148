"""A coverage report as a reader wants it: a French text table, JSON (documented, stable), CSV for audit."""
from __future__ import annotations

import csv
import io
import json

from .report import Report
from .usage_rate import NONE, OVER, any_over, period_note

CSV_HEADER = ["ticket", "ligne", "date", "categorie", "couvert_par", "comment", "score", "niveau1"]
HOW = {"category": "catégorie", "search": "recherche"}
CATEGORY_ROWS = 15


def percent(part: int | float, whole: int | float) -> str:
    if not whole:
        return "–"
    return f"{100 * part / whole:.1f} %".replace(".", ",")


def as_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


def as_csv(report: Report) -> str:
    """One row per ticket: which item covers it, how, with what score (for audit)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for ticket, coverage in report.matched:
        writer.writerow([ticket.id, ticket.line, ticket.created.strftime("%Y-%m-%d %H:%M") if ticket.created else "",
                         ticket.category, coverage.item or "", HOW.get(coverage.how, ""),
                         f"{coverage.score:.3f}", "" if ticket.level1 is None else ("oui" if ticket.level1 else "non")])
    return out.getvalue()


def as_text(report: Report) -> str:
    lines: list[str] = []
    start, end = report.period
    period = f" du {start:%d/%m/%Y} au {end:%d/%m/%Y}" if start and end else ""
    lines.append(f"Couverture des tickets de {report.source}{period}")
    lines.append("")
    how = ", ".join(f"{n} par {HOW.get(k, k)}" for k, n in sorted(report.by_how.items()))
    lines.append(f"{report.tickets} tickets, dont {report.covered} couverts par la base "
                 f"({percent(report.covered, report.tickets)}){' : ' + how if how else ''}.")
    if report.rejected:
        shown = ", ".join(str(r.line) for r in report.rejected[:10])
        more = " …" if len(report.rejected) > 10 else ""
        lines.append(f"{len(report.rejected)} ligne(s) écartée(s) (lignes {shown}{more}) : voir --format json.")
    covered, uncovered = report.shift_left["covered"], report.shift_left["uncovered"]
    if covered.known or uncovered.known:
        lines.append(f"Résolus au niveau 1 : {_rate(covered.rate)} des tickets couverts, "
                     f"{_rate(uncovered.rate)} des tickets non couverts.")
    lines.append("")
    lines.append("Catégories par volume (Pareto)")
    width = max([len(c.category) for c in report.categories[:CATEGORY_ROWS]] + [9])
    lines.append(f"  {'Catégorie':<{width}}  {'Tickets':>7}  {'Cumul':>7}  {'Couverts':>8}  {'Niveau 1':>8}")
    for row in report.categories[:CATEGORY_ROWS]:
        lines.append(f"  {row.category:<{width}}  {row.tickets:>7}  {percent(row.cumulative, 1):>7}  "
                     f"{percent(row.covered, row.tickets):>8}  {percent(row.level1, row.tickets):>8}")
    if len(report.categories) > CATEGORY_ROWS:
        lines.append(f"  … et {len(report.categories) - CATEGORY_ROWS} autres catégories (--format json)")
    lines.append("")
    if report.months:
        lines.append("Par mois")
        for month in report.months:
            lines.append(f"  {month.month}  {month.tickets:>6} tickets  couverts {percent(month.covered, month.tickets):>7}"
                         f"  niveau 1 {percent(month.level1, month.tickets):>7}")
        lines.append("")
    lines += _usage_rate(report)
    if not report.gaps:
        lines.append("Aucun problème récurrent sans connaissance.")
    else:
        lines.append(f"Les {len(report.gaps)} problèmes récurrents sans connaissance")
        for rank, gap in enumerate(report.gaps, 1):
            lines.append(f"{rank:>3}. {gap.label} — {gap.tickets} tickets")
            lines.append(f"     Catégories : {', '.join(gap.categories)}")
            lines.append(f"     Mots-clés : {', '.join(gap.terms)}")
            for example in gap.examples:
                lines.append(f"     · {example}")
    return "\n".join(lines)


def _usage_rate(report: Report) -> list[str]:
    """The usage rate section (with --usage): walks of the category's trees per level-1 ticket."""
    if report.usage_rate is None:
        return []
    lines = ["Taux d'utilisation des arbres (parcours sur le site des agents / tickets résolus au niveau 1)",
             "  " + period_note(report.period, report.usage_period)]
    if not report.usage_rate:
        return [*lines, "  " + NONE, ""]
    width = max([len(r.category) for r in report.usage_rate] + [9])
    lines.append(f"  {'Catégorie':<{width}}  {'Tickets N1':>10}  {'Parcours':>8}  {'Taux':>8}")
    for row in report.usage_rate:
        lines.append(f"  {row.category:<{width}}  {row.level1_tickets:>10}  {row.walks:>8}  {row.shown:>8}")
    if any_over(report.usage_rate):
        lines.append("  " + OVER)
    return [*lines, ""]


def _rate(rate: float | None) -> str:
    return "–" if rate is None else percent(rate, 1)

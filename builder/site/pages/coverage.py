"""The site's « Couverture » page (`kb build --tickets FILE`): which tickets the knowledge answers.

Made from the report of `kb coverage` on the same export: the Pareto chart of
the categories (an SVG drawn at build time), the level-1 resolution of covered
and uncovered tickets, the months, the recurring problems without knowledge,
and with `--usage` the usage rate per category. Every figure of the chart is
also in an HTML table, so the page reads without JavaScript. Ticket text is
hostile input: everything that comes from the export is escaped, and the
tables are written as HTML, never as Markdown. The report's texts are already
masked (builder/coverage/mask.py): no name, address or phone number reaches
the page.
"""
from __future__ import annotations

from collections.abc import Callable
from html import escape

from builder.content.fr import french_date, percent
from builder.coverage.report import CategoryRow, Level1, Report
from builder.coverage.usage_rate import NONE, OVER, any_over, period_note
from builder.model import Base
from builder.site.pages.html import link, table

PAGE = "couverture.md"
BARS = 15  # categories drawn; the table lists them all
WIDTH, PLOT_H = 760, 240
LEFT, RIGHT, TOP, BOTTOM = 96, 60, 24, 170
COVERED, UNCOVERED, CUMULATIVE, GUIDE = "#2e7d32", "#ffb74d", "#1565c0", "#616161"
HOW = {"category": "par catégorie", "search": "par recherche"}


def _share(part: int, whole: int) -> str:
    return percent(part / whole) if whole else "—"


def _describe(rows: list[CategoryRow], total: int) -> str:
    shown = " ; ".join(f"{r.category} : {r.tickets} tickets dont {r.covered} couverts, cumul {percent(r.cumulative)}"
                       for r in rows)
    more = f" ; {total - len(rows)} autres catégories dans le tableau" if total > len(rows) else ""
    return f"Catégories de tickets par volume, de la plus fréquente à la moins fréquente. {shown}{more}."


def pareto_chart(categories: list[CategoryRow]) -> str:
    """Vertical bars (tickets per category, the covered part filled dark) and the cumulative share as a line."""
    rows = categories[:BARS]
    if not rows:
        return ""
    most = max(r.tickets for r in rows)
    plot_w = WIDTH - LEFT - RIGHT
    step = plot_w / len(rows)
    base_y = TOP + PLOT_H

    def y_count(value: int) -> float:
        return base_y - PLOT_H * value / most

    def y_share(value: float) -> float:
        return base_y - PLOT_H * value

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart" viewBox="0 0 {WIDTH} {TOP + PLOT_H + BOTTOM}" '
           'width="100%" role="img" aria-labelledby="coverage-pareto-title coverage-pareto-desc" '
           'font-family="sans-serif" font-size="12">',
           '<title id="coverage-pareto-title">Pareto des catégories de tickets et leur couverture</title>',
           f'<desc id="coverage-pareto-desc">{escape(_describe(rows, len(categories)))}</desc>']
    out += _axes(most, base_y, y_count, y_share)
    points = []
    for number, row in enumerate(rows):
        x = LEFT + number * step
        out += _bar(row, x, step, y_count)
        cx, cy = x + step / 2, y_share(row.cumulative)
        points.append((cx, cy, row))
        out.append(f'<text transform="translate({cx:.1f},{base_y + 10}) rotate(-55)" text-anchor="end" '
                   f'fill="currentColor">{escape(_short(row.category))}</text>')
    out.append('<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>'.format(
        CUMULATIVE, " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy, _ in points)))
    for cx, cy, row in points:
        out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{CUMULATIVE}">'
                   f'<title>{escape(row.category)} : cumul {percent(row.cumulative)}</title></circle>')
    out += _legend(TOP + PLOT_H + BOTTOM - 14)
    out.append("</svg>")
    return "".join(out)


def _short(category: str, limit: int = 26) -> str:
    return category if len(category) <= limit else category[:limit - 1] + "…"


def _axes(most: int, base_y: float, y_count: Callable[[int], float], y_share: Callable[[float], float]) -> list[str]:
    right = WIDTH - RIGHT
    out = [f'<line x1="{LEFT}" y1="{base_y}" x2="{right}" y2="{base_y}" stroke="currentColor"/>',
           f'<text x="{LEFT - 6}" y="{y_count(most) + 4:.1f}" text-anchor="end" fill="currentColor">{most}</text>',
           f'<text x="{LEFT - 6}" y="{base_y + 4}" text-anchor="end" fill="currentColor">0</text>',
           f'<text x="{LEFT - 6}" y="{TOP - 10}" text-anchor="end" fill="currentColor">tickets</text>',
           f'<text x="{right + 6}" y="{TOP - 10}" fill="currentColor">cumul</text>']
    for share in (0.0, 0.5, 1.0):
        out.append(f'<text x="{right + 6}" y="{y_share(share) + 4:.1f}" fill="currentColor">{percent(share)}</text>')
    guide = y_share(0.8)  # the Pareto rule's 80 %
    out.append(f'<line x1="{LEFT}" y1="{guide:.1f}" x2="{right}" y2="{guide:.1f}" stroke="{GUIDE}" '
               'stroke-dasharray="6 4"/>'
               f'<text x="{right + 6}" y="{guide + 4:.1f}" fill="currentColor">80 %</text>')
    return out


def _bar(row: CategoryRow, x: float, step: float, y_count: Callable[[int], float]) -> list[str]:
    """One category: the uncovered tickets (light, outlined) stacked on the covered ones (dark)."""
    width = max(step * 0.7, 1.0)
    left = x + (step - width) / 2
    top, middle, bottom = y_count(row.tickets), y_count(row.covered), y_count(0)
    label = escape(row.category)
    out = []
    if row.covered:
        out.append(f'<rect x="{left:.1f}" y="{middle:.1f}" width="{width:.1f}" height="{bottom - middle:.1f}" '
                   f'fill="{COVERED}"><title>{label} : {row.covered} tickets couverts</title></rect>')
    if row.tickets > row.covered:
        out.append(f'<rect x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" height="{middle - top:.1f}" '
                   f'fill="{UNCOVERED}" stroke="{GUIDE}"><title>{label} : {row.tickets - row.covered} tickets '
                   'non couverts</title></rect>')
    out.append(f'<text x="{x + step / 2:.1f}" y="{top - 4:.1f}" text-anchor="middle" fill="currentColor">'
               f'{row.tickets}</text>')
    return out


def _legend(y: float) -> list[str]:
    out, x = [], LEFT
    for colour, label, stroke in ((COVERED, "tickets couverts", ""), (UNCOVERED, "non couverts", GUIDE)):
        outline = f' stroke="{stroke}"' if stroke else ""
        out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"{outline}/>'
                   f'<text x="{x + 16}" y="{y}" fill="currentColor">{label}</text>')
        x += 150
    out.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 24}" y2="{y - 4}" stroke="{CUMULATIVE}" stroke-width="2"/>'
               f'<circle cx="{x + 12}" cy="{y - 4}" r="4" fill="{CUMULATIVE}"/>'
               f'<text x="{x + 30}" y="{y}" fill="currentColor">part cumulée des tickets</text>')
    return out


def _summary(report: Report) -> str:
    start, end = report.period
    period = f" du {french_date(start)} au {french_date(end)}" if start and end else ""
    how = ", ".join(f"{n} {HOW.get(k, k)}" for k, n in sorted(report.by_how.items()))
    rejected = (f" {len(report.rejected)} ligne(s) de l'export écartée(s) (illisibles ; voir kb coverage)."
                if report.rejected else "")
    return (f"<p>Tickets de l'export « {escape(report.source)} »{period} : {report.tickets} tickets, dont "
            f"<strong>{report.covered} couverts par la base ({_share(report.covered, report.tickets)})</strong>"
            f"{' : ' + escape(how) if how else ''}.{escape(rejected)} Un ticket est couvert par un élément publié "
            "qui déclare sa catégorie, ou que la recherche trouve pour son objet avec une confiance d'au moins "
            f"{escape(f'{report.threshold:.2f}'.replace('.', ','))}. Chiffres calculés par « kb coverage » ; noms, "
            "adresses électroniques et numéros de téléphone des tickets masqués.</p>")


def _level1_rows(shift: dict[str, Level1]) -> list[list[str]]:
    rows = []
    for key, label in (("covered", "Couverts par la base"), ("uncovered", "Non couverts")):
        figures = shift[key]
        rows.append([label, str(figures.tickets), str(figures.known), str(figures.level1),
                     "—" if figures.rate is None else percent(figures.rate)])
    return rows


def _category_rows(base: Base, report: Report) -> list[list[str]]:
    return [[escape(r.category), str(r.tickets), percent(r.cumulative), str(r.covered), _share(r.covered, r.tickets),
             str(r.level1), _share(r.level1, r.tickets),
             ", ".join(link(base, item, item, PAGE) for item in r.items) or "—"]
            for r in report.categories]


def _usage_section(report: Report) -> list[str]:
    if report.usage_rate is None:
        return []
    parts = ["## Taux d'utilisation des arbres", "",
             "<p>Par catégorie déclarée par un arbre : ses parcours sur le site des agents rapportés aux tickets "
             f"résolus au niveau 1. {escape(period_note(report.period, report.usage_period))}</p>", ""]
    if not report.usage_rate:
        return parts + [f"<p>{escape(NONE)}</p>", ""]
    parts.append(table(("Catégorie", "Tickets résolus au niveau 1", "Parcours", "Taux d'utilisation", "Arbres"),
                       [[escape(r.category), str(r.level1_tickets), str(r.walks), escape(r.shown),
                         ", ".join(escape(t) for t in r.trees)] for r in report.usage_rate]))
    if any_over(report.usage_rate):
        parts += ["", f"<p>{escape(OVER)}</p>"]
    return parts + [""]


def _gap_rows(report: Report) -> list[list[str]]:
    return [[str(rank), escape(g.label), str(g.tickets), escape(", ".join(g.categories)), escape(", ".join(g.terms)),
             "<ul>" + "".join(f"<li>{escape(e)}</li>" for e in g.examples) + "</ul>"]
            for rank, g in enumerate(report.gaps, 1)]


def coverage_page(base: Base, report: Report) -> str:
    """The page's Markdown (front matter, headings; the rest is HTML)."""
    parts = ["---", 'title: "Couverture"', "---", "", "# Couverture", "", _summary(report), "",
             "## Résolution au niveau 1", "",
             "<p>La mesure du « shift-left » : les tickets que la base couvre sont-ils plus souvent résolus "
             "au niveau 1 ?</p>",
             table(("Tickets", "Nombre", "Dont résolveur connu", "Résolus au niveau 1", "Taux"),
                   _level1_rows(report.shift_left)), "",
             "## Catégories par volume (Pareto)", ""]
    if report.categories:
        parts += [pareto_chart(report.categories), "",
                  table(("Catégorie", "Tickets", "Cumul", "Couverts", "Couverture", "Niveau 1", "Taux niveau 1",
                         "Éléments qui couvrent"), _category_rows(base, report)), ""]
    else:
        parts += ["<p>Aucun ticket sur la période.</p>", ""]
    parts += _usage_section(report)
    parts += ["## Par mois", "",
              table(("Mois", "Tickets", "Couverts", "Couverture", "Niveau 1", "Taux niveau 1"),
                    [[m.month, str(m.tickets), str(m.covered), _share(m.covered, m.tickets), str(m.level1),
                      _share(m.level1, m.tickets)] for m in report.months])
              if report.months else "<p>L'export ne donne pas la date de création des tickets.</p>", "",
              "## Problèmes récurrents sans connaissance", "",
              "<p>Les tickets non couverts, regroupés par problème : les prochains arbres et articles "
              "à écrire.</p>",
              table(("Rang", "Problème", "Tickets", "Catégories", "Mots-clés", "Exemples"), _gap_rows(report))
              if report.gaps else "<p>Aucun problème récurrent sans connaissance.</p>", ""]
    return "\n".join(parts)

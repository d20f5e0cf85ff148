"""The site's « Tableau de bord » page: PIL-05 now, month by month and forecast, by domain and owner, what is late.

`dashboard_page(base, today)` gathers everything (git history included, when
the base is in a repository) and returns the page's Markdown; the site
generator writes it as `tableau-de-bord.md`. Links to items are relative links
to their generated Markdown files (urls.docs_file), which MkDocs checks and
turns into page addresses. The forecast (nothing reviewed) follows the history
on the chart; the review plan (`kb review --plan`, smallest weekly cap) shows
its weekly load.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import date

from builder.content import urls
from builder.site.pages.chart import Point, load_chart, pil05_chart
from builder.site.sanitize import md_text
from builder.content.fr import french_date, percent
from builder.freshness.figures import (Figures, HistoryRow, Line, Period, Report, counted, current_report, grouped, history,
                        periods)
from builder.freshness.forecast import Forecast, forecast, month_ends
from builder.freshness.output import headline, lateness, met_label
from builder.freshness.plan import Outcome
from builder.freshness.plan_hint import remembered_plan
from builder.freshness.plan_output import verdict
from builder.content.git import GitError
from builder.model import Base, Config, Item
from builder.freshness.modified import modified_since_review
from builder.freshness.review_state import State

PAGE = "tableau-de-bord.md"


@dataclass
class DashboardData:
    report: Report  # now, with the items to review
    by_domain: dict[str, Figures]
    by_owner: dict[str, Figures]
    history: list[HistoryRow]
    history_problem: str = ""  # why there is no history (not a git repository…)
    forecast: Forecast | None = None  # the current month end, then the next ones, nothing reviewed
    plan: Outcome | None = None  # the review plan with the smallest weekly cap, over the same months


def last_months(today: date, count: int) -> list[Period]:
    """The `count` months up to the current one (taken at today)."""
    year, month = today.year, today.month - count + 1
    while month < 1:
        year, month = year - 1, month + 12
    return periods(f"{year}-{month:02d}..{today.year}-{today.month:02d}", today)


def dashboard_data(base: Base, today: date, months: int = 12) -> DashboardData:
    report = current_report(base, today, modified_since_review(base.root, base, today))
    items = counted(base.items)
    problem = ""
    try:
        rows = history(base.root, last_months(today, months), today)
    except GitError as error:
        rows, problem = [], str(error)
    ahead = forecast(base.config, items, today, months + 1)
    plan = remembered_plan(base.root, base.config, items, today, month_ends(today, months + 1)[-1])
    return DashboardData(report, grouped(items, base.config, today, "domain"),
                         grouped(items, base.config, today, "owner"), rows, problem, ahead, plan)


def dashboard_page(base: Base, today: date, page: str = PAGE, months: int = 12) -> str:
    return dashboard_markdown(dashboard_data(base, today, months), base.config, page)


def _link(item: Item, page: str) -> str:
    target = posixpath.relpath(urls.docs_file(item), posixpath.dirname(page) or ".")
    return f"[{md_text(item.id)}]({target})"


def _cell(text: str) -> str:
    return md_text(text)


def _figures_rows(first: str, groups: list[tuple[str, Figures]]) -> list[str]:
    lines = [f"| {first} | Publiés | À jour | dont à revoir bientôt | En retard | PIL-05 | Objectif atteint |",
             "|---|--:|--:|--:|--:|--:|:-:|"]
    for label, figs in groups:
        lines.append(f"| {_cell(label)} | {figs.published} | {figs.fresh} | {figs.due_soon} | {figs.overdue} "
                     f"| {percent(figs.pil05)} | {met_label(figs.met)} |")
    return lines


def _items_table(lines: list[Line], page: str, what: str) -> list[str]:
    out = [f"| Élément | Titre | Responsable | Échéance | {what} |", "|---|---|---|---|---|"]
    for line in lines:
        item = line.item
        if what == "État":
            detail = lateness(line)
        elif what == "Modifié le":
            detail = "non validé dans git" if line.modified and line.modified.uncommitted \
                else french_date(line.modified.day if line.modified else None)
        else:
            detail = ", ".join(line.cites_overdue)
        out.append(f"| {_link(item, page)} | {_cell(item.title)} | {_cell(item.owner or '—')} "
                   f"| {french_date(line.due)} | {_cell(detail)} |")
    return out


def dashboard_markdown(data: DashboardData, config: Config, page: str = PAGE) -> str:
    now = data.report.figures
    out = ["# Tableau de bord", "",
           f"**{headline(now)}.**", "",
           "PIL-05 est la part des éléments publiés (articles et arbres) dont la revue n'a pas dépassé son "
           "échéance : date de la dernière revue plus l'intervalle de revue de l'élément.", ""]
    out += _figures_rows("Au " + french_date(now.at), [("Base entière", now)]) + [""]
    out += ["## Évolution mois par mois", ""]
    if data.history:
        points = [Point(r.period.label, r.figures.pil05, r.figures.met) for r in data.history]
        ahead = [Point(m.month, m.figures.pil05, m.figures.met) for m in data.forecast.months[1:]] \
            if data.forecast else []
        out += ["<div class=\"kb-dashboard-chart\">", pil05_chart(points, now.target, forecast=ahead), "</div>", "",
                "Chaque mois est pris à son dernier jour (le mois en cours à la date de construction du site).", "",
                "| Mois | Publiés | À jour | En retard | PIL-05 | Objectif | Atteint |", "|---|--:|--:|--:|--:|--:|:-:|"]
        for row in data.history:
            f = row.figures
            out.append(f"| {row.period.label} | {f.published} | {f.fresh} | {f.overdue} | {percent(f.pil05)} "
                       f"| {percent(f.target)} | {met_label(f.met)} |")
    else:
        out.append(f"Historique indisponible : {md_text(data.history_problem or 'aucun mois à afficher')}.")
    out += _forecast_section(data) + _plan_section(data, page)
    out += ["", "## Par domaine", ""]
    out += _figures_rows("Domaine", [(config.domains.get(k, k), f) for k, f in data.by_domain.items()])
    out += ["", "## Par responsable", ""]
    out += _figures_rows("Responsable", list(data.by_owner.items()))
    sections = [
        ("En retard", [ln for ln in data.report.lines if ln.state is State.OVERDUE], "État"),
        ("À revoir bientôt", [ln for ln in data.report.lines if ln.state is State.DUE_SOON], "État"),
        ("Modifiés sans revue", [ln for ln in data.report.lines if ln.modified], "Modifié le"),
        ("Arbres qui dépendent d'un élément en retard", [ln for ln in data.report.lines if ln.cites_overdue],
         "Éléments en retard cités"),
    ]
    for title, lines, what in sections:
        out += ["", f"## {title}", ""]
        out += _items_table(lines, page, what) if lines else ["Aucun."]
    out.append("")
    return "\n".join(out)


def _forecast_section(data: DashboardData) -> list[str]:
    if data.forecast is None or not data.forecast.months:
        return []
    out = ["", "## Prévision si rien n'est revu", "",
           "Ce que deviendrait PIL-05 à chaque fin de mois si personne ne revoyait rien "
           "(`kb freshness --forecast`) : la ligne en pointillé du graphique.", "",
           "| Mois | PIL-05 prévu | En retard | Échéances du mois | Atteint |", "|---|--:|--:|--:|:-:|"]
    for month in data.forecast.months:
        f = month.figures
        out.append(f"| {month.month} | {percent(f.pil05)} | {f.overdue} | {month.coming_due} | {met_label(f.met)} |")
    return out


def _plan_section(data: DashboardData, page: str) -> list[str]:
    if data.plan is None:
        return []
    plan = data.plan.plan
    out = ["", "## Plan de revue", "", verdict(data.plan) + " Le détail, par responsable : `kb review --plan` "
           "(et `--ics` pour l'importer dans un agenda).", ""]
    if plan.reviews:
        out += ["<div class=\"kb-dashboard-chart\">", load_chart(plan.load(), plan.per_week), "</div>", ""]
        first_weeks = list(dict.fromkeys(r.week for r in plan.reviews))[:2]
        out += ["Les revues des deux premières semaines du plan :", "",
                "| Semaine | À revoir le | Élément | Titre | Responsable | Échéance |", "|---|---|---|---|---|---|"]
        for review in plan.reviews:
            if review.week in first_weeks:
                out.append(f"| {review.week} | {french_date(review.review_by)} | {_link(review.item, page)} "
                           f"| {_cell(review.item.title)} | {_cell(review.item.owner or '—')} "
                           f"| {french_date(review.due, 'jamais revu')} |")
    return out

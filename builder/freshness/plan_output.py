"""What `kb freshness --forecast` and `kb review --plan` print: rich tables for people, JSON and CSV for tools."""
from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from builder.content.fr import french_date, percent
from builder.freshness.forecast import Forecast
from builder.freshness.output import _csv, met_label
from builder.freshness.plan import Outcome, Plan, Review

def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count < 2 else (many or word + 's')}"


FORECAST_COLUMNS = ("month", "at", "pil05", "overdue", "coming_due")
PLAN_COLUMNS = ("id", "title", "owner", "due", "review_by", "week")


# -- the forecast -----------------------------------------------------------------------------
def forecast_csv(result: Forecast) -> str:
    return _csv(list(FORECAST_COLUMNS), [m.as_dict() for m in result.months])


def print_forecast(result: Forecast, console: Console) -> None:
    table = Table(title=f"PIL-05 prévu si rien n'est revu à partir du {french_date(result.start)} "
                        "(chaque mois à son dernier jour)", title_justify="left")
    for name in ("Mois", "Date"):
        table.add_column(name, no_wrap=True)
    for name in ("PIL-05", "Objectif", "Atteint", "En retard", "Échéances du mois"):
        table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    for month in result.months:
        figs = month.figures
        table.add_row(month.month, french_date(figs.at), percent(figs.pil05), percent(figs.target),
                      met_label(figs.met), str(figs.overdue), str(month.coming_due))
    console.print(table, highlight=False)
    first_miss = next((m for m in result.months if m.figures.met is False), None)
    if all(m.figures.pil05 is None for m in result.months):
        console.print("Aucun élément publié : PIL-05 n'est pas défini.", highlight=False)
    elif first_miss is None:
        console.print(f"L'objectif de {percent(result.target)} tient jusqu'au {french_date(result.months[-1].figures.at)} "
                      "sans aucune revue.", highlight=False)
    else:
        console.print(f"Sans revue, PIL-05 passe sous l'objectif de {percent(result.target)} au "
                      f"{french_date(first_miss.figures.at)} ({percent(first_miss.figures.pil05)}) : "
                      "« kb review --plan » propose un calendrier qui l'évite.", highlight=False)
    weeks = Table(title="Échéances par semaine (semaines ISO ; une semaine sans échéance n'est pas listée)",
                  title_justify="left")
    weeks.add_column("Semaine", no_wrap=True)
    weeks.add_column("Échéances", justify="right")
    weeks.add_column("", no_wrap=True)
    peak = max((count for _, count in result.weeks), default=0)
    for week, count in result.weeks:
        if count:
            weeks.add_row(week, str(count), "█" * max(1, round(30 * count / peak)))
    if peak:
        console.print(weeks, highlight=False)


# -- the plan ---------------------------------------------------------------------------------
def plan_json(outcome: Outcome, reviews: list[Review]) -> dict[str, Any]:
    plan = outcome.plan
    return {"version": 1, "per_week": plan.per_week, "target": plan.target, "from": plan.start.isoformat(),
            "until": plan.until.isoformat(), "feasible": plan.feasible, "smallest_per_week": outcome.smallest,
            "plan": [r.as_dict() for r in reviews],
            "months": [{"month": f"{f.at.year}-{f.at.month:02d}", "at": f.at.isoformat(),
                        "pil05": None if f.pil05 is None else round(f.pil05, 4), "met": f.met}
                       for f in plan.months],
            "weeks": [{"week": week, "reviews": count} for week, count in plan.load()]}


def plan_csv(reviews: list[Review]) -> str:
    return _csv(list(PLAN_COLUMNS), [r.as_dict() for r in reviews])


def verdict(outcome: Outcome) -> str:
    """One French sentence: the N used, whether it keeps the target, the smallest N that would."""
    plan, smallest = outcome.plan, outcome.smallest
    target = percent(plan.target)
    span = f"du {french_date(plan.start)} au {french_date(plan.until)}"
    if outcome.asked is None:
        if smallest is None:
            return f"Aucun plan ne tient l'objectif de {target} {span}, même en revoyant tout chaque semaine."
        return (f"Plan {span} : {plural(plan.per_week, 'revue')} par semaine au plus, le plus petit nombre "
                f"qui tient l'objectif de {target} à chaque fin de mois sans revue en retard.")
    if plan.feasible:
        return (f"Plan {span} : {plural(plan.per_week, 'revue')} par semaine au plus tient l'objectif de {target} "
                f"à chaque fin de mois" + (f" (le minimum serait {smallest})." if smallest is not None
                                           and smallest < plan.per_week else "."))
    hint = (f"il faut au moins {plural(smallest, 'revue')} par semaine" if smallest is not None
            else "aucun nombre de revues par semaine n'y suffit")
    return f"Avec {plural(plan.per_week, 'revue')} par semaine, aucun plan ne tient l'objectif de {target} {span} : {hint}."


def problems(plan: Plan) -> list[str]:
    """Why a plan fails, in French: the month ends below target, the reviews after their due date."""
    out = [f"PIL-05 au {french_date(f.at)} : {percent(f.pil05)} (objectif {percent(f.target)})" for f in plan.missed]
    if plan.late:
        out.append(f"{plural(len(plan.late), 'revue')} après l'échéance, dont {plan.late[0].item.id} "
                   f"(échéance le {french_date(plan.late[0].due)}, revue prévue le {french_date(plan.late[0].review_by)})")
    if plan.lapsed:
        item, due = plan.lapsed[0]
        verb = "passeraient leur" if len(plan.lapsed) > 1 else "passerait son"
        out.append(f"{plural(len(plan.lapsed), 'élément')} {verb} échéance sans revue, dont {item.id} "
                   f"(échéance le {french_date(due)})")
    if plan.without_interval:
        names = ", ".join(item.id for item in plan.without_interval[:5])
        out.append(f"{plural(len(plan.without_interval), 'élément publié', 'éléments publiés')} sans intervalle de revue (toujours en "
                   f"retard, une revue n'y change rien) : {names}{'…' if len(plan.without_interval) > 5 else ''}")
    return out


def print_plan(outcome: Outcome, reviews: list[Review], console: Console, owner: str | None = None) -> None:
    plan = outcome.plan
    console.print(escape(verdict(outcome)), highlight=False)
    for problem in problems(plan):
        console.print(f"  – {escape(problem)}", highlight=False)
    title = "Revues à faire" + (f" par {owner}" if owner else "") + ", semaine par semaine"
    table = Table(title=title, title_justify="left")
    for name, wrap in (("Semaine", False), ("À revoir le", False), ("Id", False), ("Titre", True),
                       ("Responsable", False), ("Échéance", False)):
        table.add_column(name, no_wrap=not wrap, overflow="fold")
    for review in reviews:
        table.add_row(review.week, french_date(review.review_by), escape(review.item.id), escape(review.item.title),
                      escape(review.item.owner or "—"), french_date(review.due, "jamais revu"))
    if reviews:
        console.print(table, highlight=False)
    else:
        console.print("Aucune revue à prévoir sur la période.", highlight=False)
    months = Table(title="PIL-05 à chaque fin de mois si le plan est suivi", title_justify="left")
    for name in ("Mois", "PIL-05", "Atteint"):
        months.add_column(name, justify="right" if name != "Mois" else "left", no_wrap=True)
    for figs in plan.months:
        months.add_row(f"{figs.at.year}-{figs.at.month:02d}", percent(figs.pil05), met_label(figs.met))
    console.print(months, highlight=False)
    if owner is None:
        load = Table(title="Charge par responsable", title_justify="left")
        for name in ("Responsable", "Revues", "Au plus dans une semaine"):
            load.add_column(name, justify="left" if name == "Responsable" else "right", no_wrap=True)
        for name, (total, peak) in plan.owner_load().items():
            load.add_row(escape(name), str(total), str(peak))
        console.print(load, highlight=False)

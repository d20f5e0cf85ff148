"""`kb usage` output: JSON (versioned, docs/usage.md) and CSV for tools, tables for people."""
from __future__ import annotations

import csv
import io
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..content.fr import french_date, percent
from .aggregate import TreeUsage, Usage
from .logread import ReadStats

JSON_VERSION = 1
CSV_COLUMNS = ("kind", "id", "title", "sessions", "resolved", "escalated", "abandoned", "copied",
               "median_seconds", "p90_seconds", "over_limit", "views", "portal_views", "count", "results")
TOP = 15


def _tree_json(tree: TreeUsage) -> dict[str, Any]:
    names = sorted(set(tree.visits) | set(tree.nodes))
    return {
        "id": tree.id, "title": tree.title, "sessions": tree.sessions, "resolved": tree.resolved,
        "escalated": tree.escalated, "abandoned": tree.abandoned, "copied": tree.copied,
        "restarts": tree.restarts, "median_seconds": tree.median_seconds, "p90_seconds": tree.p90_seconds,
        "over_limit": tree.over_limit,
        "nodes": {name: {"visits": tree.visits.get(name, 0), "answers": dict(sorted(tree.nodes.get(name, {}).items()))}
                  for name in names},
        "exits": dict(sorted(tree.exits.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def _articles(usage: Usage) -> list[dict[str, Any]]:
    rows = [{"id": aid, "title": title, "views": usage.articles.get(aid, {}).get("agents", 0),
             "portal_views": usage.articles.get(aid, {}).get("portal", 0)}
            for aid, title in usage.article_titles.items()]
    return sorted(rows, key=lambda r: (-(r["views"] + r["portal_views"]), r["id"]))


def report_json(usage: Usage, stats: ReadStats) -> dict[str, Any]:
    per_day = round(usage.sessions / usage.working_days, 2) if usage.working_days else None
    return {
        "version": JSON_VERSION,
        "period": {"from": usage.first.isoformat() if usage.first else None,
                   "to": usage.last.isoformat() if usage.last else None},
        "read": {"files": stats.files, "lines": stats.lines, "beacons": stats.beacons, "page_views": stats.views,
                 "unreadable": stats.unreadable, "invalid_beacons": usage.invalid, "broken_files": stats.broken},
        "sessions": usage.sessions, "working_days": usage.working_days, "sessions_per_working_day": per_day,
        "trees": [_tree_json(t) for t in usage.trees],
        "articles": _articles(usage),
        "searches": [{"query": s.query, "count": s.count, "results": s.results} for s in usage.searches],
        "weeks": [{"week": w.week, "sessions": w.sessions, "views": w.views, "searches": w.searches}
                  for w in usage.weeks],
        "unknown": [{"id": key, "events": n} for key, n in sorted(usage.unknown.items(), key=lambda kv: (-kv[1], kv[0]))],
    }


def report_csv(usage: Usage) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    blank = dict.fromkeys(CSV_COLUMNS, "")
    for tree in usage.trees:
        data = {k: v for k, v in _tree_json(tree).items() if k in CSV_COLUMNS and v is not None}
        row = {**blank, **data, "kind": "tree"}
        writer.writerow([row[c] for c in CSV_COLUMNS])
    for article in _articles(usage):
        writer.writerow([{**blank, **article, "kind": "article"}[c] for c in CSV_COLUMNS])
    for search in usage.searches:
        row = {**blank, "kind": "search", "id": search.query, "count": search.count,
               "results": "" if search.results is None else search.results}
        writer.writerow([row[c] for c in CSV_COLUMNS])
    for week in usage.weeks:
        row = {**blank, "kind": "week", "id": week.week, "sessions": week.sessions, "views": week.views,
               "count": week.searches}
        writer.writerow([row[c] for c in CSV_COLUMNS])
    return out.getvalue()


def minutes(seconds: int | None) -> str:
    """754 → « 12 min 34 s »; « — » when there is no ended walk."""
    if seconds is None:
        return "—"
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def _share(part: int, whole: int) -> str:
    return percent(part / whole) if whole else "—"


def print_report(usage: Usage, stats: ReadStats, console: Console) -> None:
    period = f"du {french_date(usage.first)} au {french_date(usage.last)}" if usage.first else "aucune donnée"
    console.print(f"Utilisation {period} : {usage.sessions} parcours d'arbre, "
                  f"{usage.working_days} jour{'s' if usage.working_days > 1 else ''} ouvré{'s' if usage.working_days > 1 else ''}"
                  + (f", {usage.sessions / usage.working_days:.1f} parcours par jour ouvré".replace(".", ",")
                     if usage.working_days else ""), highlight=False)
    trees = Table(title="Arbres (parcours, fins, durée jusqu'à la fin)", title_justify="left")
    trees.add_column("Arbre", no_wrap=True)
    trees.add_column("Titre", min_width=12, max_width=32, overflow="fold")
    for name in ("Parcours", "Résolus", "Escaladés", "Abandonnés", "Copiés", "Médiane", "90 %", "Hors délai"):
        trees.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    trees.add_column("Abandons surtout à", max_width=44, overflow="fold")
    for tree in usage.trees:
        if not tree.sessions:
            continue
        ended = tree.resolved + tree.escalated
        exits = ", ".join(f"{name} ({n})" for name, n in tree.exits.most_common(3)) or "—"
        trees.add_row(escape(tree.id), escape(tree.title), str(tree.sessions), str(tree.resolved),
                      str(tree.escalated), str(tree.abandoned), str(tree.copied), minutes(tree.median_seconds),
                      minutes(tree.p90_seconds), f"{tree.over_limit} ({_share(tree.over_limit, ended)})",
                      escape(exits))
    console.print(trees if trees.row_count else "Aucun parcours d'arbre dans ces journaux.", highlight=False)
    unused = sum(1 for t in usage.trees if not t.sessions)
    if unused:
        console.print(f"{unused} arbre(s) jamais ouvert(s) sur la période.", highlight=False)
    articles = [a for a in _articles(usage) if a["views"] or a["portal_views"]]
    if articles:
        table = Table(title=f"Articles les plus consultés ({min(TOP, len(articles))} premiers)", title_justify="left")
        for name in ("Article", "Titre", "Vues (agents)", "Vues (portail)"):
            table.add_column(name, justify="right" if name.startswith("Vues") else "left", overflow="fold")
        for article in articles[:TOP]:
            table.add_row(escape(article["id"]), escape(article["title"]), str(article["views"]),
                          str(article["portal_views"]))
        console.print(table, highlight=False)
    if usage.searches:
        table = Table(title="Recherches les plus fréquentes", title_justify="left")
        for name in ("Recherche", "Fois", "Résultats"):
            table.add_column(name, justify="left" if name == "Recherche" else "right", overflow="fold")
        for search in usage.searches[:TOP]:
            table.add_row(escape(search.query), str(search.count), "—" if search.results is None else str(search.results))
        console.print(table, highlight=False)
        empty = [s for s in usage.searches if s.results == 0]
        if empty:
            console.print("Recherches sans résultat (connaissance manquante ?) : "
                          + escape(" ; ".join(f"« {s.query} » ({s.count})" for s in empty[:TOP])), highlight=False)
    if usage.weeks:
        table = Table(title="Par semaine", title_justify="left")
        for name in ("Semaine", "Parcours", "Vues d'articles", "Recherches"):
            table.add_column(name, justify="left" if name == "Semaine" else "right")
        for week in usage.weeks:
            table.add_row(week.week, str(week.sessions), str(week.views), str(week.searches))
        console.print(table, highlight=False)
    notes = []
    if usage.unknown:
        notes.append("Identifiants inconnus de la base (supprimés ou renommés) : "
                     + ", ".join(f"{key} ({n})" for key, n in usage.unknown.most_common(10)))
    if stats.unreadable:
        notes.append(f"{stats.unreadable} ligne(s) illisible(s) ignorée(s) sur {stats.lines}.")
    if usage.invalid:
        notes.append(f"{usage.invalid} signal(aux) d'utilisation invalide(s) ignoré(s).")
    notes.extend(f"Journal {message}" for message in stats.broken)
    for note in notes:
        console.print(escape(note), highlight=False)

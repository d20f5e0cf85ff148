"""The site's « Utilisation » page (`kb build --usage LOG…`): how trees, articles and search are used.

Charts are SVG drawn at build time and every figure is also in an HTML table, so
the page reads without JavaScript. Everything that comes from the logs (search
queries above all: anyone can request the beacon's address) is escaped: the
tables are written as HTML, never as Markdown.
"""
from __future__ import annotations

from html import escape

from builder.content.fr import french_date, percent
from builder.model import Base
from builder.site.pages.html import link, table
from builder.usage.aggregate import TreeUsage, Usage
from builder.usage.report import minutes

PAGE = "utilisation.md"
TOP = 20
BAR_W, ROW_H, LABEL_W = 420, 22, 170
RESOLVED, ESCALATED, ABANDONED = "#2e7d32", "#ef6c00", "#9e9e9e"


def _link(base: Base, item_id: str, text: str) -> str:
    return link(base, item_id, text, PAGE)


def trees_chart(trees: list[TreeUsage]) -> str:
    """Stacked horizontal bars: resolved, escalated, abandoned walks of the most used trees."""
    shown = [t for t in trees if t.sessions][:TOP]
    if not shown:
        return ""
    most = max(t.sessions for t in shown)
    height = ROW_H * len(shown) + 40
    width = LABEL_W + BAR_W + 60
    desc = " ; ".join(f"{t.id} : {t.sessions} parcours, {t.resolved} résolus, {t.escalated} escaladés, "
                      f"{t.abandoned} abandonnés" for t in shown)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart" viewBox="0 0 {width} {height}" width="100%" '
           f'role="img" aria-labelledby="usage-trees-title usage-trees-desc" font-family="sans-serif" font-size="12">',
           '<title id="usage-trees-title">Parcours par arbre et leur fin</title>',
           f'<desc id="usage-trees-desc">{escape(desc)}</desc>']
    for row, tree in enumerate(shown):
        y = 10 + row * ROW_H
        out.append(f'<text x="{LABEL_W - 6}" y="{y + 14}" text-anchor="end" fill="currentColor">{escape(tree.id)}</text>')
        x = float(LABEL_W)
        for count, colour, label in ((tree.resolved, RESOLVED, "résolus"), (tree.escalated, ESCALATED, "escaladés"),
                                     (tree.abandoned, ABANDONED, "abandonnés")):
            if not count:
                continue
            w = BAR_W * count / most
            out.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{ROW_H - 6}" fill="{colour}">'
                       f'<title>{escape(tree.id)} : {count} {label}</title></rect>')
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + 14}" fill="currentColor">{tree.sessions}</text>')
    legend_y = 10 + len(shown) * ROW_H + 16
    x = LABEL_W
    for colour, label in ((RESOLVED, "résolus"), (ESCALATED, "escaladés"), (ABANDONED, "abandonnés")):
        out.append(f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{x + 16}" y="{legend_y}" fill="currentColor">{label}</text>')
        x += 110
    out.append("</svg>")
    return "".join(out)


def _tree_rows(base: Base, usage: Usage) -> list[list[str]]:
    rows = []
    for tree in usage.trees:
        if not tree.sessions:
            continue
        ended = tree.resolved + tree.escalated
        exits = ", ".join(f"{name} ({n})" for name, n in tree.exits.most_common(3)) or "—"
        rows.append([_link(base, tree.id, tree.id), escape(tree.title), str(tree.sessions), str(tree.resolved),
                     str(tree.escalated), str(tree.abandoned), str(tree.copied), minutes(tree.median_seconds),
                     minutes(tree.p90_seconds),
                     f"{tree.over_limit} ({percent(tree.over_limit / ended) if ended else '—'})", escape(exits)])
    return rows


def usage_page(base: Base, usage: Usage) -> str:
    """The page's Markdown (front matter, headings; the rest is HTML)."""
    period = (f"du {french_date(usage.first)} au {french_date(usage.last)}" if usage.first
              else "aucune donnée dans les journaux")
    per_day = (f", soit {usage.sessions / usage.working_days:.1f} par jour ouvré".replace(".", ",")
               if usage.working_days else "")
    parts = ["---", 'title: "Utilisation"', "---", "", "# Utilisation", "",
             f"<p>Période {escape(period)} : {usage.sessions} parcours d'arbre sur {usage.working_days} jours "
             f"ouvrés{per_day}. Chiffres lus dans les journaux du serveur web par « kb usage » : anonymes et "
             "agrégés.</p>", "", "## Arbres", ""]
    rows = _tree_rows(base, usage)
    if rows:
        parts += [trees_chart(usage.trees), "",
                  table(("Arbre", "Titre", "Parcours", "Résolus", "Escaladés", "Abandonnés", "Diagnostic copié",
                          "Médiane", "90 %", "Hors délai", "Abandon surtout à"), rows), ""]
    else:
        parts += ["<p>Aucun parcours d'arbre sur la période.</p>", ""]
    unused = [t for t in usage.trees if not t.sessions]
    if unused:
        parts += [f"<p>Jamais ouverts sur la période ({len(unused)}) : "
                  + ", ".join(_link(base, t.id, t.id) for t in unused) + ".</p>", ""]
    articles = sorted(((n.get("agents", 0), n.get("portal", 0), aid) for aid, n in usage.articles.items()),
                      key=lambda r: (-(r[0] + r[1]), r[2]))[:TOP]
    parts += ["## Articles les plus consultés", ""]
    parts += [table(("Article", "Titre", "Vues (agents)", "Vues (portail)"),
                     [[_link(base, aid, aid), escape(usage.article_titles.get(aid, "")), str(a), str(p)]
                      for a, p, aid in articles]) if articles else "<p>Aucune vue d'article sur la période.</p>", ""]
    empty = [s for s in usage.searches if s.results == 0]
    parts += ["## Recherches sans résultat", "",
              "<p>Ce que l'on a cherché sans rien trouver : des articles à écrire, ou des synonymes à ajouter.</p>",
              table(("Recherche", "Fois"), [[escape(s.query), str(s.count)] for s in empty[:TOP]])
              if empty else "<p>Aucune.</p>", "",
              "## Recherches les plus fréquentes", "",
              table(("Recherche", "Fois", "Résultats"),
                     [[escape(s.query), str(s.count), "—" if s.results is None else str(s.results)]
                      for s in usage.searches[:TOP]]) if usage.searches else "<p>Aucune recherche.</p>", "",
              "## Par semaine", "",
              table(("Semaine", "Parcours", "Vues d'articles", "Recherches"),
                     [[w.week, str(w.sessions), str(w.views), str(w.searches)] for w in usage.weeks])
              if usage.weeks else "<p>Aucune donnée.</p>", ""]
    return "\n".join(parts)


def node_visits(usage: Usage | None) -> dict[str, dict[str, int]]:
    """tree id → node → walks that passed it, for the tree pages."""
    if usage is None:
        return {}
    return {t.id: dict(t.visits) for t in usage.trees if t.visits}

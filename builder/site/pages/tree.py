"""A tree's page: the player (JavaScript), the whole tree as an outline (no JavaScript
needed) and a Mermaid flowchart."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from builder.content import urls
from builder.resolution.diagnostic import fill
from builder.model import AUDIENCE_LABELS, Base, Node, Tree
from builder.resolution.priority import explain
from builder.content.fr import french_date
from builder.site.badges import freshness_badge
from builder.site.links import relative_url
from builder.site.sanitize import front_matter_title, json_for_html, md_text
from builder.site.tree_data import HelpRenderer, player_data

MERMAID_LABEL_MAX = 60
ASSETS = "assets/kb/"


def render(tree: Tree, base: Base, today: date, renderer: HelpRenderer, late: tuple[str, ...] = (),
           visits: dict[str, int] | None = None) -> str:
    """The page; `late` are the overdue items the tree cites (its steps may be out of date);
    `visits` (kb build --usage) how many walks passed each node."""
    config = base.config
    here = urls.docs_file(tree)
    domain = config.domains.get(tree.domain, tree.domain)
    data = json_for_html(player_data(tree, base, today, renderer))
    limits = []
    if config.escalate_within:
        limits.append(f"escalade attendue avant {config.escalate_within} min")
    if config.resolve_within:
        limits.append(f"résolution attendue avant {config.resolve_within} min")
    depends = ""
    if late:
        listed = ", ".join(late)
        depends = (f' <span class="kb-badge kb-badge--en_retard" title="Éléments cités en retard de revue : '
                   f'{escape(listed)}">dépend d\'un élément en retard</span>')
    meta = (f'<p class="kb-tree-meta">{freshness_badge(tree, config, today)}{depends} '
            f'<code>{escape(tree.id)}</code> · revu le {french_date(tree.reviewed, "jamais")}'
            f' · <a href="{relative_url(here, urls.domain_path(tree.domain))}">{escape(domain)}</a>'
            f' · {escape(", ".join(AUDIENCE_LABELS.get(a, a) for a in tree.audience))}'
            f' · responsable : {escape(tree.owner)}</p>')
    parts = [
        "---", f"title: {front_matter_title(tree.title)}", "---", "",
        f"# {md_text(tree.title)}", "", meta, "",
    ]
    if tree.symptoms:
        parts += ['<p class="kb-symptoms"><strong>Symptômes décrits :</strong> '
                  + escape(" ; ".join(f"« {s.value} »" for s in tree.symptoms)) + "</p>", ""]
    parts += [
        f'<div class="kb-player" data-kb-player="{escape(tree.id)}" data-kb-limits="{escape(" ; ".join(limits))}" '
        'hidden></div>', "",
        f'<script type="application/json" id="kb-player-data">{data}</script>', "",
        "## Arbre complet", "",
        '<div class="kb-outline">', outline(tree, base, here, visits), "</div>", "",
        "## Schéma", "",
        f'<script src="{relative_url(here, ASSETS + "vendor")}mermaid.min.js"></script>', "",
        "```mermaid", flowchart(tree, base, visits), "```", "",
    ]
    return "\n".join(parts)


def _step_anchor(name: str) -> str:
    return f"etape-{name}"


def _walks(visits: dict[str, int] | None, name: str) -> str:
    count = (visits or {}).get(name, 0)
    return f"{count} parcours" if visits is not None else ""


def outline(tree: Tree, base: Base, here: str, visits: dict[str, int] | None = None,
            describe: Callable[[Node, Base, str], str] | None = None) -> str:
    """The whole tree as nested lists, each node once; a node met again is a link back.

    `describe`: how a step is written (the portal's own words); the agents' by default."""
    describe = describe or _describe
    config = base.config
    shown: set[str] = set()

    def node_html(name: str | None, depth: int) -> str:
        node = tree.nodes.get(name or "")
        if node is None:
            return f"<li>Étape « {escape(name or '?')} » introuvable</li>"
        if name in shown or depth > 200:
            return (f'<li>→ voir l\'étape <a href="#{_step_anchor(node.id)}">'
                    f"{escape(_short(fill(node.text, config) or node.id))}</a></li>")
        shown.add(node.id)
        head = f'<li id="{_step_anchor(node.id)}">' + describe(node, base, here)
        if visits is not None:
            head += f' <span class="kb-usage-count">({_walks(visits, node.id)})</span>'
        if node.kind == "ask":
            items = "".join(f"<li><strong>{escape(a.label)}</strong><ul>"
                            f"{node_html(a.next.target if a.next else None, depth + 1)}</ul></li>"
                            for a in node.answers)
            return f"{head}<ul>{items}</ul></li>"
        if node.kind == "do":
            return f"{head}</li>{node_html(node.next.target if node.next else None, depth + 1)}"
        return head + "</li>"

    start = tree.start.target if tree.start else None
    return f"<ul>{node_html(start, 0)}</ul>"


def _describe(node: Node, base: Base, here: str) -> str:
    config = base.config
    text = escape(fill(node.text, config))
    if node.kind == "ask":
        return f"<strong>Question :</strong> {text}"
    if node.kind == "do":
        return f"<strong>Action :</strong> {text}"
    if node.kind == "resolved":
        return f"<strong>Résolu :</strong> {text}"
    if node.kind == "goto":
        target = base.tree(node.goto.target) if node.goto else None
        if target is None:
            return "<strong>Suite :</strong> arbre introuvable"
        return (f'<strong>Suite dans l\'arbre :</strong> <a href="{relative_url(here, urls.page_path(target))}">'
                f"{escape(target.title)}</a>")
    if node.kind == "escalate":
        group = node.group.target if node.group else "?"
        ticket = f" — à joindre : {escape(fill(node.ticket, config))}" if node.ticket else ""
        return (f"<strong>Escalade :</strong> {escape(group)} ({escape(config.groups.get(group, ''))}), "
                f"priorité {escape(explain(node.impact, node.urgency))}{ticket}")
    return escape(node.id)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MERMAID_LABEL_MAX else text[:MERMAID_LABEL_MAX - 1].rstrip() + "…"


def _mermaid_text(text: str) -> str:
    return _short(text).replace('"', "#quot;").replace("|", "#124;").replace("<", "#lt;").replace(">", "#gt;")


def flowchart(tree: Tree, base: Base, visits: dict[str, int] | None = None) -> str:
    config = base.config
    ids = {name: f"n{index}" for index, name in enumerate(tree.nodes)}
    lines = ["flowchart TD"]
    for name, node in tree.nodes.items():
        walks = f" · {_walks(visits, name)}" if visits is not None else ""
        label = _mermaid_text(fill(node.text, config) or name) + walks
        key = ids[name]
        if node.kind == "ask":
            lines.append(f'  {key}(["{label}"])')
        elif node.kind == "resolved":
            lines.append(f'  {key}[["✔ {label}"]]:::resolved')
        elif node.kind == "escalate":
            group = node.group.target if node.group else "?"
            lines.append(f'  {key}[["⇧ Escalade {_mermaid_text(group)}{walks}"]]:::escalate')
        elif node.kind == "goto":
            target = node.goto.target if node.goto else "?"
            lines.append(f'  {key}>"→ {_mermaid_text(target)}{walks}"]')
        else:
            lines.append(f'  {key}["{label}"]')
    for name, node in tree.nodes.items():
        if node.kind == "ask":
            for answer in node.answers:
                if answer.next and answer.next.target in ids:
                    lines.append(f"  {ids[name]} -->|{_mermaid_text(answer.label)}| {ids[answer.next.target]}")
        elif node.kind == "do" and node.next and node.next.target in ids:
            lines.append(f"  {ids[name]} --> {ids[node.next.target]}")
    lines += ["  classDef resolved stroke-width:3px", "  classDef escalate stroke-dasharray:5 3"]
    return "\n".join(lines)

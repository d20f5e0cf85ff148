"""Search results for a terminal (rich text, matched words in bold) and as JSON."""
from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from builder.content.printable import printable
from builder.model import STATUS_LABELS
from builder.search.api import Hit, Match

KIND_LABELS = {"article": "article", "tree": "arbre"}
JSON_VERSION = 1


def where(match: Match) -> str:
    """« § Procédure », « nœud « voyant » », « questions »…, in French."""
    if match.kind == "section":
        return f"§ {match.label}"
    if match.kind == "node":
        return f"nœud « {match.node} »"
    return {"questions": "questions", "symptoms": "symptômes", "intro": "introduction",
            "title": "titre"}.get(match.kind, match.kind)


def hit_text(number: int, hit: Hit) -> Text:
    """One result: id and title, kind, domain and file, where it matched and the snippet."""
    out = Text()
    out.append(f"{number}. {printable(hit.id)}", style="bold cyan")
    out.append(f" — {printable(hit.title)}", style="bold")
    if hit.status != "published":
        out.append(f" ({STATUS_LABELS.get(hit.status, hit.status)})", style="yellow")
    out.append(printable(f"\n   {KIND_LABELS.get(hit.kind, hit.kind)} · {hit.domain} · {hit.path}", True), style="dim")
    best = hit.best
    out.append(printable(f"\n   {where(best)} → {hit.url()}", True))
    if best.snippet:
        out.append("\n   ")
        out.append_text(highlighted(best.snippet, best.highlights))
    if len(hit.matches) > 1:
        out.append(printable("\n   aussi : " + ", ".join(where(m) for m in hit.matches[1:]), True), style="dim")
    return out


def highlighted(snippet: str, spans: Sequence[tuple[int, int]]) -> Text:
    """The snippet with its matches in bold; control characters escaped piece by piece, spans kept."""
    text = Text()
    position = 0
    for start, end in sorted(spans):
        if start < position:
            continue
        text.append(printable(snippet[position:start]))
        text.append(printable(snippet[start:end]), style="bold")
        position = end
    text.append(printable(snippet[position:]))
    return text


def as_json(query: str, hits: Sequence[Hit]) -> dict[str, object]:
    return {"version": JSON_VERSION, "query": query, "count": len(hits), "results": [h.as_dict() for h in hits]}

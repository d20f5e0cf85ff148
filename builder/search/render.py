"""Search results for a terminal (rich text, matched words in bold) and as JSON."""
from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

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
    out.append(f"{number}. {hit.id}", style="bold cyan")
    out.append(f" — {hit.title}", style="bold")
    if hit.status != "published":
        out.append(f" ({STATUS_LABELS.get(hit.status, hit.status)})", style="yellow")
    out.append(f"\n   {KIND_LABELS.get(hit.kind, hit.kind)} · {hit.domain} · {hit.path}", style="dim")
    best = hit.best
    out.append(f"\n   {where(best)} → {hit.url()}")
    if best.snippet:
        out.append("\n   ")
        out.append_text(highlighted(best.snippet, best.highlights))
    if len(hit.matches) > 1:
        out.append("\n   aussi : " + ", ".join(where(m) for m in hit.matches[1:]), style="dim")
    return out


def highlighted(snippet: str, spans: Sequence[tuple[int, int]]) -> Text:
    text = Text(snippet)
    for start, end in spans:
        text.stylize("bold", start, end)
    return text


def as_json(query: str, hits: Sequence[Hit]) -> dict[str, object]:
    return {"version": JSON_VERSION, "query": query, "count": len(hits), "results": [h.as_dict() for h in hits]}

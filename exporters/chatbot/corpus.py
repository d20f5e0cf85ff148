"""The retrieval corpus: one JSON object per chunk (README, « Le corpus JSONL »).

An article gives one chunk per section (the text under its title, then each
level-2 or level-3 heading); a tree gives two: its symptoms and a summary of its
questions and outcomes. Keys are always the same, in the same order.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from builder.resolution.diagnostic import fill
from builder.model import Article, Base, Item, Node, Tree
from builder.freshness.review_state import due_date, state_at
from builder.content.urls import page_url

from exporters.chatbot.images import images_by_section, item_images
from exporters.chatbot.content import Selection, article_sections, text_of

FIELDS = ("id", "chunk", "title", "section", "text", "url", "images", "domain", "tags", "questions", "reviewed", "due",
          "freshness", "source_sha")


def blob_sha(data: bytes) -> str:
    """The git blob id of a file's bytes (what `git hash-object FILE` prints), with or without git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def chunks(base: Base, chosen: Selection, sources: dict[str, bytes], today: date) -> list[dict[str, Any]]:
    """Every chunk of the chosen items, articles first, each in the order of its file."""
    out: list[dict[str, Any]] = []
    for article in chosen.articles:
        out.extend(_article_chunks(base, article, sources, today))
    for tree in chosen.trees:
        out.extend(_tree_chunks(base, tree, sources, today))
    return out


def to_jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _record(base: Base, item: Item, number: int, section: str, text: str, anchor: str,
            questions: list[str], sources: dict[str, bytes], today: date) -> dict[str, Any]:
    due = due_date(item, base.config)
    state = state_at(item, base.config, today)
    data = sources.get(item.path)
    return {
        "id": f"{item.id}#{number}",
        "chunk": number,
        "title": fill(item.title, base.config),
        "section": section,
        "text": text,
        "url": page_url(base.config, item, anchor or None),
        "images": [],  # [{"alt", "url"}]: filled by the caller
        "domain": item.domain,
        "tags": list(item.tags) if isinstance(item, Article) else [],
        "questions": questions,
        "reviewed": item.reviewed.isoformat() if item.reviewed else None,
        "due": due.isoformat() if due else None,
        "freshness": state.value if state else None,
        "source_sha": blob_sha(data) if data is not None else None,
    }


def _article_chunks(base: Base, article: Article, sources: dict[str, bytes], today: date) -> list[dict[str, Any]]:
    questions = [fill(q.value, base.config) for q in article.questions]
    records: list[dict[str, Any]] = []
    anchors: list[str] = []
    for section in article_sections(base, article):
        if not section.text:
            continue
        records.append(_record(base, article, len(records), section.heading, section.text, section.anchor,
                               questions, sources, today))
        anchors.append(section.anchor)
    shown = images_by_section(base, article, anchors)
    for record, anchor in zip(records, anchors):
        record["images"] = shown.get(anchor, [])
    return records


def _tree_chunks(base: Base, tree: Tree, sources: dict[str, bytes], today: date) -> list[dict[str, Any]]:
    symptoms = [fill(s.value, base.config) for s in tree.symptoms]
    listed = "\n".join(f"- {s}" for s in symptoms)
    records = [
        _record(base, tree, 0, "Symptômes", f"Ce que disent les usagers qui ont ce problème :\n{listed}",
                "", symptoms, sources, today),
        _record(base, tree, 1, "Résumé", summary(base, tree), "", symptoms, sources, today),
    ]
    records[1]["images"] = item_images(base, tree)
    return records


def summary(base: Base, tree: Tree) -> str:
    """The tree in a few lines: what it solves, the questions it asks, how it can end."""
    questions: list[str] = []
    ends: list[str] = []
    follow: list[str] = []
    for node in _reachable(tree):
        if node.kind == "ask":
            questions.append(f"- {text_of(node.text, base)}")
        elif node.kind == "resolved":
            ends.append(f"- résolu : {text_of(node.text, base)}")
        elif node.kind == "escalate" and node.group:
            label = base.config.groups.get(node.group.target, node.group.target)
            ends.append(f"- demande transmise à l'équipe « {label} »")
        elif node.kind == "goto" and node.goto and (target := base.tree(node.goto.target)):
            follow.append(f"- {target.title} ({page_url(base.config, target)})")
    parts = [f"Guide de dépannage pas à pas : {fill(tree.title, base.config)}."]
    if questions:
        parts.append("Questions posées :\n" + "\n".join(_unique(questions)))
    if ends:
        parts.append("Issues possibles :\n" + "\n".join(_unique(ends)))
    if follow:
        parts.append("Peut se poursuivre avec :\n" + "\n".join(_unique(follow)))
    return "\n\n".join(parts)


def _reachable(tree: Tree) -> list[Node]:
    """The tree's nodes in the order a walk meets them first (breadth first from start)."""
    if not tree.start or tree.start.target not in tree.nodes:
        return []
    order, queue, seen = [], [tree.start.target], {tree.start.target}
    while queue:
        node = tree.nodes[queue.pop(0)]
        order.append(node)
        for ref in node.successors():
            if ref.target in tree.nodes and ref.target not in seen:
                seen.add(ref.target)
                queue.append(ref.target)
    return order


def _unique(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))

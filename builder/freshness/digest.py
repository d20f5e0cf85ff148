"""`kb freshness --digest DIR`: one Markdown file per owner, most urgent first, ready to be mailed."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from builder.content.atomic import write_text
from builder.freshness.figures import Line, Report
from builder.content.fr import french_date
from builder.freshness.output import headline, lateness
from builder.model import Config
from builder.freshness.review_state import State
from builder.content.urls import page_url

SECTIONS = (
    ("En retard", lambda line: line.state is State.OVERDUE),
    ("À revoir bientôt", lambda line: line.state is State.DUE_SOON),
    ("Modifiés depuis leur dernière revue", lambda line: line.modified is not None),
    ("Arbres qui citent un élément en retard", lambda line: bool(line.cites_overdue)),
)
NO_OWNER = "sans-responsable"


def owner_slug(owner: str) -> str:
    """« Équipe Réseau » → « equipe-reseau »: a file name every system accepts."""
    ascii_text = unicodedata.normalize("NFKD", owner).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or NO_OWNER


def digests(report: Report, config: Config) -> dict[str, str]:
    """Markdown text by owner, for every owner with something to review."""
    by_owner: dict[str, list[Line]] = {}
    for line in report.lines:
        by_owner.setdefault(line.item.owner, []).append(line)
    return {owner: _digest(owner, lines, report, config) for owner, lines in sorted(by_owner.items())}


def _digest(owner: str, lines: list[Line], report: Report, config: Config) -> str:
    at = french_date(report.figures.at)
    out = [f"# Revues à faire : {owner or 'éléments sans responsable'}", "",
           "Bonjour,", "",
           f"Voici les éléments de la base de connaissance dont vous êtes responsable et qui demandent "
           f"votre attention au {at}, du plus urgent au moins urgent.", ""]
    done: set[str] = set()
    for title, belongs in SECTIONS:
        chosen = [line for line in lines if line.item.id not in done and belongs(line)]
        if not chosen:
            continue
        out += [f"## {title} ({len(chosen)})", ""]
        for number, line in enumerate(chosen, 1):
            done.add(line.item.id)
            out += _entry(number, line, config)
        out.append("")
    out += ["Pour chaque élément : relisez-le, corrigez-le si besoin, puis lancez `kb review ID` "
            "(ou mettez à jour sa date « reviewed ») et validez la modification dans git.", "",
            f"Pour information, {headline(report.figures)}.", ""]
    return "\n".join(out)


def _entry(number: int, line: Line, config: Config) -> list[str]:
    item = line.item
    facts = ["à jour" if line.state is State.FRESH else lateness(line)]
    if line.due:
        facts.append(f"échéance le {french_date(line.due)}")
    facts.append(f"dernière revue le {french_date(item.reviewed)}" if item.reviewed else "jamais revu")
    if line.modified:
        facts.append("modifié depuis, pas encore validé dans git" if line.modified.uncommitted
                     else f"modifié le {french_date(line.modified.day)}")
    if line.cites_overdue:
        facts.append("cite " + ", ".join(line.cites_overdue) + ", en retard de revue")
    where = f"Fichier `{item.path}`"
    if config.site_url:
        where += f", page {page_url(config, item)}"
    return [f"{number}. **{item.id} — {item.title}** : {' ; '.join(facts)}.", f"   {where}."]


def write_digests(report: Report, config: Config, folder: Path) -> list[Path]:
    """Write one file per owner into folder (created if needed); other files are left alone."""
    written: list[Path] = []
    used: set[str] = set()
    for owner, text in digests(report, config).items():
        name = owner_slug(owner)
        candidate, n = name, 2
        while candidate in used:
            candidate, n = f"{name}-{n}", n + 1
        used.add(candidate)
        path = folder / f"{candidate}.md"
        write_text(path, text)
        written.append(path)
    return written

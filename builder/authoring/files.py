"""Writing content for the author: new skeletons, review dates set in place.

`kb review` edits the text of the file itself at the position the loader
recorded, so that comments, key order and formatting stay byte for byte.
"""
from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

from builder.content.atomic import write_text
from builder.content.snapshot import ARTICLES_DIR, TREES_DIR
from builder.model import Base, Item


class AuthoringError(Exception):
    """Something the author asked for that cannot be done; the message says why."""


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:60].rstrip("-") or "sans-titre"


def next_article_id(base: Base) -> str:
    numbers = [int(a.id[3:]) for a in base.articles if re.fullmatch(r"KB-[0-9]{4,}", a.id)]
    return f"KB-{max(numbers, default=0) + 1:04d}"


def next_tree_id(base: Base, domain: str) -> str:
    """The next number after the domain's trees, with the prefix they already use.

    `poste-de-travail` trees are `TR-POSTE-NN`: a new one must follow them, not start
    a `TR-POSTE-DE-TRAVAIL-01` series beside them. Without any tree yet, the prefix is
    made from the domain key.
    """
    numbered = [match for t in base.trees if t.domain == domain
                if (match := re.fullmatch(r"(TR-[A-Z0-9-]+-)([0-9]+)", t.id))]
    prefixes = Counter(match.group(1) for match in numbered)
    prefix = prefixes.most_common(1)[0][0] if prefixes else f"TR-{domain.upper()}-"
    taken = [int(t.id[len(prefix):]) for t in base.trees
             if t.id.startswith(prefix) and t.id[len(prefix):].isdigit()]
    return f"{prefix}{max(taken, default=0) + 1:02d}"


def default_owner(root: Path) -> str:
    try:
        name = subprocess.run(["git", "config", "user.name"], cwd=root, capture_output=True, text=True,
                              timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or "a-definir"


def free_path(folder: Path, slug: str, suffix: str) -> Path:
    candidate = folder / f"{slug}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{slug}-{number}{suffix}"
        number += 1
    return candidate


_NEEDS_QUOTES = re.compile(r""": | #|^[-?:,\[\]{}#&*!|>'"%@`]|\s$|:$""")


def _yaml_text(value: str) -> str:
    """A YAML scalar for a title: quoted when it could be misread."""
    if _NEEDS_QUOTES.search(value) or value.lower() in ("true", "false", "null", "~"):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def new_article(base: Base, domain: str, title: str, owner: str, today: date) -> Path:
    item_id = next_article_id(base)
    path = free_path(base.root / ARTICLES_DIR / domain, slugify(title), ".md")
    text = f"""---
id: {item_id}
title: {_yaml_text(title)}
type: procedure
audience: [agent]
domain: {domain}
tags: []
owner: {_yaml_text(owner)}
reviewed: {today.isoformat()}
status: draft
questions: []
related: []
---

# {title}

Décrivez ici le problème, puis la procédure étape par étape.

<!-- Une capture d'écran : rangez-la dans kb/{domain}/images/ et affichez-la avec
     `![ce que montre l'image](images/nom.png)` (texte alternatif obligatoire). -->
"""
    write_text(path, text)
    return path


def new_tree(base: Base, domain: str, title: str, owner: str, today: date) -> Path:
    item_id = next_tree_id(base, domain)
    group = next(iter(base.config.groups), "AIT")
    path = free_path(base.root / TREES_DIR / domain, slugify(title), ".yaml")
    text = f"""id: {item_id}
title: {_yaml_text(title)}
domain: {domain}
audience: [agent]
owner: {_yaml_text(owner)}
reviewed: {today.isoformat()}
status: draft
symptoms: []
start: question
nodes:
  question:
    ask: Le problème est-il résolu après un redémarrage ?
    # help: "Texte d'aide, avec une image de trees/{domain}/images/ : ![ce que montre l'image](images/nom.png)"
    answers:
      - {{label: Oui, next: resolu}}
      - {{label: Non, next: escalade}}
  resolu:
    resolved: Problème résolu par un redémarrage.
  escalade:
    escalate: {group}
    impact: modere
    urgency: moyenne
    ticket: Décrire le problème et les vérifications faites.
tests:
  - path: [Oui]
    expect: resolu
  - path: [Non]
    expect: escalade
"""
    write_text(path, text)
    return path


_REVIEWED_LINE = re.compile(r"^(?P<head>\s*reviewed\s*:[ \t]*)(?P<value>[^#\n]*?)(?P<tail>[ \t]*(#.*)?)$")


def set_reviewed(item: Item, root: Path, day: date) -> None:
    """Write `reviewed: day` into the item's file, touching that line only."""
    path = root / item.path
    lines = path.read_text(encoding="utf-8").split("\n")
    if "reviewed" in item.keypos:
        number = item.keypos["reviewed"].line
        match = _REVIEWED_LINE.match(lines[number])
        if not match:
            raise AuthoringError(f"{item.path}:{number + 1} : « reviewed » n'est pas sur sa propre ligne, "
                                 "modifiez la date à la main")
        old = match.group("value").strip()
        quote = old[0] if old[:1] in ("'", '"') else ""
        lines[number] = f"{match.group('head')}{quote}{day.isoformat()}{quote}{match.group('tail')}"
    else:
        anchor = next((k for k in ("owner", "audience", "title", "id") if k in item.keypos), None)
        if anchor is None:
            raise AuthoringError(f"{item.path} : impossible de placer « reviewed », ajoutez-le à la main")
        where = item.keypos[anchor]
        lines.insert(where.line + 1, " " * where.col + f"reviewed: {day.isoformat()}")
    write_text(path, "\n".join(lines))

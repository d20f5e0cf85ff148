#!/usr/bin/env python3
"""Generate a synthetic content repository (kb.yaml, kb/, trees/) for benchmarks.

    .venv/bin/python bench/synthetic.py OUT_DIR --articles N --trees M [--seed S]
                                        [--git-commits C --months K] [--force]

The base follows /work/shared/FORMAT.md and has no error: `kb check` reports
none on it (checked against the date of the run, which must be on or after the
reference date 2026-11-01), and only a few probable duplicates (DU001 warnings). The same arguments always give the same files.

As a module:

    from bench.synthetic import generate, write_files, write_git
    content = generate(articles=200, trees=50, seed=1)
    write_files(content, Path("/tmp/base"))

How the base is built
- Items are created in one sequence (articles in id order, trees interleaved).
  Every reference (related, body links, `see`, links in `help`, `goto`) points
  to an item created *earlier* in that sequence and published, so that the
  base has no RF002 warning and, in the git history, every commit is clean.
- Trees have a generation index; a `goto` only targets a tree of higher index
  (trees are created in decreasing index order), so gotos never form a cycle.
- Tree worst-case durations (every node on a path, default 1 min, terminal
  included, continuing through gotos) stay within kb.yaml's time_limits.
"""
from __future__ import annotations

import argparse
import functools
import json
import math
import random
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from builder.search.textfr import significant_words  # noqa: E402  (what DU001 compares)

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import vocab as V  # noqa: E402
else:
    from . import vocab as V

REFERENCE_DATE = date(2026, 11, 1)
ESCALATE_WITHIN = 20  # minutes, as in KB_YAML
RESOLVE_WITHIN = 25
REVIEW_WINDOW_DAYS = 548  # 18 months

KB_YAML = """\
# Configuration d'une base de connaissance synthétique (générée par bench/synthetic.py).
title: Base de connaissance du CSU (banc d'essai)
site_url: https://connaissance.example/
domains:
  comptes: Comptes, mots de passe et accès
  messagerie: Messagerie et agenda
  collaboration: Travail collaboratif (Teams, OneDrive, SharePoint)
  bureautique: Suites bureautiques (Microsoft 365, LibreOffice)
  poste-de-travail: Poste de travail
  impression: Impression et numérisation
  reseau: Réseau, VPN et Wi-Fi
  telephonie: Téléphonie fixe et mobile
  multimedia: Visioconférence et multimédia
  applications: Applications métier
groups:
  AIT: Assistance informatique téléphonique (niveau 1)
  PLMT-PROXIMITE: Proximité bureautique (niveau 2)
  PLMT-TELEPHONIE: Proximité téléphonie (niveau 2)
  PLMT-LOGISTIQUE: Logistique et maintenance
  LP2I: Infrastructure interne (niveau 2 système)
  N2-O365: Intégrateur niveau 2 Microsoft 365
  N2-TELEPHONIE: Intégrateur niveau 2 téléphonie fixe
  TIERS-IMPRESSION: Tiers-mainteneur impression
  SSI: Sécurité des systèmes d'information
review_every:
  procedure: 12 months
  faq: 12 months
  incident: 6 months
  tutorial: 18 months
  reference: 12 months
  tree: 6 months
pil05:
  target: 0.95
  due_soon: 30 days
time_limits:
  escalate_within: 20 min
  resolve_within: 25 min
mediawiki:
  title_prefix: "CSU:"
  category: Base de connaissance CSU
synonyms:
  - [mdp, mot de passe]
  - [bal, boîte aux lettres, boîte mail]
  - [visio, visioconférence]
placeholders:
  numero_support: "[numéro du support à renseigner]"
  portail_support: "[adresse du portail de support à renseigner]"
  portail_mot_de_passe: "[adresse du portail de changement de mot de passe à renseigner]"
  catalogue_logiciels: "[adresse du catalogue de logiciels à renseigner]"
  adresse_signalement: "[adresse de signalement des messages suspects à renseigner]"
  numero_astreinte_ssi: "[numéro de l'astreinte sécurité à renseigner]"
"""
GITIGNORE = ".kb/\nsite/\n"

ARTICLE_TYPES = [("procedure", 40), ("faq", 25), ("incident", 12), ("tutorial", 10), ("reference", 13)]
STATUSES = [("published", 92), ("draft", 5), ("archived", 3)]
AUDIENCES = [(("agent",), 45), (("user",), 25), (("agent", "user"), 30)]


# -- YAML and text helpers ------------------------------------------------------------------
_PLAIN_BLOCK = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ][^\n\"#:{}\[\]&*!|>%@`\\]*\Z")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


@functools.lru_cache(maxsize=1 << 18)  # the git history re-renders the same texts many times
def yq(text: str, flow: bool = False) -> str:
    """A YAML scalar: plain when it reads back as the same text, else double-quoted."""
    if (_PLAIN_BLOCK.match(text) and text == text.strip() and text.lower() not in _RESERVED
            and not (flow and "," in text)):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow_list(values: list[str]) -> str:
    return "[" + ", ".join(yq(v, flow=True) for v in values) + "]"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def slugify(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:  # cut between words
        head = slug[:limit + 1]
        slug = head.rsplit("-", 1)[0] if "-" in head else slug[:limit]
    return slug or "element"


def poss(np: str) -> str:
    """« le VPN » → « mon VPN »."""
    for det, mine in (("le ", "mon "), ("la ", "ma "), ("l'", "mon "), ("les ", "mes ")):
        if np.startswith(det):
            return mine + np[len(det):]
    return "mon " + np


def de(np: str) -> str:
    """« de » + noun phrase, contracted."""
    if np.startswith("le "):
        return "du " + np[3:]
    if np.startswith("les "):
        return "des " + np[4:]
    if np.startswith(("la ", "l'")):
        return "de " + np
    return ("d'" if np[:1].lower() in "aeiouyéèêh" else "de ") + np


WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def count_words(text: str) -> int:
    return len(WORD.findall(text))


# -- the model --------------------------------------------------------------------------------
@dataclass(eq=False)  # identity: items are kept in sets and dicts
class Article:
    id: str
    domain: str
    slug: str
    title: str
    type: str
    audience: tuple[str, ...]
    tags: list[str]
    owner: str
    reviewed: date
    review_every: str | None
    status: str
    questions: list[str]
    related: list[str]
    body: str
    links: list[str] = field(default_factory=list)  # ids linked from the body
    kind = "article"

    @property
    def path(self) -> str:
        return f"kb/{self.domain}/{self.slug}.md"

    def refs(self) -> list[str]:
        return list(dict.fromkeys([*self.related, *self.links]))

    def render(self) -> str:
        out = ["---", f"id: {self.id}", f"title: {yq(self.title)}", f"type: {self.type}",
               f"audience: [{', '.join(self.audience)}]", f"domain: {self.domain}", f"tags: {flow_list(self.tags)}",
               f"owner: {self.owner}", f"reviewed: {self.reviewed.isoformat()}"]
        if self.review_every:
            out.append(f"review_every: {self.review_every}")
        out.append(f"status: {self.status}")
        if self.questions:
            out.append("questions:")
            out.extend(f"  - {yq(q)}" for q in self.questions)
        if self.related:
            out.append(f"related: [{', '.join(self.related)}]")
        out += ["---", ""]
        return "\n".join(out) + self.body


@dataclass
class Node:
    name: str
    kind: str  # ask | do | goto | resolved | escalate
    text: str = ""
    help: str = ""
    see: list[str] = field(default_factory=list)
    answers: list[tuple[str, str]] = field(default_factory=list)  # (label, next)
    next: str = ""
    goto: str = ""
    group: str = ""
    impact: str = ""
    urgency: str = ""
    ticket: str = ""
    duration: int | None = None  # minutes; None: the default (1 min)

    @property
    def minutes(self) -> int:
        return self.duration if self.duration is not None else 1

    def render(self) -> list[str]:
        out = [f"  {self.name}:"]
        if self.kind == "goto":
            return out + [f"    goto: {self.goto}"]
        if self.kind == "escalate":
            out += [f"    escalate: {self.group}", f"    impact: {self.impact}", f"    urgency: {self.urgency}",
                    f"    ticket: {yq(self.ticket)}"]
        else:
            out.append(f"    {self.kind}: {yq(self.text)}")
        if self.help:
            out.append(f"    help: {yq(self.help)}")
        if self.see:
            out.append(f"    see: [{', '.join(self.see)}]")
        if self.duration is not None:
            out.append(f"    duration: {self.duration} min")
        if self.kind == "ask":
            out.append("    answers:")
            out.extend(f"      - {{label: {yq(label, flow=True)}, next: {nxt}}}" for label, nxt in self.answers)
        elif self.kind == "do":
            out.append(f"    next: {self.next}")
        return out


@dataclass(eq=False)
class Tree:
    index: int
    id: str
    domain: str
    slug: str
    title: str
    audience: tuple[str, ...]
    owner: str
    reviewed: date
    review_every: str | None
    status: str
    symptoms: list[str]
    start: str
    nodes: dict[str, Node]
    tests: list[tuple[list[str], str]] = field(default_factory=list)
    worst: dict[str, int] = field(default_factory=dict)  # kind -> worst minutes from the start (through gotos)
    kind = "tree"

    @property
    def path(self) -> str:
        return f"trees/{self.domain}/{self.slug}.yaml"

    def refs(self) -> list[str]:
        out: list[str] = []
        for node in self.nodes.values():
            out.extend(node.see)
            out.extend(m.group(1) for m in re.finditer(r"\]\(((?:KB|TR)-[A-Z0-9-]+)\)", node.help))
            if node.goto:
                out.append(node.goto)
        return list(dict.fromkeys(out))

    def render(self) -> str:
        out = [f"id: {self.id}", f"title: {yq(self.title)}", f"domain: {self.domain}",
               f"audience: [{', '.join(self.audience)}]", f"owner: {self.owner}",
               f"reviewed: {self.reviewed.isoformat()}"]
        if self.review_every:
            out.append(f"review_every: {self.review_every}")
        out.append(f"status: {self.status}")
        out.append("symptoms:")
        out.extend(f"  - {yq(s)}" for s in self.symptoms)
        out.append(f"start: {self.start}")
        out.append("nodes:")
        for node in self.nodes.values():
            out.extend(node.render())
        if self.tests:
            out.append("tests:")
            for labels, expect in self.tests:
                out += [f"  - path: {flow_list(labels)}", f"    expect: {expect}"]
        return "\n".join(out) + "\n"


@dataclass
class Content:
    config: str
    articles: list[Article]
    trees: list[Tree]
    order: list[Article | Tree]  # creation sequence: every reference points backwards in it
    seed: int

    @property
    def items(self) -> list[Article | Tree]:
        return self.order

    def files(self) -> dict[str, str]:
        out = {"kb.yaml": self.config}
        for item in self.order:
            out[item.path] = item.render()
        return out


# -- generation ---------------------------------------------------------------------------------
class Generator:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.domain_keys = list(V.DOMAINS)
        self.domain_weights = [V.DOMAINS[d]["weight"] for d in self.domain_keys]
        self.paths: set[str] = set()
        self.titles: dict[str, str] = {}  # id -> title, for link texts
        self.used_titles: set[frozenset[str]] = set()
        # published items created so far, for references
        self.pub_articles: list[str] = []
        self.pub_articles_by_domain: dict[str, list[str]] = {d: [] for d in V.DOMAINS}
        self.pub_trees: list[str] = []
        self.pub_trees_by_domain: dict[str, list[str]] = {d: [] for d in V.DOMAINS}
        self.trees_by_id: dict[str, Tree] = {}

    # small random helpers
    def weighted(self, pairs: Sequence[tuple[T, float]]) -> T:
        return self.rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.rng.random() * len(seq))]  # faster than choice(), and as deterministic

    def subject(self, domain: str) -> str:
        return self.pick(V.DOMAINS[domain]["subjects"]) if self.rng.random() < 0.7 else self.pick(V.GENERIC_SUBJECTS)

    def owner(self, domain: str) -> str:
        return self.pick(V.DOMAINS[domain]["owners"]) if self.rng.random() < 0.6 else self.pick(V.OWNERS)

    def reviewed(self) -> date:
        days = self.rng.randint(0, 180) if self.rng.random() < 0.75 else self.rng.randint(181, REVIEW_WINDOW_DAYS)
        return REFERENCE_DATE - timedelta(days=days)

    def unique_slug(self, top: str, domain: str, title: str, ext: str, item_id: str) -> str:
        slug = slugify(title)
        if f"{top}/{domain}/{slug}{ext}" in self.paths:
            slug = f"{slug}-{item_id.split('-')[-1].lower()}"
        self.paths.add(f"{top}/{domain}/{slug}{ext}")
        return slug

    def refs(self, domain: str, count: int, trees_too: bool, exclude: str = "") -> list[str]:
        """Up to count ids of published items created so far, mostly of the same domain."""
        out: list[str] = []
        for _ in range(count * 3):
            if len(out) >= count:
                break
            use_tree = trees_too and self.rng.random() < 0.25
            same = self.rng.random() < 0.7
            pool = ((self.pub_trees_by_domain[domain] if same else self.pub_trees) if use_tree
                    else (self.pub_articles_by_domain[domain] if same else self.pub_articles))
            if not pool:
                continue
            # prefer recent items a little: half the picks come from the last 200
            choice = self.pick(pool) if self.rng.random() < 0.5 else pool[-1 - self.rng.randrange(min(200, len(pool)))]
            if choice != exclude and choice not in out:
                out.append(choice)
        return out

    # sentences
    def verb(self) -> tuple[str, str, str, str]:
        return self.pick(V.VERBS)

    def sentence(self, domain: str) -> str:
        r = self.rng.randrange(13)
        s, o = self.subject(domain), self.subject(domain)
        imp, p3, inf, _ = self.verb()
        c = self.pick(V.COMPLEMENTS)
        if r == 0:
            return f"{cap(imp)} {o} {c}."
        if r == 1:
            return f"Si {s} {self.pick(V.STATES)}, {imp} {o} {c}."
        if r == 2:
            return f"{cap(self.pick(V.ACTORS))} {p3} {o} {c}."
        if r == 3:
            return f"Dans la plupart des cas, {s} {self.pick(V.STATES)} {self.pick(V.CAUSES)}."
        if r == 4:
            imp2 = self.verb()[0]
            return f"Avant toute intervention, {imp} {o} et {imp2} {self.subject(domain)}."
        if r == 5:
            return f"Cette {self.pick(['procédure', 'fiche', 'méthode', 'consigne'])} s'applique {self.pick(V.SCOPES)}."
        if r == 6:
            p3b = self.verb()[1]
            return (f"Lorsque {s} {self.pick(V.STATES)}, {self.pick(V.ACTORS)} {p3} {o} puis {p3b} "
                    f"{self.subject(domain)}.")
        if r == 7:
            return f"{self.pick(V.OPENERS)}, {imp} {o} {c}."
        if r == 8:
            return f"Il est recommandé de {inf} {o} {c}."
        if r == 9:
            return f"Ne {imp.split()[0]} jamais {o} {self.pick(V.APPROVALS)}."
        if r == 10:
            return f"Le délai habituel de traitement est de {self.rng.randint(1, 5)} jours ouvrés."
        if r == 11:
            return f"{cap(s)} {self.pick(V.GOOD_STATES)} {self.pick(V.AFTERS)}."
        if self.rng.random() < 0.5:
            return self.pick(V.PLACEHOLDER_SENTENCES)
        return f"Vérifiez que {s} {self.pick(V.GOOD_STATES)} {c}."

    def paragraph(self, domain: str, lo: int = 2, hi: int = 4) -> str:
        return " ".join(self.sentence(domain) for _ in range(self.rng.randint(lo, hi)))

    def step(self, domain: str) -> str:
        imp, _, _, _ = self.verb()
        text = f"{cap(imp)} {self.subject(domain)} {self.pick(V.COMPLEMENTS)}."
        if self.rng.random() < 0.3:
            text += " " + self.sentence(domain)
        return text

    def link(self, item_id: str) -> str:
        return f"[{self.titles[item_id]}]({item_id})"

    # titles and questions
    def title(self, kind: str, domain: str) -> str:
        """A title whose significant words no other title has (kb check flags near-duplicates: DU001)."""
        for attempt in range(200):
            title = self._title(kind, domain)
            if attempt >= 20:  # the simple forms are used up: add a distinguishing context
                title = f"{title.rstrip(' ?')} {self.pick(V.TITLE_COMPLEMENTS)} {self.pick(V.AFTERS)}" + \
                    (" ?" if title.endswith("?") else "")
            key = frozenset(significant_words(title))
            if key not in self.used_titles:
                self.used_titles.add(key)
                return title
        return title

    def _title(self, kind: str, domain: str) -> str:
        s, o = self.subject(domain), self.subject(domain)
        verb = self.pick(V.TITLE_VERBS)
        r = self.rng.random()
        if kind == "procedure":
            return cap(f"{verb} {o} {self.pick(V.TITLE_COMPLEMENTS)}" if r < 0.6 else f"{verb} {o}")
        if kind == "faq":
            if r < 0.35:
                return f"Pourquoi {s} {self.pick(V.STATES)} ?"
            if r < 0.7:
                return f"Que faire si {s} {self.pick(V.STATES)} ?"
            return f"Comment {verb} {o} {self.pick(V.TITLE_COMPLEMENTS)} ?"
        if kind == "incident":
            return cap(f"{s} {self.pick(V.STATES)}" + (f" {self.pick(V.TITLE_COMPLEMENTS)}" if r < 0.5 else ""))
        if kind == "tutorial":
            return self.pick([f"Bien démarrer avec {o}", f"Prendre en main {o}", f"Guide pratique pour {verb} {o}",
                              f"Utiliser {o} au quotidien"])
        if kind == "reference":
            return self.pick([f"Paramètres de référence {de(o)}", f"Valeurs attendues pour {o}",
                              f"Matrice de compatibilité {de(o)}", f"Fiche de référence {de(o)}"])
        return cap(f"{s} {self.pick(V.STATES)}")  # trees

    def user_phrase(self, domain: str) -> str:
        s, o = self.subject(domain), self.subject(domain)
        verb = self.pick(V.TITLE_VERBS)
        r = self.rng.randrange(8)
        return [f"{poss(s)} {self.pick(V.STATES)}", f"comment {verb} {o}", f"je n'arrive pas à {verb} {o}",
                f"pourquoi {poss(s)} {self.pick(V.STATES)}", f"{poss(s)} {self.pick(V.STATES)}, que faire",
                f"est-ce que je peux {verb} {o} {self.pick(V.TITLE_COMPLEMENTS)}",
                f"j'ai besoin d'aide pour {verb} {o}", f"{poss(s)} ne marche plus depuis ce matin"][r]

    def phrases(self, domain: str, count: int) -> list[str]:
        out: list[str] = []
        for _ in range(count * 5):
            if len(out) >= count:
                break
            phrase = self.user_phrase(domain)
            if phrase not in out:
                out.append(phrase)
        return out

    # articles
    def article(self, number: int, domain: str) -> Article:
        rng = self.rng
        art_id = f"KB-{number:04d}"
        kind = self.weighted(ARTICLE_TYPES)
        audience = self.weighted(AUDIENCES)
        status = self.weighted(STATUSES)
        title = self.title(kind, domain)
        tags = list(dict.fromkeys(rng.sample(V.DOMAINS[domain]["tags"], rng.randint(1, 3))
                                  + ([self.pick(V.GENERIC_TAGS)] if rng.random() < 0.4 else [])))
        questions = self.phrases(domain, 6 if "user" in audience else rng.randint(0, 3))
        related = self.refs(domain, rng.randint(0, 4), trees_too=True, exclude=art_id)
        links = self.refs(domain, rng.randint(0, 3) if rng.random() < 0.85 else 0, trees_too=True, exclude=art_id)
        body = self.article_body(kind, title, domain, links)
        review_every = self.pick(["3 months", "6 months", "12 months", "18 months"]) if rng.random() < 0.05 else None
        slug = self.unique_slug("kb", domain, title, ".md", art_id)
        art = Article(art_id, domain, slug, title, kind, audience, tags, self.owner(domain), self.reviewed(),
                      review_every, status, questions, related, body, links)
        self.titles[art_id] = title
        if status == "published":
            self.pub_articles.append(art_id)
            self.pub_articles_by_domain[domain].append(art_id)
        return art

    def article_body(self, kind: str, title: str, domain: str, links: list[str]) -> str:
        rng = self.rng
        target = int(rng.triangular(200, 650, 340))
        pending = list(links)
        blocks = [f"# {title}", self.paragraph(domain)]
        words = count_words("\n".join(blocks))
        sections = rng.sample(V.SECTIONS[kind], len(V.SECTIONS[kind]))
        table_done = rng.random() > 0.25
        note_done = rng.random() > 0.4
        while words < target and sections:
            part = [f"## {sections.pop()}"]
            choice = rng.random()
            if not table_done and choice < 0.3:
                table_done = True
                head = self.pick(V.TABLE_HEADERS)
                part.append(self.paragraph(domain, 1, 2))
                rows = [f"| {' | '.join(head)} |", "|" + "---|" * len(head)]
                for _ in range(rng.randint(3, 6)):
                    s = self.subject(domain)
                    third = (f"{cap(self.verb()[0])} {self.subject(domain)}" if head[2] == "Action"
                             else self.pick(V.DELAYS) if head[2] == "Délai" else f"{cap(self.verb()[0])} {s}")
                    second = (self.pick(V.GOOD_STATES) if head[1] == "État attendu"
                              else cap(self.pick(V.CAUSES)) if head[1] == "Cause probable" else cap(self.pick(V.ACTORS)))
                    rows.append(f"| {cap(s)} | {second} | {third} |")
                part.append("\n".join(rows))
            elif choice < 0.55:
                part.append(self.paragraph(domain, 1, 2))
                steps = [f"{i}. {self.step(domain)}" for i in range(1, rng.randint(3, 6) + 1)]
                part.append("\n".join(steps))
            elif choice < 0.75:
                part.append(self.paragraph(domain, 1, 2))
                items = [f"- {cap(self.subject(domain))} {self.pick(V.STATES)} {self.pick(V.CAUSES)} ;"
                         for _ in range(rng.randint(2, 4))]
                items.append(f"- {cap(self.subject(domain))} {self.pick(V.STATES)}.")
                part.append("\n".join(items))
            else:
                part.append(self.paragraph(domain, 2, 5))
            if not note_done and rng.random() < 0.5:
                note_done = True
                kind_, head = self.pick(V.ADMONITIONS)
                part.append(f'!!! {kind_} "{head}"\n    {self.sentence(domain)}\n    {self.sentence(domain)}')
            if pending and rng.random() < 0.5:
                item_id = pending.pop(0)
                part.append(self.pick([f"Pour la suite, consultez {self.link(item_id)}.",
                                       f"Voir aussi {self.link(item_id)}, qui traite d'un cas voisin.",
                                       f"La démarche complète est décrite dans {self.link(item_id)}."]))
            block = "\n\n".join(part)
            words += count_words(block)
            blocks.append(block)
        if pending:
            blocks.append("## Voir aussi\n\n" + "\n".join(f"- {self.link(i)}" for i in pending))
        return "\n\n".join(blocks) + "\n"

    # trees
    def tree(self, index: int, tree_id: str, domain: str) -> Tree:
        rng = self.rng
        status = self.weighted(STATUSES)
        title = self.title("tree", domain)
        audience = ("agent",) if rng.random() < 0.9 else ("agent", "user")
        for _attempt in range(50):
            built = self.tree_nodes(index, domain, status)
            if built:
                break
        else:  # pragma: no cover - a 10-node tree always fits
            raise RuntimeError("could not build a tree within the time limits")
        nodes, start, worst = built
        tree = Tree(index, tree_id, domain, self.unique_slug("trees", domain, title, ".yaml", tree_id), title,
                    audience, self.owner(domain), self.reviewed(),
                    "3 months" if rng.random() < 0.05 else None, status,
                    self.phrases(domain, rng.randint(3, 6)), start, nodes, worst=worst)
        tree.tests = self.tree_tests(tree)
        self.titles[tree_id] = title
        self.trees_by_id[tree_id] = tree
        if status == "published":
            self.pub_trees.append(tree_id)
            self.pub_trees_by_domain[domain].append(tree_id)
        return tree

    def structure(self, n: int) -> list[dict[str, Any]]:
        """A rooted DAG of n nodes in breadth-first order: edges go from lower to higher index."""
        rng = self.rng
        nodes: list[dict[str, Any]] = [{"depth": 0, "kind": "", "kids": []}]
        pending = deque([0])
        max_depth = 7
        while pending:
            i = pending.popleft()
            node, depth = nodes[i], nodes[i]["depth"]
            budget = n - len(nodes)
            if budget == 0 or (i and pending and (depth >= max_depth or rng.random() < (0.1 if depth == 1 else 0.3))):
                node["kind"] = "leaf"
                continue
            if budget >= 2 and (i == 0 or rng.random() < 0.7):
                node["kind"], count = "ask", min(self.pick([2, 2, 2, 3, 3, 4]), budget)
            else:
                node["kind"], count = "do", 1
            for j in range(count):
                shared = [p for p in pending if nodes[p]["depth"] == depth + 1 and p not in node["kids"]]
                if node["kind"] == "ask" and j and shared and rng.random() < 0.12:
                    node["kids"].append(self.pick(shared))
                    continue
                nodes.append({"depth": depth + 1, "kind": "", "kids": []})
                node["kids"].append(len(nodes) - 1)
                pending.append(len(nodes) - 1)
        return nodes

    def tree_nodes(self, index: int, domain: str, status: str) -> tuple[dict[str, Node], str, dict[str, int]] | None:
        rng = self.rng
        shape = self.structure(rng.randint(10, 40))
        leaves = [i for i, s in enumerate(shape) if s["kind"] == "leaf"]
        kinds = {i: ("resolved" if rng.random() < 0.55 else "escalate") for i in leaves}
        if len(set(kinds.values())) < 2:
            kinds[leaves[-1]] = "escalate" if kinds[leaves[0]] == "resolved" else "resolved"
        goto_leaf, goto_target = None, None
        candidates = [t for t in self.trees_by_id.values() if t.index > index
                      and (status != "published" or t.status == "published")]
        if candidates and rng.random() < 0.11:
            # the shallowest leaf whose kind is not the only one of its kind
            for leaf in sorted(leaves, key=lambda i: shape[i]["depth"]):
                if sum(k == kinds[leaf] for k in kinds.values()) > 1:
                    prefix = shape[leaf]["depth"] + 1  # nodes before and including the goto, at 1 min each
                    fitting = [t for t in candidates if prefix + t.worst.get("escalate", 0) <= ESCALATE_WITHIN
                               and prefix + t.worst.get("resolved", 0) <= RESOLVE_WITHIN]
                    same = [t for t in fitting if t.domain == domain]
                    if fitting:
                        goto_leaf, goto_target = leaf, self.pick(same or fitting) if rng.random() < 0.6 \
                            else self.pick(fitting)
                    break
        # names
        words = V.DOMAINS[domain]["words"]
        prefixes = {"ask": ["verif", "question", "controle", "test"], "do": ["action", "faire", "corriger"],
                    "resolved": ["resolu"], "escalate": ["escalade"], "goto": ["suite"]}
        names: list[str] = []
        used: set[str] = set()
        for i, s in enumerate(shape):
            kind = "goto" if i == goto_leaf else kinds.get(i, s["kind"])
            s["kind"] = kind
            base = f"{self.pick(prefixes[kind])}_{self.pick(words)}"
            name, k = base, 2
            while name in used:
                name, k = f"{base}_{k}", k + 1
            used.add(name)
            names.append(name)
        # nodes
        group_pool = V.DOMAINS[domain]["groups"]
        nodes: dict[str, Node] = {}
        asked: set[str] = set()  # questions with their own answer set are asked once per tree
        parent_do: dict[int, bool] = {}
        for i, s in enumerate(shape):
            for kid in s["kids"]:
                parent_do[kid] = parent_do.get(kid, False) or s["kind"] == "do"
        for i, s in enumerate(shape):
            node = Node(names[i], s["kind"])
            subj = self.subject(domain)
            if s["kind"] == "ask":
                sets = V.ANSWER_SETS[len(s["kids"])]
                question, labels = self.pick([q for q in sets if q[0] not in asked] or sets)
                if question is None:
                    question = self.yes_no_question(domain, after_action=parent_do.get(i, False))
                else:
                    asked.add(question)
                node.text = question
                node.answers = [(label, names[kid]) for label, kid in zip(labels, s["kids"])]
            elif s["kind"] == "do":
                imp = self.verb()[0]
                node.text = f"{cap(imp)} {subj} {self.pick(V.COMPLEMENTS)}."
                if rng.random() < 0.4:
                    node.text += f" Puis {self.verb()[0]} {self.subject(domain)}."
                node.next = names[s["kids"][0]]
                node.duration = self.pick([1, 2, 2, 3, 3, 4, 5])
            elif s["kind"] == "resolved":
                node.text = self.pick([f"{cap(subj)} {self.pick(V.GOOD_STATES)} ; l'appelant confirme la résolution.",
                                       f"Problème résolu au niveau 1, {subj} {self.pick(V.GOOD_STATES)}.",
                                       f"{cap(subj)} {self.pick(V.GOOD_STATES)} {self.pick(V.AFTERS)}."])
            elif s["kind"] == "escalate":
                node.group = self.pick(group_pool)
                node.impact = self.weighted([("critique", 1), ("majeur", 3), ("modere", 6)])
                node.urgency = self.weighted([("severe", 1), ("elevee", 4), ("moyenne", 5)])
                infos = rng.sample(V.TICKET_INFOS, 3)
                node.ticket = f"Joindre {infos[0]}, {infos[1]} et {infos[2]}."
            elif s["kind"] == "goto" and goto_target:
                node.goto = goto_target.id
            if s["kind"] in ("ask", "do") and rng.random() < 0.25:
                node.help = self.sentence(domain)
                if rng.random() < 0.3:
                    ref = self.refs(domain, 1, trees_too=False)
                    if ref:
                        node.help += f" Voir {self.link(ref[0])}."
            if s["kind"] in ("ask", "do", "resolved") and rng.random() < 0.2:
                node.see = self.refs(domain, self.pick([1, 1, 2]), trees_too=False)
            nodes[node.name] = node
        worst = self.fit_durations(shape, names, nodes)
        if worst is None:
            return None
        return nodes, names[0], worst

    def yes_no_question(self, domain: str, after_action: bool) -> str:
        s, o = self.subject(domain), self.subject(domain)
        if after_action and self.rng.random() < 0.6:
            return f"{cap(s)} {self.pick(V.GOOD_STATES)} maintenant ?"
        return self.pick([f"Est-ce que {s} {self.pick(V.STATES)} ?",
                          f"L'appelant a-t-il déjà {self.verb()[3]} {o} ?",
                          f"Le problème persiste-t-il {self.pick(V.AFTERS)} ?",
                          "D'autres agents du service sont-ils touchés ?",
                          f"Le message d'erreur mentionne-t-il {o} ?"])

    def fit_durations(self, shape: list[dict[str, Any]], names: list[str], nodes: dict[str, Node]) -> dict[str, int] | None:
        """Lower `do` durations until the worst paths fit a cap at most kb.yaml's time_limits."""
        rng = self.rng
        caps = {"escalate": rng.randint(12, ESCALATE_WITHIN), "resolved": rng.randint(15, RESOLVE_WITHIN)}
        limits = {"escalate": ESCALATE_WITHIN, "resolved": RESOLVE_WITHIN}
        preds: dict[int, list[int]] = {i: [] for i in range(len(shape))}
        for i, s in enumerate(shape):
            for kid in s["kids"]:
                preds[kid].append(i)
        while True:
            longest: list[int] = []
            via: list[int] = []
            for i in range(len(shape)):  # breadth-first order is a topological order
                best, arg = 0, -1
                for p in preds[i]:
                    if longest[p] > best:
                        best, arg = longest[p], p
                longest.append(best + nodes[names[i]].minutes)
                via.append(arg)
            worst: dict[str, tuple[int, int]] = {}
            for i, s in enumerate(shape):
                node = nodes[names[i]]
                if node.kind in ("resolved", "escalate"):
                    ends = {node.kind: longest[i]}
                elif node.kind == "goto":
                    target = self.trees_by_id[node.goto]
                    ends = {k: longest[i] + v for k, v in target.worst.items()}
                else:
                    continue
                for k, v in ends.items():
                    if k not in worst or v > worst[k][0]:
                        worst[k] = (v, i)
            over = [k for k, (v, _) in worst.items() if v > caps[k]]
            if not over:
                return {k: v for k, (v, _) in worst.items()}
            kind = over[0]
            path, i = [], worst[kind][1]
            while i >= 0:
                path.append(i)
                i = via[i]
            longer = [nodes[names[i]] for i in path if nodes[names[i]].kind == "do" and nodes[names[i]].minutes > 1]
            if longer:
                shortest = max(longer, key=lambda n: n.minutes)
                shortest.duration = shortest.minutes - 1
            elif caps[kind] < limits[kind]:
                caps[kind] = limits[kind]
            else:
                return None

    def walk(self, tree: Tree, first: str | None = None) -> tuple[list[str], str, str, bool]:
        """A random path from the start: (answer labels, reached terminal, its kind, whether it crossed a goto)."""
        labels: list[str] = []
        crossed = False
        current, name = tree, tree.start
        for _ in range(10_000):
            node = current.nodes[name]
            if node.kind == "ask":
                options = node.answers
                if first is not None and not labels:
                    options = [a for a in options if a[0] == first] or options
                label, name = self.pick(options)
                labels.append(label)
            elif node.kind == "do":
                name = node.next
            elif node.kind == "goto":
                current = self.trees_by_id[node.goto]
                name = current.start
                crossed = True
            else:
                return labels, name, node.kind, crossed
        raise RuntimeError("walk does not end")

    def tree_tests(self, tree: Tree) -> list[tuple[list[str], str]]:
        found: list[tuple[list[str], str]] = []
        seen: set[tuple[str, ...]] = set()
        has_goto = any(n.kind == "goto" for n in tree.nodes.values())
        for number, wanted in enumerate(("resolved", "escalate")):
            for attempt in range(40):
                labels, end, kind, crossed = self.walk(tree)
                # the first test of a tree with a goto goes through it, when a few tries find such a path
                if kind == wanted and tuple(labels) not in seen and (number or not has_goto or crossed or attempt > 20):
                    break
            if tuple(labels) in seen:  # force another first answer
                other = [a[0] for a in tree.nodes[tree.start].answers if a[0] != labels[0]]
                labels, end, kind, crossed = self.walk(tree, first=self.pick(other))
            seen.add(tuple(labels))
            found.append((labels, end))
        return found


def creation_order(articles: int, trees: int) -> list[tuple[str, int]]:
    """("A", article number from 1) and ("T", tree index), trees spread evenly, in decreasing index."""
    total = articles + trees
    tree_at = {int((t + 0.5) * total / trees): trees - 1 - t for t in range(trees)} if trees else {}
    order, next_article = [], 1
    for pos in range(total):
        if pos in tree_at:
            order.append(("T", tree_at[pos]))
        else:
            order.append(("A", next_article))
            next_article += 1
    return order


def generate(articles: int, trees: int, seed: int = 1) -> Content:
    """The whole synthetic base, in memory."""
    gen = Generator(seed)
    rng = gen.rng
    tree_domains = rng.choices(gen.domain_keys, gen.domain_weights, k=trees)
    tree_numbers: dict[int, str] = {}
    counters: dict[str, int] = {}
    for index, domain in enumerate(tree_domains):
        counters[domain] = counters.get(domain, 0) + 1
        tree_numbers[index] = f"TR-{domain.upper()}-{counters[domain]:04d}"
    out_articles: list[Article] = []
    out_trees: list[Tree] = []
    order: list[Article | Tree] = []
    for kind, number in creation_order(articles, trees):
        if kind == "A":
            article = gen.article(number, rng.choices(gen.domain_keys, gen.domain_weights)[0])
            out_articles.append(article)
            order.append(article)
        else:
            tree = gen.tree(number, tree_numbers[number], tree_domains[number])
            out_trees.append(tree)
            order.append(tree)
    out_trees.sort(key=lambda t: t.index)
    return Content(KB_YAML, out_articles, out_trees, order, seed)


# -- writing ------------------------------------------------------------------------------------
def _usage_error(message: str) -> None:
    print(f"synthetic.py : {message}", file=sys.stderr)
    raise SystemExit(2)


def prepare_dir(out: Path, force: bool) -> None:
    if out.exists() and any(out.iterdir()):
        if not force:
            _usage_error(f"{out} n'est pas vide (ajoutez --force pour le remplacer)")
        if not (out / "kb.yaml").exists():
            _usage_error(f"{out} n'a pas de kb.yaml : refus de l'effacer, même avec --force")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def write_files(content: Content, out: Path) -> int:
    """Write the base under out (which should be empty); returns the bytes written."""
    total = 0
    made: set[Path] = set()
    for path, text in content.files().items():
        target = out / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        data = text.encode("utf-8")
        target.write_bytes(data)
        total += len(data)
    return total


# -- optional git history -----------------------------------------------------------------------
def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    days = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31,
            30, 31][month - 1]
    return date(year, month, min(day.day, days))


def _last_sunday(year: int, month: int) -> date:
    day = _add_months(date(year, month, 1), 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _paris_offset(moment: datetime) -> int:
    """Seconds east of UTC in Paris (EU summer time rule), for a naive local time."""
    spring, autumn = _last_sunday(moment.year, 3), _last_sunday(moment.year, 10)
    return 7200 if spring <= moment.date() < autumn else 3600


@dataclass
class Commit:
    when: datetime  # local Paris time
    offset: int
    author: str

    @property
    def stamp(self) -> str:
        epoch = int((self.when - datetime(1970, 1, 1)).total_seconds()) - self.offset
        sign, off = ("+" if self.offset >= 0 else "-"), abs(self.offset)
        return f"{epoch} {sign}{off // 3600:02d}{off % 3600 // 60:02d}"


def _commit_times(rng: random.Random, commits: int, months: int) -> list[datetime]:
    start = _add_months(REFERENCE_DATE, -months)
    workdays = [start + timedelta(days=d) for d in range((REFERENCE_DATE - start).days)
                if (start + timedelta(days=d)).weekday() < 5]
    times = sorted(datetime.combine(workdays[rng.randrange(len(workdays))], datetime.min.time())
                   + timedelta(seconds=rng.randint(8 * 3600, 18 * 3600 + 59 * 60)) for _ in range(commits))
    # distinct, increasing instants
    for i in range(1, len(times)):
        if times[i] <= times[i - 1]:
            times[i] = times[i - 1] + timedelta(seconds=1)
    return times


Change = tuple[str, list[tuple[str, "str | None"]]]  # commit message, (path, new text or None to delete)


class History:
    """Builds the fast-import stream of a plausible history ending in a clean base."""

    def __init__(self, content: Content, commits: int, months: int, seed: int) -> None:
        self.content = content
        self.commits = max(1, commits) if content.items else 1  # nothing to edit: kb.yaml alone
        self.months = max(1, months)
        self.rng = random.Random(seed * 7919 + 17)
        self.gen = Generator(seed * 31 + 5)  # for new sentences and titles in edits
        self.gen.paths = {item.path for item in content.items}
        self.live_incoming: dict[str, int] = {item.id: 0 for item in content.items}
        for item in content.items:
            if item.status != "archived":
                for ref in item.refs():
                    self.live_incoming[ref] += 1
        self.added: list[Article | Tree] = []
        self.added_by_domain: dict[str, list[Article | Tree]] = {d: [] for d in V.DOMAINS}
        self.counts = {"add": 0, "review": 0, "edit": 0, "rename": 0, "archive": 0, "publish": 0}

    def plan(self) -> list[int]:
        """Split the items into add batches (self.batches); returns the indices of the commits that add them."""
        items = len(self.content.items)
        adds = max(1, min(math.ceil(items / 5), max(1, self.commits // 2), items))
        cuts = sorted(self.rng.sample(range(1, items), adds - 1)) if adds > 1 else []
        bounds = [0, *cuts, items]
        self.batches = [self.content.items[a:b] for a, b in zip(bounds, bounds[1:])]
        span = max(adds, int((self.commits - 1) * 0.7) + 1)
        positions = [0] + sorted(self.rng.sample(range(1, min(span, self.commits)), adds - 1)) if adds > 1 else [0]
        return positions

    def stream(self, sink: Callable[[bytes], Any]) -> None:
        rng = self.rng
        times = _commit_times(rng, self.commits, self.months)
        add_at = dict(zip(self.plan(), range(10**9)))
        for k, when in enumerate(times):
            commit = Commit(when, _paris_offset(when), self.gen.pick(V.PEOPLE))
            if k in add_at:
                message, changes = self.add(self.batches[add_at[k]], when.date())
            else:
                message, changes = self.change(when.date())
            self.emit(sink, commit, message, changes, first=k == 0)
        sink(b"done\n")

    def emit(self, sink: Callable[[bytes], Any], commit: Commit, message: str, changes: list[tuple[str, str | None]], first: bool) -> None:
        email = slugify(commit.author).replace("-", ".") + "@csu.example"
        msg = message.encode("utf-8")
        parts = [f"commit refs/heads/main\nauthor {commit.author} <{email}> {commit.stamp}\n"
                 f"committer {commit.author} <{email}> {commit.stamp}\ndata {len(msg)}\n".encode("utf-8"), msg, b"\n"]
        for path, text in changes:
            if text is None:
                parts.append(f"D {path}\n".encode("utf-8"))
            else:
                data = text.encode("utf-8")
                parts.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode("utf-8"))
                parts.append(data)
                parts.append(b"\n")
        parts.append(b"\n")
        sink(b"".join(parts))

    def add(self, batch: list[Article | Tree], day: date) -> Change:
        self.counts["add"] += 1
        changes: list[tuple[str, str | None]] = []
        if not self.added:
            changes += [("kb.yaml", self.content.config), (".gitignore", GITIGNORE)]
        for item in batch:
            item.reviewed = day - timedelta(days=self.rng.randint(0, 14))
            self.added.append(item)
            self.added_by_domain[item.domain].append(item)
            changes.append((item.path, item.render()))
        arts = sum(i.kind == "article" for i in batch)
        trees = len(batch) - arts
        what = " et ".join(x for x in (f"{arts} article{'s' if arts > 1 else ''}" if arts else "",
                                       f"{trees} arbre{'s' if trees > 1 else ''}" if trees else "") if x)
        domains = ", ".join(dict.fromkeys(i.domain for i in batch))
        if not batch:
            return "Configuration de la base\n", changes
        what = f"de {what}".replace("de 1 article", "d'un article").replace("de 1 arbre", "d'un arbre")
        return f"Ajout {what} ({domains})\n", changes

    def change(self, day: date) -> Change:
        rng = self.rng
        for _ in range(20):
            kind = rng.choices(["review", "edit", "rename", "archive", "publish"], [52, 40, 4, 1.5, 0.5])[0]
            result = getattr(self, f"_{kind}")(day)
            if result:
                self.counts[kind] += 1
                return result
        self.counts["review"] += 1
        return self._review(day)

    def _review(self, day: date) -> Change:
        # a team reviews items of one domain, the oldest reviews first (one folder per commit keeps
        # fast-import from rewriting every domain's tree object)
        pool = self.added_by_domain[self.gen.pick(self.added).domain]
        live = [i for i in (self.gen.pick(pool) for _ in range(30)) if i.status != "archived"]
        live = list(dict.fromkeys(live))
        if not live:
            live = [self.added[-1]]
        live.sort(key=lambda i: i.reviewed)
        chosen = live[:self.rng.randint(1, min(8, len(live)))]
        for item in chosen:
            item.reviewed = day
        ids = ", ".join(i.id for i in chosen)
        return f"Revue : {ids}\n", [(i.path, i.render()) for i in chosen]

    def _edit(self, day: date) -> Change | None:
        rng = self.rng
        pool = self.added_by_domain[self.gen.pick(self.added).domain]
        chosen = list(dict.fromkeys(self.gen.pick(pool) for _ in range(rng.randint(1, 3))))
        changes: list[tuple[str, str | None]] = []
        for item in chosen:
            if isinstance(item, Article):
                lines = item.body.split("\n")
                prose = [n for n, line in enumerate(lines) if line and line[0].isalpha() and "](" not in line
                         and not line.startswith("!!!")]
                if prose and rng.random() < 0.7:
                    lines[self.gen.pick(prose)] = self.gen.paragraph(item.domain)
                else:
                    lines[-1:] = ["", self.gen.paragraph(item.domain), ""]
                item.body = "\n".join(lines)
            else:
                node = self.gen.pick([n for n in item.nodes.values() if n.kind in ("ask", "do", "resolved")])
                if node.kind == "resolved":
                    node.text = f"{cap(self.gen.subject(item.domain))} {self.gen.pick(V.GOOD_STATES)}."
                else:
                    node.help = self.gen.sentence(item.domain)
            if rng.random() < 0.5:
                item.reviewed = day
            changes.append((item.path, item.render()))
        ids = ", ".join(i.id for i in chosen)
        return f"Mise à jour de {ids}\n", changes

    def _rename(self, day: date) -> Change | None:
        item = self.gen.pick(self.added)
        old = item.path
        title = self.gen.title(item.type if isinstance(item, Article) else "tree", item.domain)
        top, ext = ("kb", ".md") if item.kind == "article" else ("trees", ".yaml")
        slug = slugify(title)
        if f"{top}/{item.domain}/{slug}{ext}" in self.gen.paths:
            return None
        self.gen.paths.discard(old)
        self.gen.paths.add(f"{top}/{item.domain}/{slug}{ext}")
        if isinstance(item, Article):
            item.body = item.body.replace(f"# {item.title}\n", f"# {title}\n", 1)
        item.title, item.slug = title, slug
        return f"Renomme {item.id} : {title}\n", [(old, None), (item.path, item.render())]

    def _archive(self, day: date) -> Change | None:
        for _ in range(50):
            item = self.gen.pick(self.added)
            if item.status == "published" and self.live_incoming[item.id] == 0:
                item.status = "archived"
                for ref in item.refs():
                    self.live_incoming[ref] -= 1
                return f"Archive {item.id}\n", [(item.path, item.render())]
        return None

    def _publish(self, day: date) -> Change | None:
        for _ in range(50):
            item = self.gen.pick(self.added)
            if item.status == "draft":
                item.status, item.reviewed = "published", day
                return f"Publie {item.id}\n", [(item.path, item.render())]
        return None


def write_git(content: Content, out: Path, commits: int, months: int) -> dict:
    """Build the content through a git history (one git fast-import), then check it out."""
    started = time.perf_counter()
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    history = History(content, commits, months, content.seed)
    proc = subprocess.Popen(["git", "-c", "core.compression=1", "fast-import", "--quiet", "--done"], cwd=out, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    stdin = proc.stdin
    buffer: list[bytes] = []
    size = 0

    def sink(data: bytes) -> None:
        nonlocal size
        buffer.append(data)
        size += len(data)
        if size > 1 << 20:
            stdin.write(b"".join(buffer))
            buffer.clear()
            size = 0

    history.stream(sink)
    proc.stdin.write(b"".join(buffer))
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import a échoué")
    imported = time.perf_counter()
    subprocess.run(["git", "reset", "-q", "--hard"], cwd=out, check=True)
    return {"commits": history.commits, "counts": history.counts, "import_s": imported - started,
            "checkout_s": time.perf_counter() - imported}


# -- command line ---------------------------------------------------------------------------------
def _disk_usage(out: Path) -> tuple[int, int]:
    """(bytes of content files, bytes on disk including .git) under out."""
    content = disk = 0
    for path in out.rglob("*"):
        if path.is_file():
            st = path.stat()
            disk += st.st_blocks * 512
            if ".git" not in path.relative_to(out).parts:
                content += st.st_size
    return content, disk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Génère une base de connaissance synthétique pour les bancs d'essai.")
    parser.add_argument("out", type=Path, help="dossier à créer (vide ou absent)")
    parser.add_argument("--articles", type=int, default=200, help="nombre d'articles (défaut 200)")
    parser.add_argument("--trees", type=int, default=50, help="nombre d'arbres (défaut 50)")
    parser.add_argument("--seed", type=int, default=1, help="graine (défaut 1) : mêmes arguments, mêmes fichiers")
    parser.add_argument("--git-commits", type=int, default=0, help="construire le contenu par C commits git")
    parser.add_argument("--months", type=int, default=12, help="durée de l'historique git en mois (défaut 12)")
    parser.add_argument("--force", action="store_true", help="remplacer OUT s'il contient déjà une base générée")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.articles < 0 or args.trees < 0 or args.git_commits < 0 or args.months < 1:
        parser.error("les nombres doivent être positifs (--months au moins 1)")
    t0 = time.perf_counter()
    content = generate(args.articles, args.trees, args.seed)
    t1 = time.perf_counter()
    prepare_dir(args.out, args.force)
    if args.git_commits:
        stats = write_git(content, args.out, args.git_commits, args.months)
    else:
        write_files(content, args.out)
        stats = None
    t2 = time.perf_counter()
    if not args.quiet:
        files, disk = _disk_usage(args.out)
        print(f"{args.articles} articles, {args.trees} arbres dans {args.out} : génération {t1 - t0:.1f} s, "
              f"écriture {t2 - t1:.1f} s, total {t2 - t0:.1f} s ; fichiers {files / 1e6:.1f} Mo, "
              f"sur disque {disk / 1e6:.1f} Mo", file=sys.stderr)
        if stats:
            print(f"git : {stats['commits']} commits {stats['counts']}, fast-import {stats['import_s']:.1f} s, "
                  f"checkout {stats['checkout_s']:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

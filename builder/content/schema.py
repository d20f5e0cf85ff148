"""Field specifications and the reader that turns YAML mappings into typed values.

One spec per structure (article front matter, tree, node, answer, test, kb.yaml);
the reader checks keys, types, enums, dates and formats, records where each key
and value is written, and reports problems as findings. The JSON Schemas under
schemas/ describe the same fields for editors; a test keeps them in step.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from builder import settings
from builder.codes import finding
from builder.model import (ARTICLE_TYPES, AUDIENCES, IMPACTS, STATUSES, URGENCIES, Finding, Interval, Pos, Ref,
                    Text)
from builder.content.suggest import closest, did_you_mean, quoted_list
from builder.content.yamlio import MappingNode, Node, ScalarNode, SequenceNode, is_null, resolve_scalar

_new_pos = tuple.__new__

ARTICLE_ID = re.compile(r"KB-[0-9]{4,}\Z")
TREE_ID = re.compile(r"TR-[A-Z0-9-]+\Z")
NODE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")
DOMAIN_KEY = re.compile(settings.DOMAIN_KEY + r"\Z")
PLACEHOLDER_NAME = re.compile(settings.PLACEHOLDER_NAME + r"\Z")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DURATION = re.compile(settings.DURATION + r"\Z")
_INTERVAL = re.compile(settings.INTERVAL + r"\Z")

KIND_LABELS = {
    "text": "un texte", "texts": "une liste de textes, par exemple [a, b]", "id": "un identifiant",
    "ref": "un nom", "refs": "une liste d'identifiants, par exemple [KB-0001]", "date": "une date AAAA-MM-JJ",
    "interval": "un intervalle comme « 6 months »", "duration": "une durée comme « 5 min »",
    "enum": "une valeur de la liste", "enums": "une liste de valeurs, par exemple [agent]",
    "number": "un nombre", "bool": "true ou false", "mapping": "un dictionnaire « clé: valeur »", "sequence": "une liste",
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # a key of KIND_LABELS
    required: bool = False
    choices: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    nonempty: bool = False  # lists: at least one value


ARTICLE_FIELDS = (
    Field("id", "id", True, pattern=ARTICLE_ID),
    Field("title", "text", True),
    Field("type", "enum", True, ARTICLE_TYPES),
    Field("audience", "enums", True, AUDIENCES, nonempty=True),
    Field("domain", "text", True),
    Field("tags", "texts"),
    Field("owner", "text", True),
    Field("reviewed", "date"),
    Field("review_every", "interval"),
    Field("status", "enum", True, STATUSES),
    Field("questions", "texts"),
    Field("related", "refs"),
    Field("categories", "texts"),
)

TREE_FIELDS = (
    Field("id", "id", True, pattern=TREE_ID),
    Field("title", "text", True),
    Field("domain", "text", True),
    Field("audience", "enums", True, AUDIENCES, nonempty=True),
    Field("owner", "text", True),
    Field("reviewed", "date"),
    Field("review_every", "interval"),
    Field("status", "enum", True, STATUSES),
    Field("symptoms", "texts"),
    Field("start", "ref", True),
    Field("nodes", "mapping", True),
    Field("tests", "sequence"),
    Field("categories", "texts"),
)

NODE_FIELDS = (
    Field("ask", "text"), Field("do", "text"), Field("goto", "ref"), Field("resolved", "text"),
    Field("escalate", "ref"), Field("help", "text"), Field("see", "refs"), Field("answers", "sequence"),
    Field("next", "ref"), Field("impact", "enum", choices=IMPACTS), Field("urgency", "enum", choices=URGENCIES),
    Field("ticket", "text"), Field("duration", "duration"), Field("category", "text"),
)
# keys each node kind accepts, and those it requires
NODE_KEYS = {
    "ask": ({"ask", "help", "see", "answers", "duration"}, ("answers",)),
    "do": ({"do", "help", "see", "next", "duration"}, ("next",)),
    "goto": ({"goto", "duration"}, ()),
    "resolved": ({"resolved", "help", "see", "duration", "category"}, ()),
    "escalate": ({"escalate", "impact", "urgency", "ticket", "help", "see", "duration", "category"},
                 ("impact", "urgency")),
}

ANSWER_FIELDS = (Field("label", "text", True), Field("next", "ref", True))
TEST_FIELDS = (Field("path", "texts", True), Field("expect", "ref", True))

# kb.yaml: the declarations of builder/settings.py, as the reader's field specs
_READ_AS = {"text": "text", "url": "text", "number": "number", "interval": "interval", "duration": "duration",
            "texts": "texts", "labels": "mapping", "section": "mapping", "severities": "mapping",
            "synonyms": "sequence", "bool": "bool"}


def setting_fields(declared: tuple[settings.Setting, ...]) -> tuple[Field, ...]:
    return tuple(Field(s.key, _READ_AS[s.kind], s.required) for s in declared)


CONFIG_FIELDS = setting_fields(settings.SETTINGS)
SECTION_FIELDS = {s.key: setting_fields(s.children) for s in settings.SETTINGS if s.kind == "section"}
SIZE = re.compile(r"([0-9]+)\s*(Ko|KB|kB|Kio|KiB|Mo|MB|Mio|MiB)\Z")


@dataclass
class Values:
    """What a mapping held, typed, with positions."""

    pos: Pos  # the mapping itself
    values: dict[str, Any] = field(default_factory=dict)
    keypos: dict[str, Pos] = field(default_factory=dict)
    valpos: dict[str, Pos] = field(default_factory=dict)
    invalid: set[str] = field(default_factory=set)  # keys whose value was reported as wrong
    misspelt: set[str] = field(default_factory=set)  # keys an unknown key was taken for (« nxt » → next)

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def __contains__(self, name: str) -> bool:
        return name in self.values


class Reader:
    """Reads mappings of one file against field specs, collecting findings."""

    def __init__(self, path: str, line_offset: int = 0, text: str = "") -> None:
        self.path = path
        self.offset = line_offset
        self.text = text  # the YAML read, so that multi-line texts keep their source for positions
        self.findings: list[Finding] = []

    def pos(self, node: Node) -> Pos:
        mark = node.start_mark
        return _new_pos(Pos, (mark.line + self.offset, mark.column))

    def report(self, code: str, pos: Pos, message: str, hint: str = "") -> None:
        self.findings.append(finding(code, self.path, pos, message, hint))

    # -- structures -------------------------------------------------------------------
    def pairs(self, node: MappingNode) -> list[tuple[str, Pos, Node]]:
        """Key/value pairs of a mapping; reports non-text keys and duplicates (first wins)."""
        seen: dict[str, Pos] = {}
        out = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.value == "<<":
                self.report("SC002", self.pos(key_node), "clé invalide : une clé est un simple nom",
                            "les clés de fusion « << » et les clés composées ne sont pas acceptées")
                continue
            key, kpos = str(key_node.value), self.pos(key_node)
            if key in seen:
                self.report("YM002", kpos, f"clé « {key} » en double (déjà définie ligne {seen[key].line + 1})")
                continue
            seen[key] = kpos
            out.append((key, kpos, value_node))
        return out

    def mapping(self, node: Node | None, fields: tuple[Field, ...], where: Pos, what: str,
                allowed: set[str] | None = None) -> Values:
        """Read a mapping against its fields; `allowed` restricts the accepted keys further."""
        out = Values(where)
        if node is None:
            node_pos = where
            pairs: list[tuple[str, Pos, Node]] = []
        elif not isinstance(node, MappingNode):
            self.report("SC002", self.pos(node), f"{what} : un dictionnaire « clé: valeur » est attendu")
            return out
        else:
            node_pos = self.pos(node)
            pairs = self.pairs(node)
        specs = {f.name: f for f in fields}
        for key, kpos, value_node in pairs:
            spec = specs.get(key)
            if spec is None:
                meant = closest(key, specs)
                if meant:
                    out.misspelt.add(meant)
                self.report("SC007", kpos, f"clé inconnue « {key} » dans {what}",
                            f"vouliez-vous dire « {meant} » ?" if meant else f"clés possibles : {quoted_list(specs, 20)}")
                continue
            out.keypos[key] = kpos
            out.valpos[key] = vpos = self.pos(value_node)
            before = len(self.findings)
            value = self.value(value_node, spec, what, vpos)
            if value is not None:
                out.values[key] = value
            if len(self.findings) > before:
                out.invalid.add(key)
        for spec in fields:
            if spec.required and spec.name not in out.keypos and spec.name not in out.misspelt and \
                    (allowed is None or spec.name in allowed):
                self.report("SC001", where if node is None else node_pos,
                            f"champ obligatoire « {spec.name} » manquant dans {what}")
        return out

    # -- scalar kinds -----------------------------------------------------------------
    def value(self, node: Node, spec: Field, what: str, pos: Pos | None = None) -> Any:
        kind = spec.kind
        if kind == "mapping":
            return node if self.expect(node, MappingNode, spec, what) else None
        if kind == "sequence":
            return node if self.expect(node, SequenceNode, spec, what) else None
        if kind in ("texts", "refs", "enums"):
            if not self.expect(node, SequenceNode, spec, what):
                return None
            items = [self.scalar(item, spec, what, kind[:-1]) for item in node.value]
            values = tuple(v for v in items if v is not None)
            if spec.nonempty and not node.value:
                self.report("SC002", self.pos(node), f"« {spec.name} » ne peut pas être une liste vide",
                            f"valeurs possibles : {quoted_list(spec.choices)}" if spec.choices else "")
            return values
        return self.scalar(node, spec, what, kind, pos)

    def expect(self, node: Node, cls: type, spec: Field, what: str) -> bool:
        if isinstance(node, cls):
            return True
        if isinstance(node, ScalarNode) and is_null(node) and not spec.required:
            return False  # an empty optional value is simply absent
        self.report("SC002", self.pos(node), f"« {spec.name} » doit être {KIND_LABELS[spec.kind]}",
                    "écrivez [valeur] pour une liste d'une seule valeur"
                    if cls is SequenceNode and isinstance(node, ScalarNode) else "")
        return False

    def scalar(self, node: Node, spec: Field, what: str, kind: str, pos: Pos | None = None) -> Any:
        pos = pos or self.pos(node)
        if not isinstance(node, ScalarNode):
            self.report("SC002", pos, f"« {spec.name} » : {KIND_LABELS[kind]} est attendu, pas "
                        f"{'une liste' if isinstance(node, SequenceNode) else 'un dictionnaire'}")
            return None
        # only numbers need the whole YAML 1.2 resolution; the other kinds read the text as written
        resolved = resolve_scalar(node) if kind in ("number", "bool") else (None if is_null(node) else node.value)
        if resolved is None:
            if kind != "date":  # an empty date is reported as "never reviewed" by the loader
                self.report("SC002", pos, f"« {spec.name} » est vide")
            return None
        raw = str(node.value).strip() if not node.style else str(node.value)
        if raw == "" and kind != "date":
            self.report("SC002", pos, f"« {spec.name} » est vide")
            return None
        if kind == "text":
            spans = node.end_mark.line > node.start_mark.line and self.text
            source = self.text[node.start_mark.index:node.end_mark.index] if spans else ""
            return Text(raw, pos, node.style or "", source)
        if kind == "ref":
            return Ref(raw, pos)
        if kind == "id":
            if spec.pattern and not spec.pattern.match(raw):
                self.report("SC006", pos, f"identifiant mal formé « {raw} »",
                            "attendu : KB- suivi d'au moins 4 chiffres" if spec.pattern is ARTICLE_ID
                            else "attendu : TR- suivi de majuscules, chiffres et tirets")
            return Ref(raw, pos)
        if kind == "enum":
            if raw not in spec.choices:
                self.report("SC003", pos, f"valeur « {raw} » non autorisée pour « {spec.name} »",
                            did_you_mean(raw, spec.choices) or f"valeurs possibles : {quoted_list(spec.choices)}")
                return None
            return raw
        if kind == "date":
            try:
                if not DATE.match(raw):
                    raise ValueError
                return date.fromisoformat(raw)
            except ValueError:
                self.report("SC004", pos, f"date invalide « {raw} »", "format attendu : AAAA-MM-JJ, par exemple 2026-03-31")
                return None
        if kind == "duration":
            minutes = parse_duration(raw)
            if minutes is None:
                self.report("SC010", pos, f"durée illisible « {raw} »", "écrivez par exemple « 5 min » ou « 1 h »")
            return minutes
        if kind == "interval":
            interval = parse_interval(raw)
            if interval is None:
                self.report("SC010", pos, f"intervalle illisible « {raw} »",
                            "écrivez par exemple « 6 months », « 12 mois » ou « 30 days »")
            return interval
        if kind == "bool":
            if not isinstance(resolved, bool):
                self.report("SC002", pos, f"« {spec.name} » doit valoir true ou false")
                return None
            return resolved
        if kind == "number":
            if isinstance(resolved, bool) or not isinstance(resolved, (int, float)):
                self.report("SC002", pos, f"« {spec.name} » doit être un nombre")
                return None
            return resolved
        raise AssertionError(kind)


def parse_duration(raw: str) -> int | None:
    """Minutes in « 5 min » or « 1 h »."""
    match = _DURATION.match(raw.strip())
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    return amount * 60 if unit.startswith("h") else amount


def parse_interval(raw: str) -> Interval | None:
    """« 6 months », « 12 mois », « 30 days », « 2 weeks », « 1 year »."""
    match = _INTERVAL.match(raw.strip())
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    if unit.startswith(("month", "mois")):
        return Interval(months=amount)
    if unit.startswith(("year", "an")):
        return Interval(months=12 * amount)
    if unit.startswith(("week", "semaine")):
        return Interval(days=7 * amount)
    return Interval(days=amount)

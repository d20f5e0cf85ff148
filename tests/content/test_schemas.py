"""The JSON Schemas under schemas/ (for editors) say what the loader says.

The shipped content passes them; their keys, required keys, enums and patterns are
those of builder/schema.py; and every field, probed with the same values, gets the
same verdict from the schema as from the loader.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor

from builder.content import schema as spec
from builder.codes import CHECKS
from builder.content.load import load_article, load_config, load_tree
from builder.model import (ARTICLE_TYPES, AUDIENCES, IMPACTS, NODE_KINDS, STATUSES, URGENCIES, Base, Config,
                           Tree)
from builder.check.rules import trees as tree_rules

ROOT = Path(__file__).parents[2]
SCHEMAS = ROOT / "schemas"
NAMES = ("article", "tree", "kb")


# -- reading YAML as an editor does -------------------------------------------------------
class _KeepDates(SafeConstructor):
    """Dates stay text, as in VS Code's YAML extension and in the loader (which checks them itself)."""


_KeepDates.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


_YAML = YAML(typ="safe")
_YAML.Constructor = _KeepDates


def parse(text: str) -> Any:
    return _string_keys(_YAML.load(text))


def _string_keys(value: Any) -> Any:
    """JSON keys are text; the loader reads `1:` as the name « 1 » too."""
    if isinstance(value, dict):
        return {str(k): _string_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_string_keys(v) for v in value]
    return value


def front_matter(text: str) -> str:
    """The text between the first line `---` and the next `---` line."""
    lines = text.split("\n")
    assert lines[0].rstrip() == "---", "l'article doit commencer par « --- »"
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    return "\n".join(lines[1:end]) + "\n"


@functools.cache
def _schema_text(name: str) -> str:
    return (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")


def schema(name: str) -> dict[str, Any]:
    return json.loads(_schema_text(name))


@functools.cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name), format_checker=FormatChecker())


def problems(name: str, document: Any) -> list[str]:
    errors = sorted(validator(name).iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(racine)'} : {e.message}" for e in errors]


# -- the schemas themselves ---------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_each_schema_is_a_valid_2020_12_schema(name: str) -> None:
    document = schema(name)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("name", NAMES)
def test_every_property_is_documented_in_french(name: str) -> None:
    def walk(node: Any, where: str) -> list[str]:
        missing = []
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                if not sub.get("title") or not sub.get("description"):
                    missing.append(f"{where}/{key}")
            for key, sub in node.items():
                missing.extend(walk(sub, f"{where}/{key}"))
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                missing.extend(walk(sub, f"{where}/{i}"))
        return missing
    assert walk(schema(name), "") == []


def test_vscode_maps_the_schemas_to_the_content() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = {Path(k).name: v for k, v in settings["yaml.schemas"].items()}
    assert mapping == {"tree.schema.json": ["trees/**/*.yaml"], "kb.schema.json": ["kb.yaml"]}
    assert all((ROOT / k).is_file() for k in settings["yaml.schemas"])
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


# -- the shipped content ------------------------------------------------------------------
ARTICLES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "kb").rglob("*.md"))
TREES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "trees").rglob("*.yaml"))


def test_there_is_content_to_validate() -> None:
    assert ARTICLES and TREES


@pytest.mark.parametrize("path", ARTICLES)
def test_shipped_article_front_matter_is_valid(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    assert problems("article", parse(front_matter(text))) == []


@pytest.mark.parametrize("path", TREES)
def test_shipped_tree_is_valid(path: str) -> None:
    assert problems("tree", parse((ROOT / path).read_text(encoding="utf-8"))) == []


def test_shipped_kb_yaml_is_valid() -> None:
    assert problems("kb", parse((ROOT / "kb.yaml").read_text(encoding="utf-8"))) == []


# -- agreement with builder/schema.py -----------------------------------------------------
def names(fields: tuple[spec.Field, ...]) -> set[str]:
    return {f.name for f in fields}


def required(fields: tuple[spec.Field, ...]) -> set[str]:
    return {f.name for f in fields if f.required}


def assert_object(node: dict[str, Any], fields: tuple[spec.Field, ...]) -> None:
    assert set(node["properties"]) == names(fields)
    assert set(node.get("required", ())) == required(fields)
    assert node["additionalProperties"] is False


def test_article_keys_agree() -> None:
    assert_object(schema("article"), spec.ARTICLE_FIELDS)


def test_tree_keys_agree() -> None:
    tree = schema("tree")
    assert_object(tree, spec.TREE_FIELDS)
    assert_object(tree["$defs"]["reponse"], spec.ANSWER_FIELDS)
    assert_object(tree["$defs"]["test"], spec.TEST_FIELDS)


def test_node_kinds_agree() -> None:
    defs = schema("tree")["$defs"]
    assert [r["$ref"] for r in defs["noeud"]["oneOf"]] == [f"#/$defs/noeud_{k}" for k in NODE_KINDS]
    assert set(spec.NODE_KEYS) == set(NODE_KINDS)
    for kind, (accepted, needed) in spec.NODE_KEYS.items():
        node = defs[f"noeud_{kind}"]
        assert set(node["properties"]) == accepted, kind
        assert set(node["required"]) == {kind, *needed}, kind
        assert node["additionalProperties"] is False
        assert accepted <= names(spec.NODE_FIELDS)
    assert defs["noeud_ask"]["properties"]["answers"]["minItems"] == 2


def test_kb_yaml_keys_agree() -> None:
    kb = schema("kb")
    assert_object(kb, spec.CONFIG_FIELDS)
    props = kb["properties"]
    for section, fields in spec.SECTION_FIELDS.items():
        assert_object(props[section], fields)
    assert set(props["review_every"]["properties"]) == {*ARTICLE_TYPES, "tree"}
    assert props["review_every"]["additionalProperties"] is False
    assert props["severity"]["propertyNames"]["enum"] == sorted(CHECKS)
    assert props["severity"]["additionalProperties"]["enum"] == ["error", "warning", "info", "off"]


def test_enums_agree() -> None:
    article, tree = schema("article")["properties"], schema("tree")
    assert tuple(article["type"]["enum"]) == ARTICLE_TYPES
    for props in (article, tree["properties"]):
        assert tuple(props["audience"]["items"]["enum"]) == AUDIENCES
        assert props["audience"]["minItems"] == 1
        assert tuple(props["status"]["enum"]) == STATUSES
    escalate = tree["$defs"]["noeud_escalate"]["properties"]
    assert tuple(escalate["impact"]["enum"]) == IMPACTS
    assert tuple(escalate["urgency"]["enum"]) == URGENCIES
    for field in (*spec.ARTICLE_FIELDS, *spec.TREE_FIELDS, *spec.NODE_FIELDS):
        assert field.kind not in ("enum", "enums") or field.choices in (ARTICLE_TYPES, AUDIENCES, STATUSES,
                                                                        IMPACTS, URGENCIES), field.name


def anchored(pattern: str) -> str:
    return "^" + pattern.removesuffix(r"\Z") + "$"


def stripped(pattern: str) -> str:
    """The loader strips the value before matching durations and intervals."""
    return r"^\s*" + pattern.removesuffix(r"\Z") + r"\s*$"


def test_patterns_agree() -> None:
    article, tree, kb = schema("article"), schema("tree"), schema("kb")
    assert article["properties"]["id"]["pattern"] == anchored(spec.ARTICLE_ID.pattern) == "^KB-[0-9]{4,}$"
    assert tree["properties"]["id"]["pattern"] == anchored(spec.TREE_ID.pattern) == "^TR-[A-Z0-9-]+$"
    assert tree["properties"]["nodes"]["propertyNames"]["pattern"] == anchored(spec.NODE_NAME.pattern)
    assert kb["properties"]["domains"]["propertyNames"]["pattern"] == anchored(spec.DOMAIN_KEY.pattern)
    assert kb["properties"]["placeholders"]["propertyNames"]["pattern"] == anchored(spec.PLACEHOLDER_NAME.pattern)
    for document in (article, tree):
        reviewed = document["properties"]["reviewed"]
        assert reviewed["pattern"] == anchored(spec.DATE.pattern) == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        assert reviewed["format"] == "date"
    for document in (article, tree, kb):
        defs = document["$defs"]
        assert defs["intervalle"]["pattern"] == stripped(spec._INTERVAL.pattern)
        if "duree" in defs:
            assert defs["duree"]["pattern"] == stripped(spec._DURATION.pattern)


# -- invalid documents --------------------------------------------------------------------
TREE_HEAD = """\
id: TR-TEST-01
title: Arbre d'essai
domain: comptes
audience: [agent]
owner: equipe
reviewed: 2026-01-01
status: draft
start: debut
nodes:
"""


@pytest.mark.parametrize("nodes", [
    "  debut:\n    do: Redémarrer le poste.\n    nxt: fin\n  fin:\n    resolved: Résolu.\n",
    "  debut:\n    ask: Le poste démarre-t-il ?\n    answers:\n      - {label: Oui, next: fin}\n"
    "  fin:\n    resolved: Résolu.\n",
    "  debut:\n    escalate: AIT\n    impact: modere\n",
    "  debut:\n    do: Redémarrer.\n    resolved: Résolu.\n    next: debut\n",
    "  debut:\n    goto: TR-AUTRE-01\n    help: Pas d'aide sur un renvoi.\n",
    "  début:\n    resolved: Résolu.\n",
], ids=["nxt-in-do", "ask-one-answer", "escalate-no-urgency", "two-kinds", "help-in-goto", "accented-name"])
def test_invalid_trees_are_rejected(nodes: str) -> None:
    assert problems("tree", parse(TREE_HEAD + nodes))


ARTICLE = """\
id: KB-0042
title: Titre
type: procedure
audience: [agent]
domain: comptes
owner: equipe
reviewed: 2026-01-01
status: published
"""


def test_valid_article_is_accepted() -> None:
    assert problems("article", parse(ARTICLE)) == []


@pytest.mark.parametrize("old, new", [
    ("type: procedure", "type: procédure"),
    ("id: KB-0042", "id: KB-12"),
    ("audience: [agent]", "audience: []"),
    ("reviewed: 2026-01-01", "reviewed: 2026-02-30"),
    ("status: published", "status: published\nstatut: brouillon"),
])
def test_invalid_articles_are_rejected(old: str, new: str) -> None:
    assert problems("article", parse(ARTICLE.replace(old, new)))


# -- each field probed: the schema's verdict is the loader's ------------------------------
PROBES = (
    None, "", "~", "''", "texte", "42", "0.5", "true", "[]", "[a, b]", "[~]", "[[a, b]]", "{}", "{a: b}",
    "KB-0042", "KB-12", "TR-RESEAU-01", "TR-réseau", "procedure", "procédure", "published", "brouillon",
    "[agent]", "[agent, user]", "[agent, admin]", "agent", "critique", "severe", "sévère",
    "2026-01-01", "2026-02-30", "'2026-01-01'", "2026-1-1", "6 months", "12 mois", "30 days", "2 semaines",
    "1 year", "6", "5 min", "1 h", "2 heures", "5", "5 secondes", "https://kb.example/", "http://kb", "ftp://kb",
)  # None: the key is absent
NODE_PROBES = (
    "[{label: Oui, next: fin}, {label: Non, next: fin}]", "[{label: Oui, next: fin}]", "[{label: Oui}]",
    "[{label: Oui, next: fin}, {label: Non, nxt: fin}]", "[{label: Oui, next: fin}, {label: ~, next: fin}]",
    "[Oui, Non]", "[KB-0001]", "fin", "AIT",
)
TREE_PROBES = (
    "[{path: [Oui], expect: fin}]", "[{path: [], expect: fin}]", "[{path: Oui, expect: fin}]", "[{path: [Oui]}]",
    "[{path: [Oui], expect: fin, x: 1}]", "[{path: [~], expect: fin}]", "[fin]", "{fin: {resolved: Fin}}",
    "{fin: {resolved: Fin, next: fin}}", "{Fin-2_b: {resolved: Fin}}", "{_fin: {resolved: Fin}}",
    "{fin: resolved}", "{1: {resolved: Fin}}", "{fin: {}}",
)
KB_PROBES = (
    "{comptes: Comptes}", "{Comptes: Comptes}", "{poste-de-travail: Poste}", "{numero_support: x}",
    "{a: ''}", "{a: 42}", "{a: [x]}", "{a: {b: c}}", "{faq: 6 months}", "{faq: 6}", "{tree: ~}", "{foo: 6 months}",
    "{target: 0.9}", "{target: 1}", "{target: 2}", "{target: -0.1}", "{target: true}", "{target: '0.9'}",
    "{due_soon: 30 days}", "{due_soon: 30}", "{escalate_within: 20 min}", "{resolve_within: 20}",
    "{title_prefix: 'CSU:'}", "{title_prefix: ''}", "{title_prefix: ~}", "{category: Base}",
    "[[mdp, mot de passe]]", "[[mdp]]", "[mdp]", "[[mdp, ~]]", "[[]]", "{a: null}",
    "{CT003: off}", "{CT003: info}", "{CT003: fatal}", "{XX999: off}", "{CT003: ~}", "{CT003: [off]}",
)


def known(name: str, key: str, probe: str | None) -> bool:
    """What the loader accepts and the schema deliberately refuses (loader quirks, reported)."""
    if name != "kb" or probe is None:
        return False
    if key == "synonyms":
        return probe in ("[~]", "[[]]")  # the loader silently skips an empty group
    return False


Fields = dict[str, str | None]  # key -> YAML text of its value, None for an absent key


def lines(fields: Fields, indent: str = "") -> str:
    return "".join(f"{indent}{key}:{' ' + value if value else ''}\n" for key, value in fields.items()
                   if value is not None)


def loader_rejects_article(doc: str) -> bool:
    _, findings = load_article("kb/comptes/essai.md", f"---\n{doc}---\n\nCorps.\n")
    return any(f.code != "SC013" for f in findings)  # « never reviewed » is not a question of format


def loader_rejects_tree(doc: str) -> bool:
    tree, findings = load_tree("trees/comptes/essai.yaml", doc)
    if any(f.code != "SC013" for f in findings):
        return True
    assert isinstance(tree, Tree)
    base = Base(ROOT, Config(), [], [tree], [])
    return any(f.code == "TR106" for f in tree_rules.check(base))  # answers: two or more


def loader_rejects_config(doc: str) -> bool:
    return bool(load_config("kb.yaml", doc)[1])


def disagreements(name: str, base: Fields, probes: tuple[str | None, ...], render: Callable[[Fields], str],
                  rejects: Callable[[str], bool]) -> list[str]:
    found = []
    for key in base:
        for probe in probes:
            doc = render({**base, key: probe})
            by_loader, by_schema = rejects(doc), not validator(name).is_valid(parse(doc))
            if by_loader != by_schema and not known(name, key, probe):
                found.append(f"{key}: {probe!r} — chargeur : {'refus' if by_loader else 'accord'}, "
                             f"schéma : {'refus' if by_schema else 'accord'}")
    return found


ARTICLE_BASE = {"id": "KB-0042", "title": "Titre", "type": "procedure", "audience": "[agent]", "domain": "comptes",
                "owner": "equipe", "reviewed": "2026-01-01", "status": "draft", "tags": None,
                "review_every": None, "questions": None, "related": None, "categories": None}


def test_article_fields_get_the_loaders_verdict() -> None:
    assert set(ARTICLE_BASE) == names(spec.ARTICLE_FIELDS)
    assert disagreements("article", ARTICLE_BASE, PROBES, lines, loader_rejects_article) == []


TREE_BASE = {"id": "TR-TEST-01", "title": "Arbre", "domain": "comptes", "audience": "[agent]", "owner": "equipe",
             "reviewed": "2026-01-01", "status": "draft", "symptoms": None, "start": "fin",
             "nodes": "{fin: {resolved: Fin}}", "review_every": None, "tests": None, "categories": None}


def test_tree_fields_get_the_loaders_verdict() -> None:
    assert set(TREE_BASE) == names(spec.TREE_FIELDS)
    assert disagreements("tree", TREE_BASE, PROBES + TREE_PROBES, lines, loader_rejects_tree) == []


NODE_BASES = {
    "ask": {"ask": "Question ?", "answers": NODE_PROBES[0]},
    "do": {"do": "Faire.", "next": "fin"},
    "goto": {"goto": "TR-AUTRE-01"},
    "resolved": {"resolved": "Résolu."},
    "escalate": {"escalate": "AIT", "impact": "modere", "urgency": "moyenne"},
}


@pytest.mark.parametrize("kind", NODE_KINDS)
def test_node_fields_get_the_loaders_verdict(kind: str) -> None:
    head = {k: v for k, v in TREE_BASE.items() if k != "nodes"} | {"start": "probe"}
    base = {f.name: None for f in spec.NODE_FIELDS} | NODE_BASES[kind]

    def render(node: Fields) -> str:
        return lines(head) + "nodes:\n  probe:\n" + lines(node, "    ") + "  fin:\n    resolved: Fin.\n"
    assert disagreements("tree", base, PROBES + NODE_PROBES, render, loader_rejects_tree) == []


KB_BASE = {"title": "Base", "site_url": None, "domains": "{comptes: Comptes}", "groups": "{AIT: Assistance}",
           "review_every": None, "pil05": None, "time_limits": None, "mediawiki": None, "synonyms": None,
           "placeholders": None, "allowlist": None, "severity": None, "usage": None, "categories": None,
           "tickets": None, "images": None, "portal": None}


def test_kb_yaml_fields_get_the_loaders_verdict() -> None:
    assert set(KB_BASE) == names(spec.CONFIG_FIELDS)
    assert disagreements("kb", KB_BASE, PROBES + KB_PROBES, lines, loader_rejects_config) == []

"""`kb export chatbot --format rasa`: files that Rasa 3.6 accepts, and dialogues that lead somewhere.

The files are validated with Rasa's own published schemas, taken from the rasa 3.6
wheel downloaded from the package registry at test time (Rasa itself does not
install on Python 3.11) and cached under .pytest_cache. The dialogues are then
walked from the exported files alone, down every button.
"""
from __future__ import annotations

import ast
import logging
import os
import re
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from builder.content.load import load_base
from builder.model import Base, Item, Tree
from builder.freshness.review_state import State, state_at
from builder.content.urls import page_url
from helpers import DATA, PROJECT, invoke

RASA = "3.6.21"
SCHEMAS = {  # our file → Rasa's schema for it (as Rasa's readers choose them)
    "data/nlu.yml": "rasa/shared/nlu/training_data/schemas/nlu.yml",
    "data/rules.yml": "rasa/shared/utils/schemas/stories.yml",
    "domain.yml": "rasa/shared/utils/schemas/domain.yml",
    "config.yml": "rasa/shared/utils/schemas/model_config.yml",
}
RESPONSES = "rasa/shared/nlu/training_data/schemas/responses.yml"
EXTENSIONS = "rasa/shared/utils/pykwalify_extensions.py"
NEEDED = [*SCHEMAS.values(), RESPONSES, EXTENSIONS, "rasa/shared/constants.py",
          "rasa/shared/nlu/training_data/entities_parser.py"]


@pytest.fixture(scope="session")
def rasa(request: pytest.FixtureRequest) -> Path:
    """The schema files of the rasa wheel, extracted once per machine."""
    cache = Path(request.config.cache.mkdir(f"rasa-{RASA}"))
    extracted = cache / "extracted"
    if not all((extracted / name).is_file() for name in NEEDED):
        wheel = next(cache.glob(f"rasa-{RASA}-*.whl"), None)
        if wheel is None:
            result = subprocess.run(
                [sys.executable, "-m", "pip", "download", f"rasa=={RASA}", "--no-deps", "--only-binary=:all:",
                 "--python-version", "3.10", "--dest", str(cache), "--quiet", "--disable-pip-version-check"],
                capture_output=True, text=True, timeout=600)
            wheel = next(cache.glob(f"rasa-{RASA}-*.whl"), None)
            if wheel is None:
                reason = f"la roue rasa {RASA} n'a pas pu être téléchargée : {result.stderr[-800:]}"
                if os.environ.get("CI"):
                    pytest.fail(reason)
                pytest.skip(reason)
        with zipfile.ZipFile(wheel) as archive:
            for name in NEEDED:
                archive.extract(name, extracted)
    return extracted


def export(root: Path, out: Path) -> dict[str, Any]:
    result = invoke("export", "chatbot", "--format", "rasa", "--out", str(out), "--root", str(root))
    assert result.exit_code == 0, result.output
    reader = YAML(typ="safe", pure=True)
    return {name: reader.load((out / name).read_text(encoding="utf-8")) for name in SCHEMAS}


def schema_errors(rasa: Path, text: str, schema: str) -> list[str]:
    """What Rasa's validate_yaml_schema does: pykwalify, its schema plus the responses schema, its extension."""
    from pykwalify.core import Core
    from pykwalify.errors import SchemaError

    logging.getLogger("pykwalify").setLevel(logging.CRITICAL)
    safe = YAML(typ="safe", pure=True)
    schema_data = dict(safe.load((rasa / schema).read_text()), **safe.load((rasa / RESPONSES).read_text()))
    reader = YAML(typ="rt")
    reader.version = (1, 2)  # type: ignore[assignment]
    core = Core(source_data=reader.load(text), schema_data=schema_data, extensions=[str(rasa / EXTENSIONS)])
    try:
        core.validate(raise_exception=True)
    except SchemaError:
        return [str(e) for e in core.errors]
    return []


def rasa_constant(rasa: Path, module: str, name: str) -> Any:
    """A constant of Rasa's source, read without importing Rasa."""
    tree = ast.parse((rasa / module).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            value = node.value
            if isinstance(value, ast.Call):  # re.compile("…")
                return re.compile(ast.literal_eval(value.args[0]))
            return ast.literal_eval(value)
    raise LookupError(name)


ROOTS = {"cas de test": DATA / "chatbot", "bibliothèque livrée": PROJECT}


@pytest.fixture(scope="module", params=list(ROOTS), ids=["test", "livree"])
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path,
                                                                                                   dict[str, Any]]:
    root = ROOTS[request.param]
    out = tmp_path_factory.mktemp("rasa")
    return root, out, export(root, out)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pykwalify loads Rasa's extension the old way
def test_every_file_validates_against_rasas_own_schemas(rasa: Path, exported: tuple) -> None:
    _, out, files = exported
    for name, schema in SCHEMAS.items():
        assert schema_errors(rasa, (out / name).read_text(encoding="utf-8"), schema) == [], name
    latest = rasa_constant(rasa, "rasa/shared/constants.py", "LATEST_TRAINING_DATA_FORMAT_VERSION")
    for name in ("data/nlu.yml", "data/rules.yml", "domain.yml"):
        assert files[name]["version"] == latest == "3.1"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_schema_check_does_reject_a_broken_file(rasa: Path) -> None:
    broken = 'version: "3.1"\nresponses:\n  utter_x:\n    - buttons: [{title: Oui, payload: /oui}]\n'
    assert schema_errors(rasa, broken, SCHEMAS["domain.yml"])  # a response needs a text
    assert schema_errors(rasa, 'version: "3.1"\nnlu:\n  - intent: x\n    examples: 3\n', SCHEMAS["data/nlu.yml"])


def test_examples_read_as_rasa_reads_them(rasa: Path, exported: tuple) -> None:
    _, _, files = exported
    entity = rasa_constant(rasa, "rasa/shared/nlu/training_data/entities_parser.py", "ENTITY_REGEX")
    for block in files["data/nlu.yml"]["nlu"]:
        lines = block["examples"].splitlines()
        assert len(lines) >= 2 and all(line.startswith("- ") for line in lines), block["intent"]
        for line in lines:
            assert not entity.search(line), f"{line!r} serait lu comme une entité"


def test_intents_rules_responses_and_buttons_agree(exported: tuple) -> None:
    _, _, files = exported
    domain, rules, nlu = files["domain.yml"], files["data/rules.yml"]["rules"], files["data/nlu.yml"]["nlu"]
    intents = set(domain["intents"])
    responses = domain["responses"]
    assert len(intents) == len(domain["intents"])
    by_intent: dict[str, list[str]] = {}
    for rule in rules:
        first, *actions = rule["steps"]
        assert first["intent"] not in by_intent, f"deux règles pour {first['intent']}"
        by_intent[first["intent"]] = [step["action"] for step in actions]
        assert actions and all(set(step) == {"action"} for step in actions), rule["rule"]
    assert set(by_intent) == intents | {"nlu_fallback"}, "chaque intention a sa règle, et rien d'autre"
    for actions in by_intent.values():
        assert all(a in responses for a in actions)
    used = {a for actions in by_intent.values() for a in actions}
    assert set(responses) - used == {"utter_default"}  # said by Rasa's own action_default_fallback
    assert {block["intent"] for block in nlu} <= intents
    for name, (response, *_) in responses.items():
        assert name.startswith("utter_") and response["text"].strip()
        for button in response.get("buttons", []):
            assert button["payload"].startswith("/") and button["payload"][1:] in intents, button
    assert "portail" in responses["utter_fallback"][0]["text"]


# -- walking the dialogues from the files alone --------------------------------------------
def walk_files(files: dict[str, Any]) -> dict[str, set[tuple[str, str]]]:
    """Every tree whose dialogue starts in the files → the (tree, node) of every end reached."""
    responses = files["domain.yml"]["responses"]
    rules = {r["steps"][0]["intent"]: (r, [s["action"] for s in r["steps"][1:]])
             for r in files["data/rules.yml"]["rules"]}
    ends: dict[str, set[tuple[str, str]]] = {}
    for intent, (rule, _) in rules.items():
        tree = (rule.get("metadata") or {}).get("kb_tree")
        if not tree:
            continue
        reached: set[tuple[str, str]] = set()
        seen: set[str] = set()
        pending = [intent]
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            assert current in rules, f"le bouton /{current} ne mène nulle part"
            actions = rules[current][1]
            for action in actions[:-1]:
                assert "buttons" not in responses[action][0], f"{action} pose une question au milieu d'une règle"
            last = responses[actions[-1]][0]
            if last.get("buttons"):
                pending.extend(b["payload"][1:] for b in last["buttons"])
            else:
                meta = last["metadata"]
                assert meta.get("kb_end") in ("resolved", "escalate"), f"{actions[-1]} s'arrête sans fin"
                reached.add((meta["kb_tree"], meta["kb_node"]))
        ends[tree] = reached
    return ends


def model_ends(base: Base, tree: Tree) -> set[tuple[str, str]]:
    """The ends every path of the tree reaches in the model, through gotos."""
    ends: set[tuple[str, str]] = set()
    pending, seen = [(tree, tree.start.target if tree.start else "")], set()
    while pending:
        current, name = pending.pop()
        if (current.id, name) in seen:
            continue
        seen.add((current.id, name))
        node = current.nodes[name]
        if node.terminal:
            ends.add((current.id, name))
        elif node.kind == "goto" and node.goto:
            target = base.tree(node.goto.target)
            assert target and target.start
            pending.append((target, target.start.target))
        else:
            pending += [(current, ref.target) for ref in node.successors()]
    return ends


def test_every_user_tree_is_walked_down_every_path_to_its_ends(exported: tuple) -> None:
    root, _, files = exported
    base = load_base(root)
    user_trees = [t for t in base.trees if t.published and "user" in t.audience and not overdue(base, t)]
    assert user_trees
    walked = walk_files(files)
    assert set(walked) == {t.id for t in user_trees}
    for tree in user_trees:
        assert walked[tree.id] == model_ends(base, tree), tree.id


def test_articles_open_the_trees_they_cite(exported: tuple) -> None:
    root, _, files = exported
    base = load_base(root)
    responses = files["domain.yml"]["responses"]
    starts = {r["steps"][0]["intent"]: r["metadata"]["kb_tree"] for r in files["data/rules.yml"]["rules"]
              if "metadata" in r}
    for article in base.articles:
        if not (article.published and "user" in article.audience) or overdue(base, article):
            continue
        response = responses[f"utter_{article.id.lower().replace('-', '_')}"][0]
        offered = {starts[b["payload"][1:]] for b in response.get("buttons", [])}
        cited = {r.target for r in article.related if (t := base.tree(r.target)) and t.published
                 and "user" in t.audience and not overdue(base, t)}
        assert offered == cited, article.id
        assert response["text"].rstrip().endswith(f"Pour en savoir plus : {page_url(base.config, article)}")


def overdue(base: Base, item: Item) -> bool:
    return state_at(item, base.config, date.today()) is State.OVERDUE


def test_dialogue_texts_in_the_test_case(tmp_path: Path) -> None:
    files = export(DATA / "chatbot", tmp_path)
    responses = files["domain.yml"]["responses"]
    by_node = {(r[0]["metadata"]["kb_tree"], r[0]["metadata"]["kb_node"]): r[0] for name, r in responses.items()
               if "kb_node" in r[0].get("metadata", {})}
    escalation = by_node[("TR-IMPRESSION-01", "escalade")]
    assert escalation["text"].startswith("Je crée une demande pour vous auprès de l'équipe "
                                         "« Tiers-mainteneur impression ».")
    assert "Le nom de l'imprimante (étiquette) et le message affiché." in escalation["text"]
    assert "Vous pouvez aussi appeler le 01 00 00 00 00." in escalation["text"]  # placeholder filled
    assert escalation["metadata"] == {"kb_tree": "TR-IMPRESSION-01", "kb_node": "escalade", "kb_end": "escalate",
                                      "group": "TIERS", "priority": "P3"}
    assert by_node[("TR-IMPRESSION-02", "resolu")]["text"] == "L'impression fonctionne de nouveau."
    question = by_node[("TR-IMPRESSION-01", "allumee")]
    assert question["text"] == "L'imprimante est-elle allumée ?\n\nLe voyant est en façade, à droite de l'écran.\n"
    assert [b["title"] for b in question["buttons"]] == ["Oui", "Non, elle est éteinte"]
    rules = {r["steps"][0]["intent"]: [s["action"] for s in r["steps"][1:]] for r in files["data/rules.yml"]["rules"]}
    # « Non » says both actions, then asks again; « Oui » continues at the start of TR-IMPRESSION-02
    assert rules[question["buttons"][1]["payload"][1:]] == [
        "utter_tr_impression_01__brancher", "utter_tr_impression_01__marche", "utter_tr_impression_01__allumee_apres"]
    assert rules[question["buttons"][0]["payload"][1:]] == ["utter_tr_impression_02__documents"]
    assert {b["intent"] for b in files["data/nlu.yml"]["nlu"]} == {"kb_0001", "kb_0002", "kb_0003"}
    assert "tr_impression_03" not in files["domain.yml"]["intents"]  # agent-only tree


def test_export_is_byte_for_byte_stable(tmp_path: Path) -> None:
    export(DATA / "chatbot", tmp_path / "a")
    export(DATA / "chatbot", tmp_path / "b")
    for name in SCHEMAS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()

"""Read the content repository into the model, reporting what cannot be read.

`load_base` gathers everything first; nothing here judges references or graphs
(that is the rules' job), only what one file says about itself.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from builder.codes import finding
from builder.model import (NODE_KINDS, START, Answer, Article, Base, Config, Finding, Item, Node, Pos, Severity, Text,
                           Tree, TreeTest)
from builder.content.assemble import assemble, refused_findings
from builder.content.snapshot import (ARTICLES_DIR, CONFIG_FILE, IMAGE_EXTENSIONS, IMAGES_DIR, TREES_DIR, Snapshot,
                                      read_snapshot)
from builder.content.schema import (ANSWER_FIELDS, ARTICLE_FIELDS, NODE_FIELDS, NODE_KEYS, NODE_NAME, TEST_FIELDS,
                                    TREE_FIELDS, Reader, Values)
from builder.content.images import read_images
from builder.content.kb_yaml import load_config, text_value, yaml_root
from builder.content.suggest import quoted_list
from builder.content.yamlio import MAX_FILE_BYTES, MappingNode, ScalarNode, SequenceNode, compose

# the line that closes an article's front matter; in bytes for who reads files undecoded
FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)[ \t]*$", re.M)
FRONT_MATTER_END_BYTES = re.compile(FRONT_MATTER_END.pattern.encode(), re.M)


def decode(path: str, data: bytes) -> str | Finding:
    """The file's text, or the finding that says why it has none."""
    if len(data) > MAX_FILE_BYTES:
        return finding("YM005", path, START, f"fichier trop volumineux ({len(data) // 1024} Kio, "
                       f"limite {MAX_FILE_BYTES // 1024} Kio)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        head = data[:error.start]
        line = head.count(b"\n")
        col = len(head[head.rfind(b"\n") + 1:].decode("utf-8", "replace"))
        return finding("YM004", path, Pos(line, col), f"octet 0x{data[error.start]:02x} invalide en UTF-8",
                       "réenregistrez le fichier en UTF-8")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00"))
        return finding("YM004", path, Pos(line, 0), "fichier binaire (octet nul)")
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _fill_item(item: Item, values: Values) -> None:
    item.id = values.get("id").target if "id" in values else ""
    item.title = text_value(values, "title")
    item.domain = text_value(values, "domain")
    item.audience = tuple(values.get("audience", ()))
    item.owner = text_value(values, "owner")
    item.reviewed = values.get("reviewed")
    item.review_every = values.get("review_every")
    item.status = values.get("status", "draft")
    item.categories = tuple(values.get("categories", ()))
    item.keypos, item.valpos = values.keypos, values.valpos


def load_article(path: str, text: str) -> tuple[Article | None, list[Finding]]:
    findings: list[Finding] = []
    if not text.startswith("---\n") and text.rstrip() != "---":
        findings.append(finding("YM007", path, START, "front matter absent : l'article doit commencer par "
                                "une ligne « --- »"))
        return None, findings
    end = FRONT_MATTER_END.search(text, 4)
    if end is None:
        findings.append(finding("YM007", path, START, "front matter non refermé : ajoutez une ligne « --- » "
                                "après les métadonnées"))
        return None, findings
    yaml_text = text[4:end.start()]
    root = yaml_root(yaml_text, path, 1, findings)
    if root is None:
        return None, findings
    reader = Reader(path, 1, yaml_text)
    values = reader.mapping(root, ARTICLE_FIELDS, START, "le front matter")
    article = Article(path)
    _fill_item(article, values)
    article.type = values.get("type", "")
    article.tags = tuple(t.value for t in values.get("tags", ()))
    article.questions = values.get("questions", ())
    article.related = values.get("related", ())
    body_start = end.end() + 1
    article.body = text[body_start:]
    article.body_line = text.count("\n", 0, min(body_start, len(text)))
    findings.extend(reader.findings)
    _require_review(article, values, findings)
    return article, findings


def _require_review(item: Item, values: Values, findings: list[Finding]) -> None:
    """A missing or empty `reviewed` asks for a review: an error once published."""
    if item.reviewed is not None or "reviewed" in values.invalid:
        return
    findings.append(finding("SC013", item.path, item.at("reviewed"), "jamais revu : « reviewed » est absent ou vide",
                            f"relisez l'élément puis lancez « kb review {item.id or 'ID'} »",
                            severity=None if item.published else Severity.WARNING))


def load_tree(path: str, text: str) -> tuple[Tree | None, list[Finding]]:
    findings: list[Finding] = []
    root = yaml_root(text, path, 0, findings)
    if root is None:
        return None, findings
    reader = Reader(path, 0, text)
    values = reader.mapping(root, TREE_FIELDS, START, "l'arbre")
    tree = Tree(path)
    _fill_item(tree, values)
    tree.symptoms = values.get("symptoms", ())
    tree.start = values.get("start")
    if "nodes" in values:
        tree.nodes = _read_nodes(values.get("nodes"), reader)
    if "tests" in values:
        tree.tests = _read_tests(values.get("tests"), reader)
    findings.extend(reader.findings)
    _require_review(tree, values, findings)
    return tree, findings


def _read_nodes(mapping: MappingNode, reader: Reader) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    for name, kpos, value in reader.pairs(mapping):
        if not NODE_NAME.match(name):
            reader.report("SC006", kpos, f"nom de nœud invalide « {name} »",
                          "lettres sans accents, chiffres, « _ » et « - »")
        nodes[name] = _read_node(name, kpos, value, reader)
    return nodes


def _read_node(name: str, kpos: Pos, value: object, reader: Reader) -> Node:
    node = Node(name, kpos)
    what = f"le nœud « {name} »"
    if not isinstance(value, MappingNode):
        reader.report("SC002", kpos, f"{what} doit être un dictionnaire (ask, do, goto, resolved ou escalate)")
        return node
    keys = [k.value for k, _ in value.value if isinstance(k, ScalarNode)]
    kinds = [k for k in keys if k in NODE_KINDS]
    allowed = NODE_KEYS[kinds[0]][0] if kinds else None
    values = reader.mapping(value, NODE_FIELDS, kpos, what, allowed=allowed)
    node.keypos, node.valpos = values.keypos, values.valpos
    if not kinds:
        reader.report("SC011", kpos, f"{what} n'a pas de type",
                      "ajoutez l'une des clés « ask », « do », « goto », « resolved » ou « escalate »")
        return node
    if len(set(kinds)) > 1:
        reader.report("SC011", values.keypos.get(kinds[1], kpos),
                      f"{what} a plusieurs types : « {kinds[0]} » et « {kinds[1]} »",
                      "un nœud a un seul type : créez un nœud par étape")
    node.kind = kinds[0]
    accepted, required = NODE_KEYS[node.kind]
    for key in values.keypos:
        if key not in accepted and key not in NODE_KINDS:
            reader.report("SC012", values.keypos[key], f"la clé « {key} » n'a pas de sens dans un nœud « {node.kind} »",
                          f"clés possibles : {quoted_list(sorted(accepted))}")
    for key in required:
        if key not in values.keypos and key not in values.misspelt:
            reader.report("SC001", kpos, f"champ obligatoire « {key} » manquant dans {what} ({node.kind})")
    kind_value = values.get(node.kind)
    if isinstance(kind_value, Text):
        node.text, node.text_at = kind_value.value, kind_value
    node.goto = values.get("goto") if node.kind == "goto" else None
    node.group = values.get("escalate") if node.kind == "escalate" else None
    node.help = values.get("help")
    node.see = values.get("see", ())
    node.next = values.get("next")
    node.impact = values.get("impact")
    node.urgency = values.get("urgency")
    node.ticket = text_value(values, "ticket")
    node.category = values.get("category")
    node.duration = values.get("duration", 1)
    node.invalid = frozenset(values.invalid)
    if "answers" in values:
        before = len(reader.findings)
        node.answers = _read_answers(values.get("answers"), reader, f"une réponse du nœud « {name} »")
        if len(reader.findings) > before:
            node.invalid = node.invalid | {"answers"}
    return node


def _read_answers(seq: SequenceNode, reader: Reader, what: str) -> tuple[Answer, ...]:
    """The answers; answers written as plain texts (« [Oui, Non] ») are reported once, at the first."""
    answers = []
    plain = [item for item in seq.value if isinstance(item, ScalarNode)]
    if plain:
        label = str(plain[0].value)
        reader.report("SC002", reader.pos(plain[0]),
                      f"réponse « {label} » sans nœud suivant : chaque réponse s'écrit {{label: …, next: …}}",
                      f"écrivez par exemple « - {{label: {label or 'Oui'}, next: nom_du_noeud}} »")
    for item in seq.value:
        if isinstance(item, ScalarNode):
            continue
        pos = reader.pos(item)
        values = reader.mapping(item, ANSWER_FIELDS, pos, what)
        if "label" in values or "next" in values:
            answers.append(Answer(text_value(values, "label"), values.get("next"), pos))
    return tuple(answers)


def _read_tests(seq: SequenceNode, reader: Reader) -> tuple[TreeTest, ...]:
    tests = []
    for item in seq.value:
        pos = reader.pos(item)
        values = reader.mapping(item, TEST_FIELDS, pos, "un test")
        if "path" in values:
            tests.append(TreeTest(values.get("path"), values.get("expect"), pos))
    return tuple(tests)


# -- the whole base ------------------------------------------------------------------------
@lru_cache(maxsize=None)
def content_kind(path: str) -> str | None:
    """"article" for kb/<domain>/<name>.md, "tree" for trees/<domain>/<name>.yaml, else None."""
    parts = path.split("/")
    is_article = parts[0] == ARTICLES_DIR
    if len(parts) != 3 or not path.endswith(".md" if is_article else ".yaml"):
        return None
    return "article" if is_article else "tree" if parts[0] == TREES_DIR else None


def load_file(path: str, data: bytes) -> tuple[Item | None, list[Finding]]:
    """One content file: an article under kb/, a tree under trees/."""
    kind = content_kind(path)
    if kind is None:
        top = path.split("/")[0]
        where = f"{top}/<domaine>/<nom>{'.md' if top == ARTICLES_DIR else '.yaml'}"
        if Path(path).suffix.lower() in IMAGE_EXTENSIONS:
            where = f"{top}/<domaine>/{IMAGES_DIR}/ pour les images"
        return None, [finding("SC014", path, START, f"fichier ignoré : le contenu se range dans {where}")]
    text = decode(path, data)
    if isinstance(text, Finding):
        return None, [text]
    return load_article(path, text) if kind == "article" else load_tree(path, text)


# -- identity and review fields only (freshness history) --------------------------------------
HEADER_KEYS = frozenset({"id", "title", "type", "domain", "owner", "reviewed", "review_every", "status"})
_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|$)", re.M)
_ENTRY_START = re.compile(r"\n(?=[^ \t#\n-])")
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)", re.M)


def load_header(path: str, data: bytes) -> Item | None:
    """The item's identity and review fields, as `load_file` reads them, composing only their lines.

    Past versions of thousands of files are read this way: a tree's nodes are not
    composed. Lines of other top-level keys are blanked so that positions stay those
    of the file; a layout this shortcut does not know falls back to `load_file`.
    """
    kind = content_kind(path)
    text = decode(path, data) if kind else None
    if not isinstance(text, str):
        return None
    offset, yaml_text = 0, text
    if kind == "article":
        end = FRONT_MATTER_END.search(text, 4) if text.startswith("---\n") else None
        if end is None:
            return load_file(path, data)[0]
        offset, yaml_text = 1, text[4:end.start()]
    kept = _header_lines(yaml_text)
    root = compose(kept, offset) if kept is not None else None
    if not isinstance(root, MappingNode):
        return load_file(path, data)[0]
    reader = Reader(path, offset)
    fields = tuple(f for f in (ARTICLE_FIELDS if kind == "article" else TREE_FIELDS) if f.name in HEADER_KEYS)
    values = reader.mapping(root, fields, START, "l'en-tête")
    item: Item = Article(path, type=values.get("type", "")) if kind == "article" else Tree(path)
    _fill_item(item, values)
    return item


def _header_lines(text: str) -> str | None:
    """The text with only HEADER_KEYS' top-level entries; None for a layout other than block keys."""
    if _DOCUMENT_MARKER.search(text):
        return None
    out = []
    for chunk in _ENTRY_START.split(text):  # each top-level entry with its indented lines
        if chunk and chunk[0] not in " \t#-\n":
            match = _TOP_KEY.match(chunk)
            if match is None:
                return None
            if match.group(1) in HEADER_KEYS:
                out.append(chunk)
                continue
        out.append("\n" * chunk.count("\n"))
    return "\n".join(out)


def load_base(root: Path, snapshot: Snapshot | None = None) -> Base:
    """Load kb.yaml and every content file under root."""
    snapshot = snapshot or read_snapshot(root)
    findings: list[Finding] = []
    if snapshot.config is not None:
        text = decode(CONFIG_FILE, snapshot.config)
        if isinstance(text, Finding):
            findings.append(text)
            config = Config()
        else:
            config, config_findings = load_config(CONFIG_FILE, text)
            findings.extend(config_findings)
    else:
        config = Config()
        if CONFIG_FILE not in snapshot.refused:
            findings.append(finding("SC001", CONFIG_FILE, START, "kb.yaml introuvable à la racine du contenu",
                                    "créez-le (voir le README) : domaines, groupes, intervalles de revue"))
    findings.extend(refused_findings(snapshot.refused))
    files = ((path, snapshot.read(path)) for path in snapshot.paths)
    return assemble(snapshot.root, config, findings, ((p, d, *load_file(p, d)) for p, d in files), read_images(snapshot))

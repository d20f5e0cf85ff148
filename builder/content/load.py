"""Read the content repository into the model, reporting what cannot be read.

`load_base` gathers everything first; nothing here judges references or graphs
(that is the rules' job), only what one file says about itself.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from builder import settings
from builder.codes import CHECKS, finding
from builder.model import (NODE_KINDS, START, Answer, Article, Base, Config, Finding, Interval, Item, Node, Pos,
                    Severity, Text, Tree, TreeTest)
from builder.content.assemble import assemble, refused_findings
from builder.content.snapshot import (ARTICLES_DIR, CONFIG_FILE, IMAGE_EXTENSIONS, IMAGES_DIR, TREES_DIR, Snapshot,
                                      read_snapshot)
from builder.content.schema import (ANSWER_FIELDS, ARTICLE_FIELDS, CONFIG_FIELDS, DOMAIN_KEY, IMAGES_FIELDS, SIZE,
                     MEDIAWIKI_FIELDS, NODE_FIELDS, NODE_KEYS, NODE_NAME, PIL05_FIELDS, PLACEHOLDER_NAME, TEST_FIELDS,
                     TICKETS_FIELDS, TIME_LIMIT_FIELDS, TREE_FIELDS, Field, Reader, Values, setting_fields)
from builder.content.images import read_images
from builder.content.suggest import did_you_mean, quoted_list
from builder.content.yamlio import MAX_FILE_BYTES, MappingNode, ScalarNode, SequenceNode, YamlProblem, compose, resolve_scalar

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


def _yaml_root(text: str, path: str, offset: int, findings: list[Finding]) -> MappingNode | None:
    root = compose(text, offset)
    if isinstance(root, YamlProblem):
        findings.append(finding(root.code, path, root.pos, root.message))
        return None
    if not isinstance(root, MappingNode):
        findings.append(finding("YM008", path, Pos(offset, 0),
                                "le contenu doit être un dictionnaire « clé: valeur »"
                                if root is not None else "le contenu YAML est vide"))
        return None
    return root


def _text(values: Values, name: str) -> str:
    value = values.get(name)
    return value.value if isinstance(value, Text) else ""


def _fill_item(item: Item, values: Values) -> None:
    item.id = values.get("id").target if "id" in values else ""
    item.title = _text(values, "title")
    item.domain = _text(values, "domain")
    item.audience = tuple(values.get("audience", ()))
    item.owner = _text(values, "owner")
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
    root = _yaml_root(yaml_text, path, 1, findings)
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
    root = _yaml_root(text, path, 0, findings)
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
    node.ticket = _text(values, "ticket")
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
            answers.append(Answer(_text(values, "label"), values.get("next"), pos))
    return tuple(answers)


def _read_tests(seq: SequenceNode, reader: Reader) -> tuple[TreeTest, ...]:
    tests = []
    for item in seq.value:
        pos = reader.pos(item)
        values = reader.mapping(item, TEST_FIELDS, pos, "un test")
        if "path" in values:
            tests.append(TreeTest(values.get("path"), values.get("expect"), pos))
    return tuple(tests)


# -- kb.yaml ------------------------------------------------------------------------------
def load_config(path: str, text: str) -> tuple[Config, list[Finding]]:
    findings: list[Finding] = []
    config = Config()
    root = _yaml_root(text, path, 0, findings)
    if root is None:
        return config, findings
    reader = Reader(path)
    values = reader.mapping(root, CONFIG_FIELDS, START, "kb.yaml")
    config.valpos = values.valpos
    config.title = _text(values, "title") or config.title
    config.site_url = _text(values, "site_url")
    if config.site_url and not config.site_url.startswith(("http://", "https://")):
        reader.report("SC002", values.valpos["site_url"], "« site_url » doit être une adresse http(s)://")
    config.domains = _text_map(values.get("domains"), reader, "domains", DOMAIN_KEY,
                               "minuscules sans accents, chiffres et tirets")
    config.groups = _text_map(values.get("groups"), reader, "groups", None, "")
    config.review_every = _interval_map(values.get("review_every"), reader)
    pil05 = reader.mapping(values.get("pil05"), PIL05_FIELDS, values.keypos.get("pil05", START), "pil05") \
        if "pil05" in values else Values(START)
    target = pil05.get("target")
    if target is not None:
        if 0 <= target <= 1:
            config.pil05_target = float(target)
        else:
            reader.report("SC002", pil05.valpos["target"], "« target » est une part entre 0 et 1, par exemple 0.95")
    config.due_soon = pil05.get("due_soon") or config.due_soon
    limits = reader.mapping(values.get("time_limits"), TIME_LIMIT_FIELDS, values.keypos.get("time_limits", START),
                            "time_limits") if "time_limits" in values else Values(START)
    config.escalate_within = limits.get("escalate_within")
    config.resolve_within = limits.get("resolve_within")
    wiki = reader.mapping(values.get("mediawiki"), MEDIAWIKI_FIELDS, values.keypos.get("mediawiki", START),
                          "mediawiki") if "mediawiki" in values else Values(START)
    config.mediawiki_title_prefix = _text(wiki, "title_prefix") if "title_prefix" in wiki else config.mediawiki_title_prefix
    config.mediawiki_category = _text(wiki, "category") or config.mediawiki_category
    config.synonyms = _synonyms(values.get("synonyms"), reader)
    config.placeholders = _text_map(values.get("placeholders"), reader, "placeholders", PLACEHOLDER_NAME,
                                    "minuscules sans accents, chiffres et « _ »")
    config.allowlist = tuple(t.value for t in values.get("allowlist", ()))
    config.categories = tuple(t.value for t in values.get("categories", ()))
    tickets = reader.mapping(values.get("tickets"), TICKETS_FIELDS, values.keypos.get("tickets", START),
                             "tickets") if "tickets" in values else Values(START)
    config.ticket_columns = _text_map(tickets.get("columns"), reader, "tickets.columns", None, "")
    config.ticket_level1 = tuple(t.value for t in tickets.get("level1", ()))
    threshold = tickets.get("threshold")
    if threshold is not None:
        if 0 < threshold <= 1:
            config.ticket_threshold = float(threshold)
        else:
            reader.report("SC002", tickets.valpos["threshold"], "« threshold » est une confiance entre 0 et 1, "
                          "par exemple 0.65")
    config.severity = _severities(values.get("severity"), reader)
    config.usage = values.get("usage", config.usage) is not False
    config.image_max_size = _image_max_size(values, reader)
    findings.extend(reader.findings)
    return config, findings


def _image_max_size(values: Values, reader: Reader) -> int | None:
    images = reader.mapping(values.get("images"), IMAGES_FIELDS, values.keypos.get("images", START),
                            "images") if "images" in values else Values(START)
    raw = _text(images, "max_size").strip()
    size = SIZE.match(raw)
    if raw and size is None:
        reader.report("SC002", images.valpos["max_size"], f"taille illisible « {raw} »",
                      "écrivez par exemple « 500 Ko » ou « 2 Mo »")
    return int(size.group(1)) * (1024 if size.group(2)[0] in "Kk" else 1024 * 1024) if size else None


def _text_map(mapping: MappingNode | None, reader: Reader, name: str, key_pattern: re.Pattern[str] | None,
              key_rule: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if mapping is None:
        return out
    for key, kpos, value in reader.pairs(mapping):
        if key_pattern and not key_pattern.match(key):
            reader.report("SC006", kpos, f"nom invalide « {key} » dans « {name} »", key_rule)
        if not isinstance(value, ScalarNode) or resolve_scalar(value) is None or value.value == "":
            reader.report("SC002", reader.pos(value), f"« {name}.{key} » doit être un texte non vide")
            continue
        out[key] = str(value.value)
    return out


def _interval_map(mapping: MappingNode | None, reader: Reader) -> dict[str, Interval]:
    spec = setting_fields(settings.setting("review_every").children)
    values = reader.mapping(mapping, spec, START, "review_every") if mapping is not None else Values(START)
    return {k: v for k, v in values.values.items() if v is not None}


def _synonyms(seq: SequenceNode | None, reader: Reader) -> tuple[tuple[str, ...], ...]:
    if seq is None:
        return ()
    groups = []
    spec = Field("synonyms", "texts")
    for item in seq.value:
        texts = reader.value(item, spec, "synonyms")
        if texts:
            if len(texts) < 2:
                reader.report("SC002", reader.pos(item), "un groupe de synonymes compte au moins deux termes")
            groups.append(tuple(t.value for t in texts))
    return tuple(groups)


def _severities(mapping: MappingNode | None, reader: Reader) -> dict[str, str]:
    out: dict[str, str] = {}
    if mapping is None:
        return out
    levels = ("error", "warning", "info", "off")
    for code, kpos, value in reader.pairs(mapping):
        if code not in CHECKS:
            reader.report("SC007", kpos, f"code de vérification inconnu « {code} »", did_you_mean(code, CHECKS))
            continue
        level = value.value if isinstance(value, ScalarNode) else None
        if level not in levels:
            reader.report("SC003", reader.pos(value), f"sévérité invalide pour {code}",
                          f"valeurs possibles : {quoted_list(levels)}")
            continue
        out[code] = level
    return out


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

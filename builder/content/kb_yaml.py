"""Read kb.yaml against the settings declared in builder/settings.py."""
from __future__ import annotations

import re

from builder import settings
from builder.codes import CHECKS, finding
from builder.content.schema import (CONFIG_FIELDS, DOMAIN_KEY, PLACEHOLDER_NAME, SECTION_FIELDS, SIZE, Field, Reader,
                                    Values, setting_fields)
from builder.content.suggest import did_you_mean, quoted_list
from builder.content.yamlio import MappingNode, ScalarNode, SequenceNode, YamlProblem, compose, resolve_scalar
from builder.model import START, Config, Finding, Interval, Pos, Text


def yaml_root(text: str, path: str, offset: int, findings: list[Finding]) -> MappingNode | None:
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


def text_value(values: Values, name: str) -> str:
    value = values.get(name)
    return value.value if isinstance(value, Text) else ""


def load_config(path: str, text: str) -> tuple[Config, list[Finding]]:
    findings: list[Finding] = []
    config = Config()
    root = yaml_root(text, path, 0, findings)
    if root is None:
        return config, findings
    reader = Reader(path)
    values = reader.mapping(root, CONFIG_FIELDS, START, "kb.yaml")
    config.valpos = values.valpos
    config.title = text_value(values, "title") or config.title
    config.site_url = text_value(values, "site_url")
    if config.site_url and not config.site_url.startswith(("http://", "https://")):
        reader.report("SC002", values.valpos["site_url"], "« site_url » doit être une adresse http(s)://")
    config.domains = _text_map(values.get("domains"), reader, "domains", DOMAIN_KEY,
                               "minuscules sans accents, chiffres et tirets")
    config.groups = _text_map(values.get("groups"), reader, "groups", None, "")
    config.review_every = _interval_map(values.get("review_every"), reader)
    pil05 = _section(values, reader, "pil05")
    target = pil05.get("target")
    if target is not None:
        if 0 <= target <= 1:
            config.pil05_target = float(target)
        else:
            reader.report("SC002", pil05.valpos["target"], "« target » est une part entre 0 et 1, par exemple 0.95")
    config.due_soon = pil05.get("due_soon") or config.due_soon
    limits = _section(values, reader, "time_limits")
    config.escalate_within = limits.get("escalate_within")
    config.resolve_within = limits.get("resolve_within")
    wiki = _section(values, reader, "mediawiki")
    config.mediawiki_title_prefix = text_value(wiki, "title_prefix") if "title_prefix" in wiki else config.mediawiki_title_prefix
    config.mediawiki_category = text_value(wiki, "category") or config.mediawiki_category
    config.synonyms = _synonyms(values.get("synonyms"), reader)
    config.placeholders = _text_map(values.get("placeholders"), reader, "placeholders", PLACEHOLDER_NAME,
                                    "minuscules sans accents, chiffres et « _ »")
    config.allowlist = tuple(t.value for t in values.get("allowlist", ()))
    config.categories = tuple(t.value for t in values.get("categories", ()))
    tickets = _section(values, reader, "tickets")
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
    _read_portal(config, _section(values, reader, "portal"), reader)
    findings.extend(reader.findings)
    return config, findings


def _section(values: Values, reader: Reader, name: str) -> Values:
    """A kb.yaml section read against its declared settings; empty when kb.yaml has none."""
    if name not in values:
        return Values(START)
    return reader.mapping(values.get(name), SECTION_FIELDS[name], values.keypos.get(name, START), name)


def _read_portal(config: Config, portal: Values, reader: Reader) -> None:
    for key in ("title", "intro", "contact", "itsm_url"):
        if text_value(portal, key).strip():
            setattr(config, f"portal_{key}", text_value(portal, key).strip())
    if config.portal_itsm_url and not config.portal_itsm_url.startswith(("http://", "https://")):
        reader.report("SC002", portal.valpos["itsm_url"], "« itsm_url » doit être une adresse http(s)://")
        config.portal_itsm_url = ""


def _image_max_size(values: Values, reader: Reader) -> int | None:
    images = _section(values, reader, "images")
    raw = text_value(images, "max_size").strip()
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

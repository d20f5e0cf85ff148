"""A Rasa 3.x project's files (training data format "3.1"): intents, answers, dialogues.

    config.yml       a starting pipeline (French, rules, fallback below 60 % confidence)
    domain.yml       intents and `utter_*` responses
    data/nlu.yml     one intent per article: its title and its questions
    data/rules.yml   intent → answer; each tree button → the next steps; fallback → portal

A tree's dialogue starts from the answer of every article that cites it in
`related`: a button « Dépannage guidé : <titre> » whose payload is the tree's intent.
Trees have no NLU examples of their own: their symptoms usually repeat the
questions of the articles that cite them, and two intents sharing examples
would confuse the bot.

Written with ruamel.yaml's round-trip dumper: block lists, texts of several lines
as literal blocks, keys in a fixed order, so that two exports diff cleanly.
"""
from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from builder.model import Base

from exporters.chatbot.images import item_images
from exporters.chatbot.content import Intent, Selection, article_answer, intents
from exporters.chatbot.dialogues import Dialogues, build

FORMAT_VERSION = "3.1"
FALLBACK = "utter_fallback"
DEFAULT = "utter_default"  # what Rasa's action_default_fallback says; same text as our fallback
FALLBACK_INTENT = "nlu_fallback"  # Rasa's own intent when the NLU confidence is too low
FALLBACK_THRESHOLD = 0.6
HEADER = "Généré par « kb export chatbot » depuis la base de connaissance : ne pas modifier à la main."


def fallback_text(base: Base) -> str:
    portal = base.config.placeholders.get("portail_support") or base.config.site_url
    where = f"le portail du support : {portal}" if portal else "le portail du support"
    return ("Je n'ai pas compris votre demande. Pouvez-vous la reformuler en quelques mots ? "
            f"Vous pouvez aussi consulter {where}")


def project(base: Base, chosen: Selection) -> dict[str, str]:
    """The project's files (relative path → YAML text) for the chosen items."""
    article_intents = intents(list(chosen.articles))
    dialogues = build(base, chosen.trees)
    docs = {
        "config.yml": _config(),
        "domain.yml": _domain(base, chosen, article_intents, dialogues),
        "data/nlu.yml": _nlu(article_intents),
        "data/rules.yml": _rules(article_intents, dialogues),
    }
    return {path: dump(doc) for path, doc in docs.items()}


def dump(doc: CommentedMap) -> str:
    yaml = YAML()  # round trip: keeps our key order and scalar styles
    yaml.width = 4096  # one line per text: no folded lines with trailing spaces
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(doc, out)
    return f"# {HEADER}\n" + out.getvalue()


def _text(value: str) -> Any:
    return LiteralScalarString(value + "\n") if "\n" in value else value


def _map(*pairs: tuple[str, Any]) -> CommentedMap:
    return CommentedMap(pairs)


def _seq(values: list[Any]) -> CommentedSeq:
    return CommentedSeq(values)


def _version() -> Any:
    return DoubleQuotedScalarString(FORMAT_VERSION)


def _config() -> CommentedMap:
    pipeline = _seq([
        _map(("name", "WhitespaceTokenizer")),
        _map(("name", "RegexFeaturizer")),
        _map(("name", "LexicalSyntacticFeaturizer")),
        _map(("name", "CountVectorsFeaturizer")),
        _map(("name", "CountVectorsFeaturizer"), ("analyzer", "char_wb"), ("min_ngram", 1), ("max_ngram", 4)),
        _map(("name", "DIETClassifier"), ("epochs", 100)),
        _map(("name", "FallbackClassifier"), ("threshold", FALLBACK_THRESHOLD)),
    ])
    return _map(("recipe", "default.v1"), ("assistant_id", "csu-kb"), ("language", "fr"),
                ("pipeline", pipeline), ("policies", _seq([_map(("name", "RulePolicy"))])))


def _nlu(all_intents: list[Intent]) -> CommentedMap:
    blocks = _seq([_map(("intent", i.name), ("examples", LiteralScalarString(
        "".join(f"- {e.text}\n" for e in i.examples)))) for i in all_intents if i.examples])
    return _map(("version", _version()), ("nlu", blocks))


def _domain(base: Base, chosen: Selection, article_intents: list[Intent], dialogues: Dialogues) -> CommentedMap:
    names = [i.name for i in article_intents] + list(dialogues.entries.values()) + dialogues.button_intents
    responses = CommentedMap()
    for article, intent in zip(chosen.articles, article_intents):
        response = _map(("text", _text(article_answer(base, article))))
        shown = item_images(base, article)
        if shown:  # the first image, as Rasa responses carry one
            response["image"] = shown[0]["url"]
        starts = [(ref.target, dialogues.entries[ref.target]) for ref in article.related
                  if ref.target in dialogues.entries]
        if starts:
            response["buttons"] = _seq([_map(("title", f"Dépannage guidé : {base.by_id[tree_id].title}"),
                                             ("payload", f"/{entry}")) for tree_id, entry in starts])
        response["metadata"] = _map(("kb_id", article.id))
        responses[f"utter_{intent.name}"] = _seq([response])
    for message in dialogues.messages.values():
        response = _map(("text", _text(message.text)))
        if message.buttons:
            response["buttons"] = _seq([_map(("title", b.title), ("payload", f"/{b.intent}"))
                                        for b in message.buttons])
        response["metadata"] = _map(*message.metadata.items())
        responses[message.name] = _seq([response])
    fallback = fallback_text(base)
    responses[FALLBACK] = _seq([_map(("text", fallback))])
    responses[DEFAULT] = _seq([_map(("text", fallback))])
    session = _map(("session_expiration_time", 60), ("carry_over_slots_to_new_session", True))
    return _map(("version", _version()), ("intents", _seq(names)), ("responses", responses),
                ("session_config", session))


def _rules(article_intents: list[Intent], dialogues: Dialogues) -> CommentedMap:
    rules = _seq([])
    for intent in article_intents:
        rules.append(_rule(f"{intent.item.id} : réponse", intent.name, (f"utter_{intent.name}",)))
    for rule in dialogues.rules:
        rules.append(_rule(rule.title, rule.intent, rule.actions, rule.tree))
    rules.append(_rule("Demande non comprise : orienter vers le portail", FALLBACK_INTENT, (FALLBACK,)))
    return _map(("version", _version()), ("rules", rules))


def _rule(title: str, intent: str, actions: tuple[str, ...], start_of: str = "") -> CommentedMap:
    steps = _seq([_map(("intent", intent)), *(_map(("action", a)) for a in actions)])
    rule = _map(("rule", title), ("steps", steps))
    if start_of:
        rule["metadata"] = _map(("kb_tree", start_of))  # the dialogue of this tree starts here
    return rule

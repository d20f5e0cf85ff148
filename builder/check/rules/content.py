"""What the text itself says: empty articles, unfinished work, HTML the site would remove, personal data.

Passwords, keys and tokens (CT005 too) are found by rules/secrets.py, in code blocks as well.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from builder.codes import finding
from builder.content.html_policy import MarkdownRenderer
from builder.content.markdown import IMAGE, Match, find, has_prose
from builder.model import Article, Base, Finding, Item, Pos, Text, Tree

_UNFINISHED = re.compile(r"\b(TODO|FIXME)\b")
# Markdown can only produce HTML the sanitiser changes through raw HTML or entities, attribute lists,
# link targets or heading ids: texts without any of these are not rendered (the site still renders all)
_MAY_NEED_CLEANING = re.compile(r"[<&{]|\]\s*[(:]|__")
_RENDER_LIMIT = 20_000  # characters: texts longer than a long procedure are checked for raw HTML only
_MAX_UNCLOSED = 50  # « < » left open in a text beyond which it is reported as unreadable HTML
# no look-behind here: it would stop the regex engine from skipping to the candidates (4 times slower);
# a number glued to a word or a « + » is set aside in _personal_data
_PHONE = re.compile(r"(?:\+33\s?|0033\s?|0)[1-9](?:[\s.-]?[0-9]{2}){4}(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PERSONAL_DOMAINS = ("gmail.", "googlemail.", "yahoo.", "hotmail.", "outlook.com", "outlook.fr", "live.",
                     "laposte.net", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "icloud.", "me.com",
                     "protonmail.", "proton.me", "gmx.", "aol.", "neuf.fr", "bbox.fr")
# every pattern below needs one of these: TODO, FIXME, « @ », a digit
_SUSPECT = re.compile(r"[@0-9]|TODO|FIXME")
_DOC_DOMAINS = re.compile(r"@(?:[\w-]+\.)*example(?:\.[a-z]+)?$|@[\w.-]+\.(?:test|example|invalid|localhost)$")


def check(base: Base) -> list[Finding]:
    return [f for item in base.items for f in check_item(item, base)]


def check_item(item: Item, base: Base) -> list[Finding]:
    """The findings of one item: they depend on its file, kb.yaml's allow-list and mkdocs.yml only."""
    found: list[Finding] = []
    if isinstance(item, Article):
        if not has_prose(item.body):
            found.append(finding("CT001", item.path, Pos(max(item.body_line - 1, 0), 0),
                                 "l'article n'a pas de contenu sous son front matter",
                                 "rédigez le corps de l'article"))
        for match in find(IMAGE, item.body):
            if not match.match.group("alt").strip():
                found.append(finding("CT003", item.path, Pos(item.body_line + match.line, match.col),
                                     "image sans texte alternatif", "décrivez l'image entre les crochets : "
                                     "![description](image.png)"))
    allow = set(base.config.allowlist)
    for text, pos in _texts(item):
        found.extend(_scan(item, text, pos, allow))
    found.extend(_sanitised(item, base))
    return found


def _sanitised(item: Item, base: Base) -> list[Finding]:
    """CT004: what the site's allow-list sanitiser would remove from the item's Markdown, at its line."""
    texts: list[Text] = []
    if isinstance(item, Article):
        texts.append(Text(item.body, Pos(item.body_line, 0), "|body"))
    elif isinstance(item, Tree):
        for node in item.nodes.values():
            texts += [Text(node.text, node.valpos[key]) for key in ("ask", "do", "resolved") if key in node.valpos]
            if node.help:
                texts.append(node.help)
    found = []
    for text in texts:
        if not text.value or not _MAY_NEED_CLEANING.search(text.value):
            continue
        lines = text.value.split("\n")
        unclosed = [n for n, line in enumerate(lines) if line.count("<") > line.count(">")]
        if len(unclosed) > _MAX_UNCLOSED or sum(line.count("<") - line.count(">") for line in lines) > _MAX_UNCLOSED:
            # HTML parsers rescan to the end for each unclosed « < »: say it once, never render it (linear time)
            first = unclosed[0] if unclosed else 0
            at = Pos(text.pos.line + first, 0) if text.style == "|body" else text.locate_line(first, 0)
            found.append(finding("CT004", item.path, at, "HTML illisible : trop de « < » sans « > » à publier tel quel",
                                 "écrivez « &lt; » pour un « < » littéral, ou mettez le texte dans un bloc de code"))
            continue
        # Python-Markdown's link parsing is quadratic on runs of « [ »: a long text is read for its raw HTML only
        for removal, line, col in _renderer(base).removals(text.value, render=len(text.value) <= _RENDER_LIMIT):
            if text.style == "|body":
                at = Pos(text.pos.line + line, col)
            else:
                at = text.locate_line(line, col)
            found.append(finding("CT004", item.path, at, f"HTML retiré à la publication : {removal.what}",
                                 "retirez-le ou écrivez-le en Markdown : seuls les balises et attributs de la "
                                 "liste autorisée, et les liens http, https, mailto, tel ou relatifs, sont publiés"))
    return found


def _renderer(base: Base) -> MarkdownRenderer:
    config = base.root / "mkdocs.yml"
    key = str(config) if config.is_file() else ""
    if key not in _RENDERERS:
        _RENDERERS[key] = MarkdownRenderer(config if key else None)
    return _RENDERERS[key]


_RENDERERS: dict[str, MarkdownRenderer] = {}


def _texts(item: Item) -> Iterator[tuple[str, Pos]]:
    yield item.title, item.at("title")
    if isinstance(item, Article):
        yield item.body, Pos(item.body_line, 0)
        for question in item.questions:
            yield question.value, question.pos
    elif isinstance(item, Tree):
        for symptom in item.symptoms:
            yield symptom.value, symptom.pos
        for node in item.nodes.values():
            for key in ("ask", "do", "resolved", "ticket"):
                if key in node.valpos:
                    yield (node.ticket if key == "ticket" else node.text), node.valpos[key]
            if node.help:
                yield node.help.value, node.help.pos


def _scan(item: Item, text: str, pos: Pos, allow: set[str]) -> list[Finding]:
    found: list[Finding] = []
    if not _SUSPECT.search(text):  # one pass decides for most texts: nothing to look at
        return found

    def at(line: int, col: int) -> Pos:
        return Pos(pos.line + line, (pos.col if line == 0 else 0) + col)

    if not item.published:
        return found
    for match in find(_UNFINISHED, text) if "TODO" in text or "FIXME" in text else ():
        found.append(finding("CT002", item.path, at(match.line, match.col),
                             f"« {match.match.group(1)} » dans un élément publié",
                             "terminez la rédaction ou repassez l'élément en « status: draft »"))
    for match, what in _personal_data(text):
        value = match.match.group("value") if "value" in match.match.groupdict() else match.match.group(0)
        if value in allow or match.match.group(0) in allow:
            continue
        found.append(finding("CT005", item.path, at(match.line, match.col),
                             f"{what} dans un élément publié : « {value} »",
                             "retirez-la s'il s'agit d'une donnée personnelle ou secrète, sinon ajoutez la valeur "
                             "à « allowlist » dans kb.yaml"))
    return found


def _personal_data(text: str) -> Iterator[tuple[Match, str]]:
    for match in find(_PHONE, text):
        found = match.match
        if found.start() and (found.string[found.start() - 1].isalnum() or found.string[found.start() - 1] in "_+"):
            continue
        yield match, "ce qui ressemble à un numéro de téléphone"
    for match in find(_EMAIL, text) if "@" in text else ():
        address = match.match.group(0).lower()
        local, _, domain = address.partition("@")
        if _DOC_DOMAINS.search(address):
            continue
        if domain.startswith(_PERSONAL_DOMAINS) or domain in _PERSONAL_DOMAINS or \
                re.fullmatch(r"[a-z]+[.-][a-z]+(?:[.-][a-z]+)?\d*", local):
            yield match, "ce qui ressemble à une adresse électronique personnelle"

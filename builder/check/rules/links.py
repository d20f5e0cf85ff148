"""Links the site would publish dead: every form of link, not only `[texte](KB-0042)`.

The site turns `[texte](KB-0042)` into a link to the item's page, and nothing else:
an id in lower case, a content file's path, a relative path, or an id written as a
reference link, an autolink or an HTML `href` all end as dead links. Each is
reported at the link, with the id to write when one can be told.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote

from builder.codes import finding
from builder.content.markdown import prose_lines
from builder.content.suggest import closest_id
from builder.model import Article, Base, Finding, Item, Pos, Text, Tree

# every pattern is a sequence of negated classes with a fixed delimiter: linear on any input
_INLINE = re.compile(r"(?<!!)\[[^\[\]\n]*\]\([ \t]*<?(?P<target>[^)\s>]*)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<target>[^\s>]+)", re.M)
_ANGLE = re.compile(r"<(?P<target>[^\s<>\"']+)>")
_HREF = re.compile(r"\bhref[ \t]*=[ \t]*(?:\"(?P<d>[^\"\n]*)\"|'(?P<s>[^'\n]*)'|(?P<target>[^\s>\"']+))", re.I)
_FORMS = ((_INLINE, "inline"), (_REFERENCE, "reference"), (_ANGLE, "angle"), (_HREF, "href"))
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_ANY_ID = re.compile(r"(?:kb|tr)-[a-z0-9-]+\Z", re.I)
_EXACT_ID = re.compile(r"(?:KB|TR)-")
_SUSPECT = ("](", "]:", "<", "href")
_ANY_FORM = re.compile(r"\]\(|\]:|<[^\s<>\"']+>|href", re.I)  # one search decides whether a line needs the four


def check(base: Base) -> list[Finding]:
    by_file = {item.path: item.id for item in base.items if item.id}
    by_file.update({path: item_id for item_id, path in base.unreadable.items()})
    by_name: dict[str, list[str]] = {}
    for path, item_id in by_file.items():
        by_name.setdefault(path.rsplit("/", 1)[-1], []).append(item_id)
    ids = list(base.by_id) + list(base.unreadable)
    found: list[Finding] = []
    for item in base.items:
        for text in _texts(item):
            if any(s in text.value for s in _SUSPECT):
                found.extend(_scan(item, text, ids, by_file, by_name))
    return found


def _texts(item: Item) -> Iterator[Text]:
    if isinstance(item, Article):
        yield Text(item.body, Pos(item.body_line, 0), "body")
    elif isinstance(item, Tree):
        for node in item.nodes.values():
            yield from node.markdown()


def _locate(text: Text, line: int, col: int) -> Pos:
    if text.style == "body":
        return Pos(text.pos.line + line, col)
    return text.locate_line(line, col)


def _scan(item: Item, text: Text, ids: list[str], by_file: dict[str, str],
          by_name: dict[str, list[str]]) -> Iterator[Finding]:
    for number, line in prose_lines(text.value):  # one pass over the lines for every form
        if not _ANY_FORM.search(line):
            continue
        for pattern, form in _FORMS:
            for match in pattern.finditer(line):
                group = next(g for g in ("target", "d", "s") if g in pattern.groupindex
                             and match.group(g) is not None)
                problem = _problem(item, match.group(group), form, ids, by_file, by_name)
                if problem:
                    message, hint = problem
                    yield finding("RF006", item.path, _locate(text, number, match.start(group)), message, hint)


def _problem(item: Item, raw: str, form: str, ids: list[str], by_file: dict[str, str],
             by_name: dict[str, list[str]]) -> tuple[str, str] | None:
    """(message, hint) when the link leads to no page, else None."""
    raw = raw.strip()
    if _SCHEME.match(raw) or raw.startswith(("#", "/")):
        return None  # an address, an anchor in the page, or the site's own root: not ours to judge
    if "&" in raw or (form == "angle" and any(c in raw for c in "=()")):
        return None  # an encoded address or an HTML tag with attributes: CT004 judges what the sanitiser removes
    target = unquote(raw.split("#", 1)[0].split("?", 1)[0]).strip()
    if form == "angle" and not (_ANY_ID.match(target) or "/" in target or target.endswith((".md", ".yaml"))):
        return None  # an HTML tag such as <br>, not a link
    if not target:
        return ("lien vide : il ne mène à aucune page", "écrivez [texte](KB-0042) avec l'identifiant visé")
    if _ANY_ID.match(target):
        if form == "inline" and _EXACT_ID.match(target):
            return None  # [texte](KB-0042): the reference checks judge whether the id exists
        wanted = closest_id(target, ids)
        if wanted and form == "inline":
            return (f"lien vers « {raw} » : un identifiant s'écrit en majuscules, sinon le lien est mort",
                    f"écrivez ({wanted})")
        if wanted:
            return (f"lien vers « {raw} » sous une forme que le site ne convertit pas : le lien serait mort",
                    f"écrivez [texte]({wanted})")
        return (f"lien vers « {raw} » : aucun élément ne porte cet identifiant", "")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(item.path), target))
    item_id = by_file.get(resolved)
    if item_id is None:
        named = by_name.get(target.rsplit("/", 1)[-1], [])
        item_id = named[0] if len(named) == 1 else None
    if item_id:
        return (f"lien vers le fichier « {raw} » : le site publie les pages par identifiant, ce lien serait mort",
                f"écrivez [texte]({item_id})")
    return (f"lien relatif « {raw} » qui ne mène à aucune page publiée",
            "liez un article ou un arbre par son identifiant : [texte](KB-0042), ou une adresse complète https://…")

"""Items for users must not lead to what only agents see (the portal, kb build --audience user).

RF008: a published item for users cites a published item that is not for users (a link,
`related`, `see`, `goto`): the portal writes the link's words without the link, leaves
the `see` out and turns the `goto` into « contact the support ».
RF009: a text for users names an escalation group of kb.yaml outside a « ## Pour
l'agent » section: the portal would publish the support's internal organisation.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from builder.codes import finding
from builder.content.markdown import ID_LINK, Match, agent_section_lines, find, prose_lines
from builder.model import Article, Base, Finding, Item, Pos, Ref, Tree

USER = "user"


def _for_users(item: Item) -> bool:
    return item.published and USER in item.audience


def check(base: Base) -> list[Finding]:
    """RF008, which reads the items cited; RF009 is `check_item`'s."""
    found: list[Finding] = []
    for item in base.items:
        if not _for_users(item):
            continue
        for ref, where in _citations(item):
            target = base.by_id.get(ref.target)
            if target is not None and target.published and not _for_users(target):
                found.append(finding("RF008", item.path, ref.pos,
                                     f"« {ref.target} » est réservé aux agents mais cité ({where}) par un élément "
                                     "pour les usagers : le portail n'en montrera rien",
                                     "ajoutez « user » à son public, ou citez un élément pour les usagers"))
    return found


def check_item(item: Item, base: Base) -> list[Finding]:
    """RF009 in one item: it depends on its file and kb.yaml's groups only."""
    groups = _group_pattern(tuple(base.config.groups))
    if groups is None or not _for_users(item):
        return []
    return list(_group_names(item, groups))


def _citations(item: Item) -> Iterator[tuple[Ref, str]]:
    if isinstance(item, Article):
        hidden = agent_section_lines(item.body)
        for ref in item.related:
            yield ref, "related"
        for match in find(ID_LINK, item.body):
            if match.line not in hidden:
                yield Ref(match.match.group("target"), Pos(item.body_line + match.line, _target_col(match))), "un lien"
    elif isinstance(item, Tree):
        for node in item.nodes.values():
            for ref in node.see:
                yield ref, "see"
            if node.goto:
                yield node.goto, "goto"
            for text in node.markdown():
                for match in find(ID_LINK, text.value):
                    yield Ref(match.match.group("target"), text.locate_line(match.line, _target_col(match))), "un lien"


def _target_col(match: Match) -> int:
    """The column of the link's id, where RF001 points too."""
    return match.col + match.match.start("target") - match.match.start()


@lru_cache(maxsize=4)
def _group_pattern(groups: tuple[str, ...]) -> re.Pattern[str] | None:
    codes = sorted((code for code in groups if len(code) >= 3), key=len, reverse=True)
    if not codes:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(code) for code in codes) + r")(?![\w-])")


def _group_names(item: Item, groups: re.Pattern[str]) -> Iterator[Finding]:
    texts: list[tuple[str, Pos]] = []
    if isinstance(item, Article):
        hidden = agent_section_lines(item.body)
        for number, line in prose_lines(item.body):
            if number not in hidden:
                texts.extend((m.group(0), Pos(item.body_line + number, m.start())) for m in groups.finditer(line))
    elif isinstance(item, Tree):
        for node in item.nodes.values():
            for text in node.markdown():
                for m in groups.finditer(text.value):
                    texts.append((m.group(0), text.locate(m.start())))
    for name, pos in texts:
        yield finding("RF009", item.path, pos,
                      f"le groupe de support « {name} » est nommé dans un texte pour les usagers",
                      "décrivez ce qui se passe pour l'usager, ou rangez la phrase dans une section "
                      "« ## Pour l'agent », que le portail ne publie pas")

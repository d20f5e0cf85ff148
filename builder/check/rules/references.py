"""Every id, group and placeholder a published text relies on must exist."""
from __future__ import annotations

from collections.abc import Iterator

from builder.codes import finding
from builder.content.markdown import ID_LINK, PLACEHOLDER, find
from builder.model import STATUS_LABELS, Article, Base, Finding, Item, Pos, Ref, Text, Tree
from builder.content.suggest import did_you_mean, quoted_list, suggest_id


def check(base: Base) -> list[Finding]:
    found: list[Finding] = []
    for article in base.articles:
        for ref in article.related:
            found.extend(_target(base, article, ref, "related", None))
        for target, pos in _body_links(article):
            found.extend(_target(base, article, Ref(target, pos), "un lien", None))
        found.extend(_placeholders(base, article, _article_texts(article)))
    for tree in base.trees:
        for node in tree.nodes.values():
            for ref in node.see:
                found.extend(_target(base, tree, ref, "see", "article"))
            if node.goto:
                found.extend(_target(base, tree, node.goto, "goto", "tree"))
            if node.group and node.group.target not in base.config.groups:
                found.append(finding("RF003", tree.path, node.group.pos,
                                     f"groupe d'escalade inconnu « {node.group.target} »",
                                     did_you_mean(node.group.target, base.config.groups)
                                     or f"groupes de kb.yaml : {quoted_list(base.config.groups, 12)}"))
            for text in node.markdown():
                for match in find(ID_LINK, text.value):
                    at = text.locate_line(match.line, match.col + match.match.start("target") - match.match.start())
                    found.extend(_target(base, tree, Ref(match.match.group("target"), at), "un lien", None))
        found.extend(_placeholders(base, tree, _tree_texts(tree)))
    found.extend(_categories(base))
    return found


def _categories(base: Base) -> Iterator[Finding]:
    """Ticket categories (an item's `categories`, an end's `category`) come from kb.yaml's catalogue."""
    known = base.config.categories
    for item in base.items:
        declared = list(item.categories)
        if isinstance(item, Tree):
            declared += [node.category for node in item.nodes.values() if node.category]
        for category in declared:
            if category.value in known:
                continue
            hint = (did_you_mean(category.value, known) or f"catégories de kb.yaml : {quoted_list(known, 8)}") \
                if known else "kb.yaml n'a pas de catalogue « categories »"
            yield finding("RF007", item.path, category.pos,
                          f"catégorie de ticket inconnue « {category.value} »", hint)


def _body_links(article: Article) -> Iterator[tuple[str, Pos]]:
    for match in find(ID_LINK, article.body):
        yield match.match.group("target"), Pos(article.body_line + match.line,
                                              match.col + match.match.start("target") - match.match.start())


def _target(base: Base, source: Item, ref: Ref, where: str, kind: str | None) -> list[Finding]:
    target = base.by_id.get(ref.target)
    if target is None and ref.target in base.unreadable:
        return []  # the cited file is reported where it is broken, once
    if target is None:
        return [finding("RF001", source.path, ref.pos, f"« {ref.target} » n'existe pas ({where})",
                        suggest_id(ref.target, _ids(base, kind)))]
    if kind and target.kind != kind:
        expected = "un article (KB-…)" if kind == "article" else "un arbre (TR-…)"
        return [finding("RF004", source.path, ref.pos, f"« {where} » attend {expected}, « {ref.target} » n'en est pas un")]
    if source.published and not target.published:
        return [finding("RF002", source.path, ref.pos,
                        f"« {ref.target} » est {STATUS_LABELS.get(target.status, target.status)} mais est cité "
                        f"par un élément publié", "publiez-le ou retirez la référence")]
    return []


def _ids(base: Base, kind: str | None) -> list[str]:
    return [i for i, item in base.by_id.items() if kind is None or item.kind == kind]


def _article_texts(article: Article) -> Iterator[tuple[str, Pos, Text | None]]:
    yield article.title, article.at("title"), None
    yield article.body, Pos(article.body_line, 0), None


def _tree_texts(tree: Tree) -> Iterator[tuple[str, Pos, Text | None]]:
    yield tree.title, tree.at("title"), None
    for node in tree.nodes.values():
        for key in ("ask", "do", "resolved", "ticket"):
            if key in node.valpos:
                value = node.text if key != "ticket" else node.ticket
                yield value, node.valpos[key], None
        if node.help:
            yield node.help.value, node.help.pos, node.help


def _placeholders(base: Base, item: Item, texts: Iterator[tuple[str, Pos, Text | None]]) -> list[Finding]:
    known = base.config.placeholders
    found = []
    for value, pos, text in texts:
        if "{{" not in value:
            continue
        for match in find(PLACEHOLDER, value):
            name = match.match.group("name")
            if name in known:
                continue
            if text is not None:
                where = text.locate_line(match.line, match.col)
            elif match.line == 0:
                where = Pos(pos.line, pos.col + match.col)
            else:
                where = Pos(pos.line + match.line, match.col)
            found.append(finding("RF005", item.path, where, f"paramètre « {{{{ {name} }}}} » inconnu",
                                 did_you_mean(name, known) or "ajoutez-le à « placeholders » dans kb.yaml"))
    return found

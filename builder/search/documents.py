"""What the search engine indexes of an item, independent of the engine.

An item becomes one `IndexDoc`: what ranks it (title, questions or symptoms,
tags, all its text) and its passages, which locate a match inside it and give
the snippet: an article's sections, with the anchor the site gives their
heading; a tree's symptoms and each of its nodes, by node id.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.extensions.toc import unique

from builder.content.markdown import ID_LINK, IMAGE
from builder.model import Article, Item, Node, Tree
from builder.content.urls import heading_anchor, page_path

SUMMARY_CHARS = 220
ASKED = ("questions", "symptoms")  # passages that repeat the phrasings


@dataclass(frozen=True)
class Passage:
    """A part of an item a match can point at."""

    kind: str  # "intro" | "section" | "questions" | "symptoms" | "node"
    label: str  # the section heading, or the node id; "" for the intro
    anchor: str  # the heading's anchor on the site, "" when none
    node: str  # the tree node's id, "" for articles
    text: str  # plain text, without Markdown markup

    @property
    def searched(self) -> str:
        """What the search reads: a section's heading counts as its text."""
        return f"{self.label}\n{self.text}" if self.kind == "section" else self.text


@dataclass(frozen=True)
class IndexDoc:
    key: str  # the file, relative to the content root: what an update replaces
    id: str
    kind: str  # "article" | "tree"
    page: str  # the page on the site (builder/content/urls.page_path)
    title: str
    domain: str
    audience: tuple[str, ...]
    status: str
    phrasings: tuple[str, ...]  # questions of an article, symptoms of a tree
    tags: tuple[str, ...]
    passages: tuple[Passage, ...]

    @property
    def body(self) -> str:
        """All the item's words, each once, for ranking."""
        return "\n".join([self.title, *self.phrasings, *self.tags,
                          *(p.searched for p in self.passages if p.kind not in ASKED)])

    @property
    def summary(self) -> str:
        """A few words to show when only the title matched: the intro, or the symptoms of a tree."""
        if self.kind == "tree" and self.phrasings:
            return shorten(" ; ".join(self.phrasings), SUMMARY_CHARS)
        first = next((p.text for p in self.passages if p.text and p.kind not in ASKED),
                     " ; ".join(self.phrasings))
        return shorten(first, SUMMARY_CHARS)


def index_doc(item: Item) -> IndexDoc:
    if isinstance(item, Article):
        phrasings = tuple(q.value for q in item.questions)
        passages = tuple(article_passages(item))
        tags = item.tags
    elif isinstance(item, Tree):
        phrasings = tuple(s.value for s in item.symptoms)
        passages = tuple(tree_passages(item))
        tags = ()
    else:  # pragma: no cover - the model has two kinds of item
        raise TypeError(type(item).__name__)
    return IndexDoc(item.path, item.id, item.kind, page_path(item), item.title, item.domain, tuple(item.audience),
                    item.status, phrasings, tuple(tags), passages)


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def article_passages(article: Article) -> list[Passage]:
    """The questions, the intro (before the first sub-heading) and each section."""
    passages: list[Passage] = []
    if article.questions:
        passages.append(Passage("questions", "Questions", "", "", "\n".join(q.value for q in article.questions)))
    seen: set[str] = set()  # MkDocs numbers repeated headings: « etapes », « etapes_1 »
    label, anchor, lines = "", "", []
    first = True
    for line in _lines_keeping_code(article.body):
        heading = _HEADING.match(line)
        if heading is None:
            lines.append(line)
            continue
        title = plain(heading.group(2))
        slug = unique(heading_anchor(title), seen)
        if first and len(heading.group(1)) == 1 and not "".join(lines).strip():
            first = False
            continue  # the page's title: the intro follows it
        first = False
        passages.append(Passage("section" if label else "intro", label, anchor, "", plain("\n".join(lines))))
        label, anchor, lines = title, slug, []
    passages.append(Passage("section" if label else "intro", label, anchor, "", plain("\n".join(lines))))
    return [p for p in passages if p.text or p.label]


def tree_passages(tree: Tree) -> list[Passage]:
    passages = [Passage("symptoms", "Symptômes", "", "", "\n".join(s.value for s in tree.symptoms))] \
        if tree.symptoms else []
    passages.extend(Passage("node", node.id, "", node.id, node_text(node)) for node in tree.nodes.values()
                    if node.kind != "goto")
    return passages


def node_text(node: Node) -> str:
    parts = [node.text]
    if node.help:
        parts.append(node.help.value)
    parts.extend(a.label for a in node.answers if a.label.lower() not in ("oui", "non"))
    if node.ticket:
        parts.append(node.ticket)
    return "\n".join(plain(p) for p in parts if p.strip())


def _lines_keeping_code(text: str) -> list[str]:
    """Lines of the body with code kept (commands are searched too), fences dropped."""
    out: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        opening = _FENCE.match(line)
        if opening and (fence is None or opening.group(1) == fence):
            fence = None if fence else opening.group(1)
            continue
        out.append("    " + line if fence else line)  # indented: never read as a heading
    return out


_BLOCK_START = re.compile(r"^(?=[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|>|\||#|!!!|\?\?\?))", re.M)
_ADMONITION = re.compile(r'^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+"([^"\n]*)")?[ \t]*$', re.M)
_MARKERS = re.compile(r"^[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+|>+[ \t]*|#+[ \t]*)", re.M)
_TAG = re.compile(r"<[^>\n]+>")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


def plain(markdown: str) -> str:
    """The text of some Markdown as a reader sees it, one paragraph or list item a line.

    Markup goes (emphasis with « * » or « __ », code marks, HTML tags), links and
    images become their text, an admonition its title.
    """
    text = ID_LINK.sub(lambda m: m.group("text"), markdown)
    text = IMAGE.sub(lambda m: m.group("alt"), text)
    text = _LINK.sub(r"\1", text)
    text = _BLOCK_START.sub("\n", text)  # each list item, heading, quote or table row: its own paragraph
    if "!!!" in text or "???" in text:
        text = _ADMONITION.sub(lambda m: (m.group(1) or "") + "\n", text)
    text = _MARKERS.sub("", text).replace("*", "").replace("__", "").replace("`", "")
    if "<" in text:
        text = _TAG.sub("", text)
    return "\n".join(" ".join(block.split()) for block in _PARAGRAPH.split(text) if not block.isspace() and block)


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > limit // 2 else limit].rstrip(" ,;:") + " …"


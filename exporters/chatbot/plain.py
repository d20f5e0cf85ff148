"""Markdown → plain text for a chatbot, cut into the sections the site shows.

The body is rendered with Python-Markdown (the site's dialect) and the HTML is read
back as text: the bot gets what a reader sees, without Markdown noise. Section
anchors come from the same slug as the site's headings (builder/content/urls.heading_anchor),
deduplicated as MkDocs does (`_1`, `_2`…).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown

from builder.content.markdown import ID_LINK
from builder.content.urls import heading_anchor

EXTENSIONS = ["extra", "admonition", "sane_lists", "toc"]
SPLIT_LEVELS = ("h2", "h3")  # an article is cut at its level-2 and level-3 headings
_BLOCKS = {"p", "div", "pre", "blockquote", "table", "ul", "ol", "dl", "details", "h1", "h2", "h3", "h4", "h5", "h6"}
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


@dataclass
class Section:
    """A part of an article: the text under one heading, down to the next cut."""

    heading: str  # "" for the text before the first cut
    anchor: str  # the heading's id on the site page, "" for the top of the page
    level: int  # 1 for the text before the first cut (under the title), else 2 or 3
    blocks: list[str] = field(default_factory=list)  # paragraphs, lists, notes, tables as plain text

    @property
    def text(self) -> str:
        return "\n\n".join(self.blocks)


def _render(text: str, link: Callable[[str, str], str]) -> str:
    """HTML of the Markdown, with id links turned into site addresses."""
    text = ID_LINK.sub(lambda m: f"[{m.group('text')}]({link(m.group('target'), (m.group('anchor') or '')[1:])})",
                       text)
    md = markdown.Markdown(extensions=EXTENSIONS,
                           extension_configs={"toc": {"slugify": lambda value, _sep: heading_anchor(value)}})
    return md.convert(text)


def sections(text: str, link: Callable[[str, str], str]) -> list[Section]:
    """The body's sections in order; `link(id, anchor)` gives the address of another item."""
    reader = _TextReader()
    reader.feed(_render(text, link))
    reader.close()
    return [s for s in reader.sections if s.blocks or s.level == 1]


def plain(text: str, link: Callable[[str, str], str]) -> str:
    """The whole text as plain text, headings included as lines of their own."""
    parts = []
    for section in sections(text, link):
        if section.heading:
            parts.append(section.heading)
        parts.extend(section.blocks)
    return "\n\n".join(p for p in parts if p)


class _TextReader(HTMLParser):
    """Reads Python-Markdown's HTML back as text blocks, cut at top-level h2/h3."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [Section("", "", 1)]
        self.depth = 0  # nesting of block elements
        self.lists: list[list[int]] = []  # per open list: [next number] for ol, [] for ul
        self.line: list[str] = []
        self.lines: list[str] = []
        self.href: list[str | None] = []
        self.link_text: list[int] = []
        self.pre = 0
        self.heading: tuple[str, str] | None = None  # (tag, id) of a cut being read
        self.cells: list[str] | None = None
        self.title = False
        self.admonition_title = False

    # -- text accumulation ---------------------------------------------------------------
    def _flush_line(self) -> None:
        text = "".join(self.line)
        self.line = []
        text = text.strip("\n").rstrip() if self.pre else _SPACES.sub(" ", text).strip()
        if text:
            indent = "  " * max(len(self.lists) - 1, 0) if self.lists else ""
            self.lines.append(indent + text if not self.pre else text)

    def _flush_block(self) -> None:
        self._flush_line()
        if self.lines:
            self.sections[-1].blocks.append("\n".join(self.lines))
        self.lines = []

    def _break(self) -> None:
        """A block starts or ends: a new block at the top level, a new line inside a list or a note."""
        if self.depth == 0 and not self.lists:
            self._flush_block()
        else:
            self._flush_line()

    # -- parser callbacks ----------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in SPLIT_LEVELS and self.depth == 0:
            self._flush_block()
            self.heading = (tag, attributes.get("id") or "")
            self.line = []
            return
        if tag == "h1" and self.depth == 0:
            self._flush_block()
            self.title = True
            return
        if tag in ("ul", "ol"):
            if not self.lists and self.depth == 0:
                self._flush_block()
            else:
                self._flush_line()
            start = attributes.get("start")
            self.lists.append([int(start) if start and start.isdigit() else 1] if tag == "ol" else [])
        elif tag == "li":
            self._flush_line()
            current = self.lists[-1] if self.lists else []
            if current:
                self.line.append(f"{current[0]}. ")
                current[0] += 1
            else:
                self.line.append("- ")
        elif tag == "br":
            self._flush_line()
        elif tag == "hr":  # void: no end tag to wait for
            self._break()
        elif tag == "pre":
            self._flush_line()
            self.pre += 1
        elif tag == "a":
            self.href.append(attributes.get("href"))
            self.link_text.append(len("".join(self.line)))
        elif tag == "tr":
            self.cells = []
        elif tag in ("td", "th"):
            self._flush_line()
        elif tag == "p" and "admonition-title" in (attributes.get("class") or ""):
            self._flush_line()
            self.admonition_title = True
        elif tag in _BLOCKS:
            self._break()
        if tag in _BLOCKS:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.heading and tag == self.heading[0]:
            name = _SPACES.sub(" ", "".join(self.line)).strip()
            self.line = []
            level = int(tag[1])
            if level > 2:
                parent = next((s.heading for s in reversed(self.sections) if s.level == 2), "")
                name = f"{parent} › {name}" if parent else name
            self.sections.append(Section(name, self.heading[1], level))
            self.heading = None
            return
        if tag == "h1" and self.title:
            self.line = []
            self.title = False
            return
        if tag in _BLOCKS:
            self.depth = max(self.depth - 1, 0)
        if tag in ("ul", "ol"):
            self._flush_line()
            if self.lists:
                self.lists.pop()
            if not self.lists and self.depth == 0:
                self._flush_block()
        elif tag == "li":
            self._flush_line()
        elif tag == "pre":
            self._flush_line()
            self.pre = max(self.pre - 1, 0)
        elif tag == "a":
            href = self.href.pop() if self.href else None
            start = self.link_text.pop() if self.link_text else 0
            shown = "".join(self.line)[start:].strip()
            if href and href not in shown and not href.startswith("#"):
                self.line.append(f" ({href})" if shown else href)
        elif tag in ("td", "th"):
            cell = _SPACES.sub(" ", "".join(self.line)).strip()
            self.line = []
            if self.cells is not None:
                self.cells.append(cell)
        elif tag == "tr":
            if self.cells:
                self.lines.append(" ; ".join(self.cells))
            self.cells = None
        elif tag == "p" and self.admonition_title:
            self.line.append(" :")
            self._flush_line()
            self.admonition_title = False
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.cells is not None and not self.line and not data.strip():
            return
        self.line.append(data)

    def close(self) -> None:
        super().close()
        self._flush_block()

"""What the checks and generators need to know about Markdown text, with positions.

Code (fenced blocks, inline code spans) is skipped: an article may show `<script>`
or `{{ x }}` as an example.
"""
from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# Linear on any input: a class that excludes its own opening character (« [ », « < ») stops each
# attempt at the next opening, so the attempts together read the text about once
# (tests/check/test_linear_scan.py holds every content pattern to 1 s per MB).
ID_LINK = re.compile(r"\[(?P<text>[^\[\]\n]*)\]\([ \t]*(?P<target>(?:KB|TR)-[^)\s#]*)(?P<anchor>#[^)\s]*)?[ \t]*\)")
IMAGE = re.compile(r"!\[(?P<alt>[^\[\]\n]*)\]\((?P<src>[^()\n]*)\)")
PLACEHOLDER = re.compile(r"\{\{\s*(?P<name>[a-z][a-z0-9_]*)\s*\}\}")
_FENCE = re.compile(r"^\s*(```|~~~)")
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class Match:
    line: int  # 0-based within the text
    col: int
    match: re.Match[str]


@lru_cache(maxsize=64)
def _closing_run(length: int) -> re.Pattern[str]:
    return re.compile(r"(?<!`)`{%d}(?!`)" % length)


def blank_code_spans(line: str) -> str:
    """The line with its inline code spans (`…`, ``…``) blanked out, positions kept.

    A span closes at the next run of exactly as many backticks. Linear in practice: a closing
    search that fails is not repeated for that run length (a regex with a backreference
    backtracked for minutes on a long line of backticks)."""
    parts: list[str] = []
    done = pos = 0
    unclosed: set[int] = set()
    while (opening := _BACKTICKS.search(line, pos)) is not None:
        length = len(opening.group())
        closing = None if length in unclosed else _closing_run(length).search(line, opening.end())
        if closing is None:
            unclosed.add(length)
            pos = opening.end()
            continue
        parts += [line[done:opening.start()], " " * (closing.end() - opening.start())]
        done = pos = closing.end()
    return "".join(parts) + line[done:] if parts else line


def prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of the text outside fenced code, with inline code blanked out."""
    fence: str | None = None
    for number, line in enumerate(text.split("\n")):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1) == fence:
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if "`" in line:
            line = blank_code_spans(line)
        yield number, line


def find(pattern: re.Pattern[str], text: str) -> Iterator[Match]:
    if not pattern.search(text):  # most texts have no match: skip the line by line scan
        return
    for number, line in prose_lines(text):
        for match in pattern.finditer(line):
            yield Match(number, match.start(), match)


def has_prose(text: str) -> bool:
    """Whether the text says anything besides headings."""
    return any(line.strip() and not line.lstrip().startswith("#") for _, line in prose_lines(text)) or \
        "```" in text or "~~~" in text


def links_as_text(text: str) -> str:
    """« [la procédure](KB-0001) » → « la procédure (KB-0001) », for a terminal."""
    return ID_LINK.sub(lambda m: f"{m.group('text')} ({m.group('target')})", text)


def sub_outside_code(text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str | None]) -> str:
    """Replace matches outside code; `replace` returns None to keep a match as it is."""
    lines = text.split("\n")
    for number, prose in prose_lines(text):
        original = lines[number]
        out, last = [], 0
        for match in pattern.finditer(prose):
            new = replace(match)
            if new is None:
                continue
            out.append(original[last:match.start()])
            out.append(new)
            last = match.end()
        if out:
            lines[number] = "".join(out) + original[last:]
    return "\n".join(lines)


def sub_prose(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str) -> str:
    """pattern.sub on the text outside fenced code and inline code spans, which stay as written."""
    return sub_outside_code(text, pattern, repl)


# A section written for the support's staff in an item for users (« ## Pour l'agent », « ## Pour l'AIT »,
# « ## Pour les conseillers », « ## Pour le support »): the users' portal leaves it out (docs/portal.md).
AGENT_SECTION = re.compile(r"#{1,2}[ \t]+Pour[ \t]+(?:l['’][ \t]*|les?[ \t]+)(?:agents?|AIT|conseill\w*|support|"
                           r"technicien\w*|niveau[ \t]+[12])\b", re.I)
_SECTION_START = re.compile(r"#{1,2}[ \t]")


def agent_section_lines(text: str) -> set[int]:
    """The lines (0-based) of the text's agent sections: from such a heading to the next heading of level 1 or 2."""
    inside, out = False, set()
    prose = dict(prose_lines(text))
    for number, line in enumerate(text.split("\n")):
        if number in prose and _SECTION_START.match(line):
            inside = bool(AGENT_SECTION.match(line))
        if inside:
            out.add(number)
    return out


def without_agent_sections(text: str) -> str:
    """The text as the portal publishes it: its agent sections left out."""
    hidden = agent_section_lines(text)
    return "\n".join(line for number, line in enumerate(text.split("\n")) if number not in hidden) if hidden else text

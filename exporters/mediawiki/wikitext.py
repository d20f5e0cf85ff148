"""Markdown → wikitext, with pandoc (pinned through the pypandoc-binary wheel).

Pandoc reads our Markdown directly through a Lua reader (filters/kb_wikitext.lua) that
turns admonitions into templates, id links into wiki links and keeps wikitext-looking
text literal. All the texts of one export go through one pandoc process: each is read
on its own inside it, so a broken article cannot spill into the next one.
"""
from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from builder.content.markdown import PLACEHOLDER, prose_lines, sub_prose
from builder.model import Config
from builder.content.urls import heading_anchor

READER = Path(__file__).parent / "filters" / "kb_wikitext.lua"
_SEPARATOR = "\x1e"
_MARKER = re.compile(r"^<!--KB-DOC:(?P<name>[^>\n]*)-->\n?", re.M)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(?P<text>.+?)[ \t]*(?:\{[^}]*\})?[ \t]*#*[ \t]*$")
_INLINE_MARKUP = re.compile(r"[*`]|_{2}|\[([^\]]*)\]\([^)]*\)")


class ConversionError(Exception):
    """pandoc could not convert (missing binary, crash); the message says what to do."""


@dataclass(frozen=True)
class LinkTarget:
    """Where an id link goes on the wiki: the page, and its headings by site anchor."""

    title: str
    anchors: dict[str, str] = field(default_factory=dict)


_WIKI_SYNTAX = ("{", "}", "[", "]", "|", "''", "~~~", "__", "<", ">")


def literal(text: str) -> str:
    """Plain text that the wiki shows as written, inside a template call or a link too."""
    if not any(s in text for s in _WIKI_SYNTAX) and text[:1] not in ("*", "#", ":", ";", "=", " "):
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<nowiki>{text}</nowiki>"


_HIGHLIGHT = re.compile(r"<syntaxhighlight(?:\s[^>]*)?>(.*?)</syntaxhighlight>", re.S)


def plain_code_blocks(text: str) -> str:
    """Code blocks for a wiki without the SyntaxHighlight extension: <pre>, colours lost."""
    def pre(match: re.Match[str]) -> str:
        code = match.group(1).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f"<pre>{code}</pre>"
    return _HIGHLIGHT.sub(pre, text)


def fill_prose(text: str, config: Config) -> str:
    """Placeholders replaced by kb.yaml's values, except in code, where they are examples."""
    return sub_prose(PLACEHOLDER, lambda m: config.placeholders.get(m.group("name"), m.group(0)), text)


def headings(body: str) -> dict[str, str]:
    """Site anchor (MkDocs slug) → heading text as the wiki shows it, for the body's headings."""
    found: dict[str, str] = {}
    for _, line in prose_lines(body):
        match = _HEADING.match(line)
        if match:
            text = _INLINE_MARKUP.sub(lambda m: m.group(1) or "", match.group("text")).strip()
            found.setdefault(heading_anchor(text), text)
    return found


def pandoc_path() -> str:
    try:
        import pypandoc
        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError) as error:
        raise ConversionError("pandoc est introuvable : réinstallez les dépendances "
                              f"(scripts/install.sh) ; détail : {error}") from None


Documents = Mapping[str, "str | Mapping[str, str]"]


def _record(name: str, value: str | Mapping[str, str]) -> str:
    if isinstance(value, str):
        return f"{name}\n{value.replace(_SEPARATOR, ' ')}"
    parts = [f':::::: {{.kb-part name="{part}"}}\n{text.replace(_SEPARATOR, " ")}\n\n::::::'
             for part, text in value.items()]
    return f"*{name}\n" + "\n\n".join(parts)


def _expected(documents: Documents) -> list[str]:
    return [part for name, value in documents.items()
            for part in ([name] if isinstance(value, str) else list(value))]


def _run(documents: Documents, links: Mapping[str, LinkTarget]) -> dict[str, str]:
    payload = [f"links\n{json.dumps({k: {'title': v.title, 'anchors': v.anchors} for k, v in links.items()})}"]
    payload += [_record(name, value) for name, value in documents.items()]
    try:
        result = subprocess.run([pandoc_path(), "--from", str(READER), "--to", "mediawiki", "--wrap=none"],
                                input=(_SEPARATOR + _SEPARATOR.join(payload)).encode("utf-8"),
                                capture_output=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ConversionError(f"pandoc n'a pas pu être lancé : {error}") from None
    if result.returncode != 0:
        raise ConversionError("pandoc a échoué : " + result.stderr.decode("utf-8", "replace").strip()[:2000])
    parts = _MARKER.split(result.stdout.decode("utf-8"))
    return {parts[i]: parts[i + 1].strip() + "\n" for i in range(1, len(parts) - 1, 2)}


def convert(documents: Documents, links: Mapping[str, LinkTarget]) -> dict[str, str]:
    """Wikitext of each Markdown document, by name (names have no « > » nor line break).

    A value may be a group of short texts {part name: Markdown}: they are read as one
    document and come back by part name. A group whose parts do not all come back (an
    unclosed code fence in one of them) is converted again text by text.
    """
    if not documents:
        return {}
    converted = _run(documents, links)
    if list(converted) == _expected(documents):
        return converted
    out: dict[str, str] = {}
    for name, value in documents.items():
        single = {name: value} if isinstance(value, str) else dict(value)
        again = _run(single, links)
        if list(again) != list(single):
            raise ConversionError(f"pandoc a renvoyé un découpage inattendu pour « {name} »")
        out.update(again)
    return out

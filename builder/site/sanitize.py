"""Everything the generator writes into a page goes through here: bodies, fields, JSON.

MkDocs renders our generated Markdown, and Python-Markdown passes raw HTML,
`javascript:` links and `{: onclick=…}` attributes straight through. So each part
of a page is made safe for the context it lands in:

- Markdown bodies (articles) are rendered here with the site's own Markdown
  extensions and compared with their allow-listed form (html_policy). A clean body
  is handed to MkDocs unchanged, so legitimate pages look exactly as before (table
  of contents, permalinks, admonitions, code); a body the sanitiser would change is
  published as its sanitised HTML instead.
- Short fields (titles, tags, owners, labels) are escaped: for raw HTML blocks,
  for Markdown inline text (HTML and Markdown punctuation), or for the theme's
  templates (which do not escape: MkDocs' Jinja runs without autoescape).
- JSON embedded in a page escapes `<`, `>`, `&` (and U+2028/9), so no string can
  close the script element or open a comment in it.
"""
from __future__ import annotations

import html
import json
import re
import secrets
from typing import Any

from builder.content.html_policy import MarkdownRenderer, clean, removals, tokens

_MD_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|~^])")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def html_text(value: object) -> str:
    """A field inside raw HTML (a raw HTML block, an attribute value)."""
    return html.escape(str(value), quote=True)


def md_text(value: object) -> str:
    """A field inside Markdown inline text (a heading, a list item, a table cell, a link text).

    `<` and `>` as entities, Markdown punctuation backslash-escaped, new lines folded: it
    renders as the same words, never as a link, an attribute list or raw HTML. A bare `&`
    is left to Markdown (it escapes it; an entity stays an entity, i.e. text).
    """
    text = " ".join(str(value).replace("\r", " ").split("\n"))
    return _MD_PUNCTUATION.sub(r"\\\1", text.replace("<", "&lt;").replace(">", "&gt;"))


def template_text(value: object) -> str:
    """A field the theme's templates print raw (site name, navigation labels, page titles), in text or in
    double-quoted attributes (an apostrophe stays as it is, as the pages showed it before)."""
    return html.escape(str(value), quote=False).replace('"', "&quot;")


def front_matter_title(value: object) -> str:
    """`title: …` for a page's front matter: valid YAML, printed raw by the theme."""
    return json.dumps(template_text(" ".join(str(value).split())), ensure_ascii=False)


def json_for_html(data: Any) -> str:
    """JSON to embed in a `<script type="application/json">` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group(0)], text)


class BodyRenderer(MarkdownRenderer):
    """Markdown bodies as the site renders them, then made safe (see the module's docstring)."""

    def html(self, text: str) -> str:
        """Sanitised HTML for places that take HTML (the player's help texts)."""
        return clean(self.render(text))

    def body(self, text: str) -> str:
        """What to write into the page's Markdown for this body."""
        if self.is_clean(text):
            return text
        return f'<div class="kb-sanitised">\n{clean(self.render(text))}\n</div>'

    def is_clean(self, text: str) -> bool:
        """True when the sanitiser would leave the rendered body as it is, and the body closes
        everything it opens (a sentinel paragraph after it comes out intact)."""
        sentinel = f"kbsentinel{secrets.token_hex(8)}"
        rendered = self.render(f"{text}\n\n{sentinel}\n")
        if removals(rendered):
            return False
        return tokens(rendered)[-3:] == [("start", "p", ()), ("text", sentinel), ("end", "p")]

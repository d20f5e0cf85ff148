"""What HTML may reach a page: one allow-list (nh3, i.e. Ammonia), and what it would remove.

Deny-lists of « dangerous » HTML missed every payload tried (svg onload, iframe
srcdoc, base href, entity-encoded schemes…), so the rule is the other way round:
only the tags, attributes and URL schemes Markdown and our pages need survive.
The check (CT004), the site and the wiki import share this one policy.
"""
from __future__ import annotations

import html as html_module
import re
from html.entities import html5 as html5_references
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown as md
import nh3

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
})
GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir"})
ATTRIBUTES = {
    "a": {"href", "name"}, "img": {"src", "alt", "width", "height", "loading"}, "abbr": set(), "col": {"span"},
    "colgroup": {"span"}, "details": {"open"}, "ol": {"start", "type", "reversed"}, "li": {"value"},
    "td": {"colspan", "rowspan", "align", "style"}, "th": {"colspan", "rowspan", "align", "scope", "style"},
    "q": {"cite"}, "blockquote": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
STYLE_PROPERTIES = frozenset({"text-align"})  # Markdown tables align columns with style="text-align: …"
# removed with what they contain (the text of a script is not prose)
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "noscript", "template", "object", "embed", "svg",
                                  "math", "textarea", "title", "xmp", "noembed", "noframes", "select", "frame",
                                  "frameset", "applet"})
# ids the site's own scripts look up: content must not shadow them (DOM clobbering)
RESERVED_ID = re.compile(r"^(?:__|kb-player)", re.I)
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
# html5ever's time grows with the square of the number of « & » it escapes in a fragment (0.6 s for 256 K, 2.4 s
# for 512 K): an « & » that starts no character reference is handed over as a private-use character,
# which the parser keeps as it is, and written back as « &amp; » (what the parser would have written)
_LEGACY_REFERENCES = sorted((name for name in html5_references if not name.endswith(";")), key=len, reverse=True)
_BARE_AMPERSAND = re.compile(r"&(?!(?:[A-Za-z][A-Za-z0-9]{0,31};|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|"
                             + "|".join(_LEGACY_REFERENCES) + "))")
_AMPERSAND_STAND_IN = "\U0010fffd"


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("id", "name") and RESERVED_ID.match(value):
        return None
    return value


def clean(html: str) -> str:
    """The allow-listed part of an HTML fragment, serialised by a spec-compliant parser (html5ever)."""
    attributes: dict[str, set[str]] = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    attributes["*"] = set(GENERIC_ATTRIBUTES)
    html = _BARE_AMPERSAND.sub(_AMPERSAND_STAND_IN, html.replace(_AMPERSAND_STAND_IN, "")) if "&" in html else html
    return str(nh3.clean(html, tags=set(TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT), attributes=attributes,
                         url_schemes=set(URL_SCHEMES), attribute_filter=_attribute_filter, strip_comments=True,
                         link_rel=None, filter_style_properties=set(STYLE_PROPERTIES))).replace(_AMPERSAND_STAND_IN, "&amp;")


@dataclass(frozen=True)
class Removal:
    """Something the sanitiser takes out: what to tell the author, and text to find it by in the source."""
    what: str
    needle: str


class _Tokens(HTMLParser):
    """A flat view of a fragment: tags with decoded attributes, and text; comments ignored.

    The content of `script` and `style` is read as markup too: the sanitiser removes them
    anyway, and inside `svg` or `math` a browser does parse it (mutation XSS).
    """

    CDATA_CONTENT_ELEMENTS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[Any, ...]] = []
        self.text: list[str] = []

    def _flush(self) -> None:
        if self.text:
            self.tokens.append(("text", "".join(self.text)))
            self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        self.tokens.append(("start", tag, tuple(sorted((k, _normal(k, v or "")) for k, v in attrs))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        self.tokens.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _normal(name: str, value: str) -> str:
    """Attribute values as compared: the sanitiser rewrites `style="text-align: left;"` as `text-align:left`."""
    return re.sub(r"\s+", "", value).rstrip(";").lower() if name == "style" else value


def tokens(html: str) -> list[tuple[Any, ...]]:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.tokens


def _scheme(value: str) -> str | None:
    compact = re.sub(r"[\x00-\x20]", "", value)
    match = _SCHEME.match(compact)
    return match.group(1).lower() if match else None


def removals(html: str) -> list[Removal]:
    """What `clean` would take out of `html`; empty when the fragment is already clean.

    Decided by comparing the fragment with its cleaned form, token by token (so that
    anything the two parsers see differently counts as removed); the list says why.
    """
    before = tokens(html)
    if before == tokens(clean(html)):
        return []
    found: list[Removal] = []
    for token in before:
        if token[0] != "start":
            continue
        tag, attrs = token[1], token[2]
        if tag not in TAGS:
            found.append(Removal(f"balise <{tag}>", f"<{tag}"))
            continue
        allowed = ATTRIBUTES.get(tag, set()) | GENERIC_ATTRIBUTES
        for name, value in attrs:
            if name not in allowed:
                found.append(Removal(f"attribut « {name} » de <{tag}>", name))
            elif name in URL_ATTRIBUTES and _scheme(value) not in (None, *URL_SCHEMES):
                found.append(Removal(f"adresse « {_scheme(value)}: »", value.strip()[:12]))
            elif name in ("id", "name") and RESERVED_ID.match(value):
                found.append(Removal(f"identifiant réservé au site « {value} »", value))
            elif name == "style" and not re.fullmatch(r"\s*text-align\s*:\s*[a-z]+\s*;?\s*", value):
                found.append(Removal("style autre qu'un alignement de colonne", value[:12]))
    return found or [Removal("HTML mal formé ou ambigu", "<")]


MKDOCS_BUILTINS = ["toc", "tables", "fenced_code"]  # what MkDocs adds to the configured extensions


def default_extensions() -> tuple[list[str], dict[str, Any]]:
    """The extensions of the site's default mkdocs.yml (builder/site/mkdocs.default.yml; a test compares)."""
    from pymdownx.superfences import fence_code_format

    names = MKDOCS_BUILTINS + ["admonition", "attr_list", "sane_lists", "pymdownx.details", "pymdownx.superfences"]
    configs = {"toc": {"permalink": True, "permalink_title": "Lien vers cette section"},
               "pymdownx.superfences": {"custom_fences": [{"name": "mermaid", "class": "mermaid",
                                                           "format": fence_code_format}]}}
    return names, configs


@lru_cache(maxsize=4)
def mkdocs_extensions(config_file: str) -> tuple[list[str], dict[str, Any]]:
    """The Markdown extensions an mkdocs.yml asks for (with INHERIT), as MkDocs lists them."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, encoding="utf-8") as handle:
        config = yaml_load(handle) or {}
    names: list[str] = list(MKDOCS_BUILTINS)
    configs: dict[str, Any] = {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            for name, options in entry.items():
                names.append(name)
                configs[name] = options or {}
        else:
            names.append(entry)
    return list(dict.fromkeys(names)), configs


class MarkdownRenderer:
    """Markdown to HTML the way the site renders it (same extensions), before any cleaning."""

    def __init__(self, mkdocs_config: Path | None = None, extensions: list[str] | None = None) -> None:
        """With the extensions of `mkdocs_config`, of an explicit list, or of the default site."""
        if extensions is not None:
            names, configs = extensions, {}
        elif mkdocs_config is not None:
            names, configs = mkdocs_extensions(str(mkdocs_config.resolve()))
        else:
            names, configs = default_extensions()
        self.md = md.Markdown(extensions=names, extension_configs=configs)

    def render(self, text: str) -> str:
        self.md.reset()
        return str(self.md.convert(text))

    def removals(self, text: str, render: bool = True) -> list[tuple[Removal, int, int]]:
        """What the sanitiser would take out of this Markdown, each with its 0-based line and column
        in `text`: found by its text (entities decoded), searching on from the previous one since they
        come in document order; the first line when it cannot be found. With render=False the text is
        read as HTML as it is (raw tags only), in linear time."""
        lines = [html_module.unescape(line).lower() for line in text.split("\n")]
        cursor = 0
        last: dict[str, tuple[int, int]] = {}  # where each needle was last found

        def search(needle: str, line: int, col: int) -> tuple[int, int] | None:
            for number in range(line, len(lines)):
                at = lines[number].find(needle, col if number == line else 0)
                if at >= 0:
                    return number, at
            return None

        found = []
        for removal in removals(self.render(text) if render else text):
            needle = removal.needle.lower()
            line, col = last.get(needle, (-1, -1))
            start = (line, col + 1) if line >= cursor else (cursor, 0)
            where = search(needle, *start) or search(needle, 0, 0) or (cursor, 0)
            cursor, last[needle] = where[0], where
            found.append((removal, *where))
        return found

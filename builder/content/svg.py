"""SVG files judged by an allow-list: an SVG is a document that can run script.

The file is parsed with the standard library's expat, which resolves no external
entity; a DOCTYPE with an internal subset (the door to entity expansion) is refused outright. Every element
and attribute must be on the lists below; a link (href) may only point inside the
file (« #id »). `inspect` says what is wrong, `clean` rewrites a file without it,
so that the site never copies a byte the check has not seen.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from xml.parsers import expat

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = frozenset("""
svg g defs symbol use title desc metadata path rect circle ellipse line polyline polygon text tspan textPath
linearGradient radialGradient stop clipPath mask pattern marker image filter feGaussianBlur feOffset feBlend
feColorMatrix feComposite feFlood feMerge feMergeNode feMorphology feDropShadow switch style
""".split())
ATTRIBUTES = frozenset("""
id class style width height x y x1 y1 x2 y2 cx cy r rx ry d points viewBox preserveAspectRatio transform
fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin stroke-dasharray
stroke-dashoffset stroke-miterlimit opacity color display visibility overflow clip-path clip-rule mask filter
font-family font-size font-weight font-style text-anchor dominant-baseline alignment-baseline letter-spacing
word-spacing text-decoration writing-mode dx dy rotate textLength lengthAdjust offset stop-color stop-opacity
gradientUnits gradientTransform spreadMethod fx fy fr patternUnits patternContentUnits patternTransform
clipPathUnits maskUnits maskContentUnits markerWidth markerHeight markerUnits refX refY orient
marker-start marker-mid marker-end filterUnits primitiveUnits in in2 result stdDeviation mode operator k1 k2 k3
k4 values type flood-color flood-opacity radius xmlns version baseProfile role aria-label aria-hidden
lang xml:space xml:lang href xlink:href xlink:title
""".split())
# refused, not quietly dropped: they run script, embed HTML or rewrite attributes at run time
_ACTIVE = frozenset({"script", "foreignObject", "handler", "listener", "set", "animate", "animateMotion",
                     "animateTransform", "animateColor", "iframe", "embed", "object"})
_XHTML = "http://www.w3.org/1999/xhtml "
_LINK_ATTRIBUTES = frozenset({"href", "xlink:href"})
_NAMESPACES = {SVG_NS: "", XLINK_NS: "xlink:", XML_NS: "xml:"}
_CSS_URL = re.compile(r"url\(\s*(?!['\"]?#)|@import|expression\s*\(|javascript:", re.I)
_INLINE_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z")


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based, as expat counts
    message: str  # French, for the finding
    dangerous: bool = True  # False: harmless editor data (Inkscape…) that `clean` drops quietly


class _Walker:
    """Keeps allowed elements and attributes, records the rest."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.out: list[str] = []
        self.dropped_depth = 0  # > 0 inside an element being dropped
        self.in_style = False
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.EntityDeclHandler = self.entity
        self.parser.ProcessingInstructionHandler = self.instruction
        self.parser.ExternalEntityRefHandler = self.external
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def problem(self, message: str, dangerous: bool = True) -> None:
        self.problems.append(Problem(self.parser.CurrentLineNumber, message, dangerous))

    def doctype(self, _name: str, _system: str | None, _public: str | None, internal_subset: int) -> None:
        if internal_subset:  # entity declarations: the door to expansion bombs and external files
            self.problem("DOCTYPE avec déclarations internes interdit")
            raise _Refused

    def entity(self, *_: object) -> None:
        self.problem("déclaration d'entité interdite")
        raise _Refused

    def external(self, *_: object) -> int:
        self.problem("référence à une entité externe")
        raise _Refused

    def instruction(self, target: str, _data: str) -> None:
        self.problem(f"instruction de traitement « {target} » interdite")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if self.dropped_depth or local is None or local not in ELEMENTS:
            shown = name.split(" ")[-1]
            active = shown in _ACTIVE or local is None and name.startswith(_XHTML)
            if active or not self.dropped_depth:  # what hides inside a dropped element is still refused
                self.problem(f"élément « {shown} » interdit", dangerous=active)
            for key in attrs:
                if key.split(" ")[-1].lower().startswith("on"):
                    self.problem(f"attribut de gestion d'événement « {key.split(' ')[-1]} » interdit")
            self.dropped_depth += 1
            return
        kept = []
        for key, value in attrs.items():
            attr = _local(key)
            if attr is None or attr not in ATTRIBUTES:
                shown = key.split(" ")[-1]
                handler = shown.lower().startswith("on")
                self.problem(f"attribut de gestion d'événement « {shown} » interdit" if handler
                             else f"attribut « {shown} » non autorisé", dangerous=handler)
                continue
            if attr in _LINK_ATTRIBUTES and not (value.strip().startswith("#") or
                                                 (local == "image" and _INLINE_IMAGE.match(value.strip()))):
                self.problem(f"référence externe « {value[:60]} » (seuls les liens « #id » internes sont permis)")
                continue
            if attr == "style" and _CSS_URL.search(value):
                self.problem("style qui charge une ressource externe ou exécute du code")
                continue
            kept.append(f' {attr}="{_escape(value)}"')
        if local == "svg":  # expat consumed the declarations: write the two the kept names need
            kept[:0] = [f' xmlns="{SVG_NS}"', f' xmlns:xlink="{XLINK_NS}"']
        self.in_style = local == "style"
        self.out.append(f"<{local}{''.join(kept)}>")

    def end(self, name: str) -> None:
        if self.dropped_depth:
            self.dropped_depth -= 1
            return
        self.in_style = False
        self.out.append(f"</{_local(name)}>")

    def text(self, data: str) -> None:
        if self.dropped_depth:
            return
        if self.in_style and _CSS_URL.search(data):
            self.problem("feuille de style qui charge une ressource externe ou exécute du code")
            return
        self.out.append(_escape(data))


class _Refused(Exception):
    pass


def _local(name: str) -> str | None:
    """The name as written in an SVG file, or None for a foreign namespace (XHTML, …)."""
    namespace, _, local = name.rpartition(" ")
    if not namespace:
        return local
    prefix = _NAMESPACES.get(namespace)
    return None if prefix is None else prefix + local


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _walk(data: bytes) -> _Walker:
    walker = _Walker()
    try:
        walker.parser.Parse(data, True)
    except _Refused:
        walker.out = []
    except expat.ExpatError as error:
        walker.problems.append(Problem(error.lineno, f"XML illisible ({expat.errors.messages[error.code]})"))
        walker.out = []
    if walker.out and not walker.out[0].startswith("<svg"):
        walker.problems.append(Problem(1, "le document n'est pas un SVG (élément racine « svg » attendu)"))
        walker.out = []
    return walker


def inspect(data: bytes) -> list[Problem]:
    """What makes the file unsafe to publish (script, handlers, external references, unreadable XML).

    Harmless data outside the allow-list (an editor's metadata) is not reported: `clean` drops it.
    """
    return [p for p in _walk(data).problems if p.dangerous]


def clean(data: bytes) -> bytes | None:
    """The file with only allowed elements and attributes, or None when it cannot be read safely."""
    walker = _walk(data)
    if not walker.out:
        return None
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(walker.out)).encode("utf-8")

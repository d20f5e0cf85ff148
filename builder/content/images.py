"""Images beside the content: where they live, what they are, who uses them.

An image lives in `kb/<domain>/images/` (for articles) or `trees/<domain>/images/`
(for trees) and is written in Markdown as `![texte alternatif](images/ecran.png)`,
relative to the file that shows it. Dimensions are read from the file's header with
the standard library (no image library): the site sets width and height from them.
"""
from __future__ import annotations

import posixpath
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from builder.content import svg
from builder.content.markdown import IMAGE, find
from builder.content.snapshot import IMAGE_EXTENSIONS, IMAGES_DIR, Snapshot, is_image_path
from builder.model import Article, ImageFile, Item, Pos, Tree

__all__ = ["IMAGE_EXTENSIONS", "IMAGES_DIR", "is_image_path"]

SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")  # safe in a URL and as a wiki file name
DEFAULT_MAX_SIZE = 500 * 1024
PUBLISHED_DIR = "images"  # on the site: images/<kb|trees>/<domain>/<name>
_EXTERNAL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")
_TITLE = re.compile(r"""\s+(?:"[^"]*"|'[^']*')\s*\Z""")


def read_images(snapshot: Snapshot) -> dict[str, ImageFile]:
    return {path: read_image(path, snapshot.read(path)) for path in snapshot.images}


def read_image(path: str, data: bytes) -> ImageFile:
    """Format and dimensions from the bytes; an SVG's unsafe parts listed."""
    kind = sniff(data)
    width = height = None
    problems: tuple[tuple[int, str], ...] = ()
    if kind == "svg":
        problems = tuple((p.line, p.message) for p in svg.inspect(data))
        width, height = _svg_size(data)
    elif kind:
        width, height = _raster_size(kind, data)
    return ImageFile(path, len(data), kind, width, height, problems)


def sniff(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and b"<svg" in data[:65536]:
        return "svg"
    return None


def _raster_size(kind: str, data: bytes) -> tuple[int | None, int | None]:
    try:
        if kind == "png" and data[12:16] == b"IHDR":
            w, h = struct.unpack(">II", data[16:24])
            return w, h
        if kind == "gif":
            w, h = struct.unpack("<HH", data[6:10])
            return w, h
        if kind == "webp":
            return _webp_size(data)
        if kind == "jpeg":
            return _jpeg_size(data)
    except struct.error:
        pass
    return None, None


def _webp_size(data: bytes) -> tuple[int | None, int | None]:
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        w, h = struct.unpack("<HH", data[26:30])
        return w & 0x3FFF, h & 0x3FFF
    if chunk == b"VP8L" and data[20:21] == b"\x2f":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None, None


def _jpeg_size(data: bytes) -> tuple[int | None, int | None]:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None, None
        marker = data[i + 1]
        if marker == 0xFF:  # padding
            i += 1
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h
        i += 2 + length
    return None, None


_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.S)
_LENGTH = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*\Z")


def _svg_size(data: bytes) -> tuple[int | None, int | None]:
    """From the root's width and height (plain or px), else its viewBox."""
    root = _SVG_ROOT.search(data[:65536])
    if root is None:
        return None, None
    tag = root.group(0).decode("utf-8", "replace")

    def attribute(name: str) -> str | None:
        found = re.search(rf"\s{name}\s*=\s*[\"']([^\"']*)[\"']", tag)
        return found.group(1) if found else None

    sizes = [_LENGTH.match(attribute(n) or "") for n in ("width", "height")]
    if sizes[0] and sizes[1]:
        return round(float(sizes[0].group(1))), round(float(sizes[1].group(1)))
    box = (attribute("viewBox") or "").replace(",", " ").split()
    try:
        if len(box) == 4 and float(box[2]) > 0 and float(box[3]) > 0:
            return round(float(box[2])), round(float(box[3]))
    except ValueError:
        pass
    return None, None


@dataclass(frozen=True)
class ImageRef:
    """One `![alt](src)` written in an item, and the repository file it designates."""

    item: Item
    alt: str
    src: str  # as written, title removed
    pos: Pos  # 0-based, the « ! »
    target: str | None  # the repository path it resolves to; None for an external or absolute address
    help_of: str | None = None  # the tree node whose help shows it

    @property
    def external(self) -> bool:
        return self.target is None


def image_refs(item: Item) -> Iterator[ImageRef]:
    """Every image written in an article's body or in a tree's help texts, in file order."""
    if isinstance(item, Article):
        for match in find(IMAGE, item.body):
            yield _ref(item, match.match, Pos(item.body_line + match.line, match.col))
    elif isinstance(item, Tree):
        for node in item.nodes.values():
            if node.help is None:
                continue
            for match in find(IMAGE, node.help.value):
                yield _ref(item, match.match, node.help.locate_line(match.line, match.col), node.id)


def _ref(item: Item, match: re.Match[str], pos: Pos, node: str | None = None) -> ImageRef:
    src = _TITLE.sub("", match.group("src").strip()).strip("<>")
    return ImageRef(item, match.group("alt").strip(), src, pos, resolve(item.path, src), node)


def resolve(from_path: str, src: str) -> str | None:
    """The repository path an image address designates from a content file; None if it is not relative."""
    if not src or _EXTERNAL.match(src) or src.startswith("/"):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), unquote(src.split("#")[0])))


def published_path(image_path: str) -> str:
    """Where the site serves an image: kb/comptes/images/ecran.png → images/kb/comptes/ecran.png."""
    top, domain, _, name = image_path.split("/")
    return f"{PUBLISHED_DIR}/{top}/{domain}/{name}"


def wiki_name(image_path: str, title_prefix: str) -> str:
    """The image's file name on the wiki, prefixed like the page titles (« : » is not allowed in a file name)."""
    top, domain, _, name = image_path.split("/")
    prefix = title_prefix.replace(":", "-").replace("/", "-").strip()
    if prefix and not prefix.endswith("-"):
        prefix += "-"
    return f"{prefix}{domain}-{'arbres-' if top == 'trees' else ''}{name}"

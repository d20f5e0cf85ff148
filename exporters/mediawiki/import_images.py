"""The images of imported pages: `[[Fichier:…]]` downloaded into kb/<domain>/images/, linked from the draft.

While the wikitext is prepared, each file link becomes a token (pandoc leaves letters
alone) and its alternative text is kept; once the domain is known the files are read
in bulk (imageinfo), downloaded from the wiki's own address, checked to be an image
of a format the base accepts, and saved under a name safe for a URL and a wiki, never
over a different file. The tokens then become `![texte](images/nom.png)`.
"""
from __future__ import annotations

import posixpath
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mwparserfromhell.nodes import Wikilink

from builder.content.atomic import write_bytes
from builder.content.images import SAFE_NAME, sniff
from builder.content.snapshot import ARTICLES_DIR, IMAGE_EXTENSIONS, IMAGES_DIR

from exporters.mediawiki.client import Wiki

MAX_BYTES = 20 * 1024 * 1024
_OPTIONS = {"thumb", "thumbnail", "vignette", "frame", "cadre", "frameless", "sans_cadre", "border", "bordure",
            "left", "gauche", "right", "droite", "center", "centre", "centré", "none", "néant", "upright", "redresse",
            "baseline", "middle", "sub", "super", "top", "text-top", "bottom", "text-bottom"}
_KEYED = ("link=", "lien=", "page=", "class=", "lang=", "upright=", "redresse=")


@dataclass
class WikiImage:
    """One `[[Fichier:…]]` of an imported page."""

    token: str
    name: str  # the file's name on the wiki, without namespace
    alt: str
    local: str = ""  # kb/<domain>/images/<name> once downloaded
    problem: str = ""  # why it was not brought back


def from_link(link: Wikilink, number: int) -> WikiImage:
    """The file name and its alternative text (alt=, else the caption) from a file link."""
    name = str(link.title).split(":", 1)[1].strip().replace("_", " ")
    params = [p.strip() for p in str(link.text or "").split("|")] if link.text else []
    alt = next((p.split("=", 1)[1].strip() for p in params if p.startswith("alt=")), "")
    if not alt:
        captions = [p for p in params if p and p.casefold() not in _OPTIONS and not p.startswith(_KEYED)
                    and not p.rstrip("px").replace("x", "").isdigit()]
        alt = captions[-1] if captions else ""
    return WikiImage(f"KBIMAGE{number}KB", name, " ".join(alt.replace("[", "(").replace("]", ")").split()))


def local_name(wiki_name: str) -> str:
    """« Capture d'écran 1.PNG » → « Capture-d-ecran-1.png »: safe in a URL and as a wiki file name."""
    plain = unicodedata.normalize("NFKD", wiki_name).encode("ascii", "ignore").decode()
    stem, _, ext = plain.rpartition(".")
    stem = "".join(c if c.isalnum() or c in "._-" else "-" for c in stem)
    while "--" in stem:
        stem = stem.replace("--", "-")
    name = f"{stem.strip('-._') or 'image'}.{ext.lower()}"
    return name if SAFE_NAME.match(name) else "image.png"


def download(wiki: Wiki, root: Path, domain: str, images: list[WikiImage]) -> None:
    """Bring every image back next to the draft (sets `local` or `problem`)."""
    infos = _image_info(wiki, sorted({i.name for i in images}))
    folder = root / ARTICLES_DIR / domain / IMAGES_DIR
    saved: dict[str, str] = {}
    for image in images:
        if image.name in saved:
            image.local = saved[image.name]
            continue
        info = infos.get(image.name)
        if info is None:
            image.problem = "introuvable sur le wiki"
            continue
        if posixpath.splitext(image.name)[1].lower() not in IMAGE_EXTENSIONS:
            image.problem = "format non pris en charge (PNG, JPEG, WebP, GIF ou SVG)"
            continue
        data = _fetch(wiki, info)
        if isinstance(data, str):
            image.problem = data
            continue
        path = _free(folder, local_name(image.name), data)
        if not path.exists():
            write_bytes(path, data)
        image.local = saved[image.name] = path.relative_to(root).as_posix()


def _image_info(wiki: Wiki, names: list[str]) -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for start in range(0, len(names), 50):
        batch = names[start:start + 50]
        renamed: dict[str, str] = {}
        for result in wiki.query(titles="|".join(f"File:{n}" for n in batch), prop="imageinfo",
                                 iiprop="url|size|sha1", formatversion="2"):
            query = result.get("query", {})
            renamed.update({n["to"]: n["from"] for n in query.get("normalized", [])})
            for page in query.get("pages", []):
                info = page.get("imageinfo") or []
                if info:
                    asked = renamed.get(page["title"], page["title"]).split(":", 1)[1]
                    found[asked] = info[0]
    return found


def _fetch(wiki: Wiki, info: dict[str, object]) -> bytes | str:
    """The file's bytes, or why not; only from the wiki's own server."""
    url = urljoin(wiki.server + "/", str(info.get("url", "")))
    if urlsplit(url).netloc != urlsplit(wiki.server).netloc:
        return f"adresse du fichier hors du wiki ({url})"
    if int(str(info.get("size", 0))) > MAX_BYTES:
        return f"fichier trop lourd ({int(str(info['size'])) // 1024 // 1024} Mo)"
    try:
        response = wiki.site.connection.get(url, timeout=(10, 120))
        response.raise_for_status()
    except Exception as error:  # requests' errors: the page is imported, the image reported
        return f"téléchargement impossible ({type(error).__name__})"
    data = response.content
    if sniff(data) is None:
        return "le fichier reçu n'est pas une image"
    return data


def _free(folder: Path, name: str, data: bytes) -> Path:
    """name, or name-2, name-3… : never over a different file (the same bytes are shared)."""
    stem, ext = posixpath.splitext(name)
    number = 1
    while True:
        path = folder / (name if number == 1 else f"{stem}-{number}{ext}")
        if not path.exists() or path.read_bytes() == data:
            return path
        number += 1


def substitute(markdown: str, images: list[WikiImage], article_dir: str) -> str:
    """Tokens → Markdown images relative to the article (or the alternative text when not brought back)."""
    for image in images:
        if image.local:
            target = posixpath.relpath(image.local, article_dir)
            markdown = markdown.replace(image.token, f"![{image.alt}]({target})")
        else:
            markdown = markdown.replace(image.token, image.alt or image.name)
    return markdown

"""Images: every link finds its file, every file is used, safe, light and well named.

An article's image without alternative text is CT003 in rules/content.py; the same
for a tree's help text is reported here.
"""
from __future__ import annotations

import posixpath

from builder.codes import finding
from builder.content.images import DEFAULT_MAX_SIZE, SAFE_NAME, ImageRef, image_refs
from builder.content.suggest import did_you_mean
from builder.model import START, Base, Finding, ImageFile, Pos, Tree

_FORMAT_LABELS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP", "svg": "SVG"}


def check(base: Base) -> list[Finding]:
    found: list[Finding] = []
    used: set[str] = set()
    for item in base.items:
        for ref in image_refs(item):
            if ref.target is not None:
                used.add(ref.target)
            found.extend(_check_ref(ref, base))
    limit = base.config.image_max_size or DEFAULT_MAX_SIZE
    for path, image in sorted(base.images.items()):
        found.extend(_check_file(image, limit))
        if path not in used:
            found.append(finding("IM003", path, START, "image que rien n'utilise",
                                 "affichez-la dans un article ou un arbre (![description](images/"
                                 f"{posixpath.basename(path)})), ou supprimez-la"))
    return found


def _check_ref(ref: ImageRef, base: Base) -> list[Finding]:
    path = ref.item.path
    out: list[Finding] = []
    if isinstance(ref.item, Tree) and not ref.alt:
        out.append(finding("CT003", path, ref.pos, f"image sans texte alternatif (aide du nœud « {ref.help_of} »)",
                           "décrivez l'image entre les crochets : ![description](images/ecran.png)"))
    if ref.target is None:
        out.append(finding("IM007", path, ref.pos, f"image prise hors de la base : « {ref.src} »",
                           "copiez l'image dans le dossier images/ du domaine et citez-la par son chemin "
                           "(images/nom.png)"))
    elif ref.target not in base.images:
        out.append(finding("IM001", path, ref.pos, f"image introuvable : « {ref.src} » ({ref.target})",
                           _missing_hint(ref, base)))
    return out


def _missing_hint(ref: ImageRef, base: Base) -> str:
    target = ref.target or ""
    folder = "/".join(path.split("/")[:2]) + "/images" if (path := ref.item.path) else ""
    if (base.root / target).is_file():
        return f"rangez-la dans {folder}/ et écrivez ![…](images/{posixpath.basename(target)})"
    siblings = {posixpath.basename(p): p for p in base.images if p.startswith(folder + "/")}
    suggestion = did_you_mean(posixpath.basename(target), siblings, cutoff=0.75)
    return suggestion or f"ajoutez le fichier dans {folder}/ ou corrigez le chemin"


def _check_file(image: ImageFile, limit: int) -> list[Finding]:
    out: list[Finding] = []
    path = image.path
    name = posixpath.basename(path)
    if not SAFE_NAME.match(name):
        out.append(finding("IM005", path, START, f"nom de fichier « {name} » qui casserait une adresse ou le wiki",
                           f"renommez-le, par exemple « {_safe(name)} », et corrigez les liens"))
    extension = posixpath.splitext(name)[1].lower()
    expected = {".jpg": "jpeg", ".jpeg": "jpeg"}.get(extension, extension[1:])
    if image.format is None:
        out.append(finding("IM006", path, START, "image illisible : ni PNG, ni JPEG, ni WebP, ni GIF, ni SVG",
                           "réenregistrez-la dans l'un de ces formats"))
    elif image.format != expected:
        out.append(finding("IM006", path, START, f"le fichier est un {_FORMAT_LABELS[image.format]} mais son "
                           f"extension est « {extension} »", "renommez-le avec l'extension qui lui correspond"))
    elif image.format != "svg" and (image.width is None or image.height is None):
        out.append(finding("IM006", path, START, f"image {_FORMAT_LABELS[image.format]} illisible (dimensions "
                           "introuvables : fichier tronqué ?)", "réenregistrez-la"))
    for line, message in image.svg_problems:
        out.append(finding("IM004", path, Pos(max(line - 1, 0), 0), f"SVG refusé : {message}",
                           "réexportez-le sans script ni lien externe, ou publiez une capture PNG"))
    if image.size > limit:
        out.append(finding("IM002", path, START, f"image de {_kib(image.size)}, au-delà de la limite de "
                           f"{_kib(limit)} ({_kib(image.size - limit)} de trop)",
                           "réduisez-la (recadrez, PNG pour une capture d'écran, JPEG pour une photo) ou "
                           "relevez images.max_size dans kb.yaml"))
    return out


def _kib(size: int) -> str:
    return f"{size / 1024:.0f} Ko" if size >= 1024 else f"{size} octets"


def _safe(name: str) -> str:
    import unicodedata
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem, dot, ext = plain.rpartition(".")
    stem = "".join(c if c.isalnum() or c in "._-" else "-" for c in (stem if dot else plain)).strip("-._") or "image"
    return f"{stem}.{ext}" if dot else stem

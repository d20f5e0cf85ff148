"""Which files make up a content repository, and their bytes, read once.

Kept free of YAML and of the model so that an unchanged re-check imports little.
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_FILE = "kb.yaml"
ARTICLES_DIR = "kb"
TREES_DIR = "trees"
IMAGES_DIR = "images"
IMAGE_EXTENSIONS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp", ".gif": "gif", ".svg": "svg"}


class NotAContentRoot(Exception):
    """The directory has neither kb.yaml nor kb/ nor trees/."""


def is_content_root(root: Path) -> bool:
    return (root / CONFIG_FILE).is_file() or (root / ARTICLES_DIR).is_dir() or (root / TREES_DIR).is_dir()


def content_root(root: Path) -> Path:
    root = root.resolve()
    if not is_content_root(root):
        raise NotAContentRoot(str(root))
    return root


def discover(root: Path) -> list[str]:
    """Files under kb/ and trees/ (images included), as sorted relative POSIX paths (hidden ones skipped)."""
    return inspect(root)[0]


def inspect(root: Path) -> tuple[list[str], dict[str, str]]:
    """The content files that may be read, and those refused with the reason (never opened).

    A symbolic link whose target leaves the root would publish a file from elsewhere
    on the machine; a FIFO or a device would hang or feed endless bytes to the reader.
    """
    found: list[str] = []
    refused: dict[str, str] = {}
    for top in (ARTICLES_DIR, TREES_DIR):
        if (why := refusal(root, top, folder=True)) is not None:
            refused[top] = why
            continue
        for folder, dirs, files in os.walk(root / top):
            relative = Path(folder).relative_to(root).as_posix()
            for name in [d for d in dirs if not d.startswith(".")]:
                if (root / relative / name).is_symlink():
                    refused[f"{relative}/{name}"] = "dossier en lien symbolique : kb ne le suit pas"
            dirs[:] = [d for d in dirs if not d.startswith(".") and not (root / relative / d).is_symlink()]
            for name in files:
                if name.startswith("."):
                    continue
                path = f"{relative}/{name}"
                why = refusal(root, path)
                if why is None:
                    found.append(path)
                else:
                    refused[path] = why
    return sorted(found), refused


def refusal(root: Path, path: str, folder: bool = False) -> str | None:
    """Why the file (or folder) at `path` must not be read, or None when it may be."""
    full = root / path
    try:
        if full.is_symlink():
            target = Path(os.path.realpath(full))
            if not target.is_relative_to(root):
                return f"lien symbolique vers « {target} », hors de la racine du contenu"
        mode = os.stat(full).st_mode
    except FileNotFoundError:
        return None if folder else "lien symbolique cassé : sa cible n'existe pas"
    except OSError as error:
        return f"illisible ({error.strerror})"
    if folder:
        return None
    if not stat.S_ISREG(mode):
        return "ce n'est pas un fichier ordinaire (tube nommé, périphérique ou socket)"
    return None


def is_image_path(path: str) -> bool:
    """kb/<domain>/images/<name>.<png|jpg|…> or the same under trees/: content, beside what shows it."""
    parts = path.split("/")
    return (len(parts) == 4 and parts[0] in (ARTICLES_DIR, TREES_DIR) and parts[2] == IMAGES_DIR
            and os.path.splitext(parts[3])[1].lower() in IMAGE_EXTENSIONS)


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class Snapshot:
    """kb.yaml and the content files; bytes are read on demand and kept."""

    root: Path
    paths: list[str]  # articles, trees, and any misplaced file (SC014)
    config: bytes | None
    _data: dict[str, bytes] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)  # path -> why it is not read (links out, FIFOs)
    images: list[str] = field(default_factory=list)  # kb/<domain>/images/…, trees/<domain>/images/…

    def read(self, path: str) -> bytes:
        data = self._data.get(path)
        if data is None:
            data = self._data[path] = (self.root / path).read_bytes()
        return data

    @property
    def files(self) -> dict[str, bytes]:
        return {path: self.read(path) for path in self.paths}


def read_snapshot(root: Path) -> Snapshot:
    root = content_root(root)
    paths, refused = inspect(root)
    config = None
    if (root / CONFIG_FILE).exists() or (root / CONFIG_FILE).is_symlink():
        why = refusal(root, CONFIG_FILE)
        if why is None:
            config = (root / CONFIG_FILE).read_bytes()
        else:
            refused[CONFIG_FILE] = why
    images = [path for path in paths if is_image_path(path)]
    return Snapshot(root, [path for path in paths if not is_image_path(path)], config, refused=refused, images=images)

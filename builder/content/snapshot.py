"""Which files make up a content repository, and their bytes, read once.

Kept free of YAML and of the model so that an unchanged re-check imports little.
"""
from __future__ import annotations

import hashlib
import os
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
    """Files under kb/ and trees/, as sorted relative POSIX paths (hidden ones skipped)."""
    found: list[str] = []
    for top in (ARTICLES_DIR, TREES_DIR):
        for folder, dirs, files in os.walk(root / top):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            relative = Path(folder).relative_to(root).as_posix()
            found.extend(f"{relative}/{name}" for name in files if not name.startswith("."))
    return sorted(found)


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
    config_path = root / CONFIG_FILE
    config = config_path.read_bytes() if config_path.is_file() else None
    found = discover(root)
    images = [path for path in found if is_image_path(path)]
    return Snapshot(root, [path for path in found if not is_image_path(path)], config, images=images)

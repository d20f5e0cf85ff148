"""Publish a site atomically: build beside the target, then swap.

The web server serves the target folder while we build. Building into it left it
empty or half written when a build failed or was killed, and `--site-dir` emptied
whatever folder it was given. Here the site is built in a hidden folder next to the
target (same file system, so renames are atomic), marked as ours, and exchanged with
the previous site in one `renameat2(RENAME_EXCHANGE)` (two renames where the kernel
lacks it). A folder that is neither empty nor marked as a previous csu-kb site is
refused, never deleted.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from stat import S_ISREG
from typing import Any, TypeVar

from builder.content.atomic import umask

MARKER = ".csu-kb-site"
MARKER_HEAD = "# Site construit par csu-kb (kb build), qui remplace ce dossier en entier. Fichiers écrits :\n"
BUILDING = ".kb-building-"
RETIRED = ".kb-retired-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100

T = TypeVar("T")


class PublishError(Exception):
    """The target cannot receive the site; the message says why, in French."""


def check_target(target: Path) -> None:
    """Refuse a target that holds anything but a previous csu-kb site, exactly as we wrote it."""
    if target.exists() and not target.is_dir():
        raise PublishError(f"« {target} » n'est pas un dossier : choisissez un autre --site-dir")
    if not target.exists():
        return
    if (target / MARKER).is_file():
        foreign = sorted(set(_files(target)) - written_by_us(target))
        if foreign:
            shown = ", ".join(foreign[:5]) + (f" et {len(foreign) - 5} autres" if len(foreign) > 5 else "")
            raise PublishError(
                f"« {target} » est un site de csu-kb, mais contient des fichiers que kb build n'a pas écrits "
                f"({shown}) : kb build remplacerait le dossier et les effacerait. Déplacez-les ailleurs, "
                "puis relancez.")
        return
    if any(target.iterdir()):
        raise PublishError(
            f"« {target} » n'est pas vide et ne contient pas de site construit par csu-kb (pas de fichier "
            f"{MARKER}) : kb build ne remplace que ses propres sites. Choisissez un dossier vide ou "
            "inexistant pour --site-dir, ou videz celui-ci vous-même s'il ne contient rien d'utile.")


def publish(target: Path, build: Callable[[Path], T]) -> T:
    """Run `build(folder)` into a fresh folder next to `target`, then put that folder in its place.

    If `build` raises, or the process dies, `target` is untouched: it still holds the
    previous site. Returns what `build` returned.
    """
    target = target.resolve()
    check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    fresh = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}{BUILDING}"))
    try:
        result = build(fresh)
        listing = "".join(f"{name}\n" for name in sorted(_files(fresh)))
        (fresh / MARKER).write_text(MARKER_HEAD + listing, encoding="utf-8")
        _make_readable(fresh, target)
        _fsync_tree(fresh)
        check_target(target)  # again: someone may have put a file there during the build
        _swap(fresh, target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    shutil.rmtree(fresh, ignore_errors=True)  # after the exchange: the previous site
    return result


def written_by_us(site: Path) -> set[str]:
    """The files a previous build listed in its marker (and the marker itself)."""
    try:
        lines = (site / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    return {MARKER, *(line for line in lines if line and not line.startswith("#"))}


def _files(folder: Path) -> list[str]:
    """Every file and link under folder (not directories), relative, in POSIX form.

    With os.scandir and strings: a site has a folder per page, thousands of them."""
    found: list[str] = []
    pending = [("", str(folder))]
    while pending:
        prefix, path = pending.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue  # as os.walk: an unreadable folder is skipped
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((f"{prefix}{entry.name}/", entry.path))
            else:
                found.append(prefix + entry.name)
    return found


def _remove_leftovers(target: Path) -> None:
    """Folders of interrupted builds: only ours (our prefix, next to our target)."""
    for prefix in (BUILDING, RETIRED):
        for leftover in target.parent.glob(f".{target.name}{prefix}*"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


def _make_readable(fresh: Path, target: Path) -> None:
    """mkdtemp makes a 0700 folder: give the new site the previous one's mode, else the umask's."""
    if target.is_dir():
        mode = target.stat().st_mode & 0o7777
    else:
        mode = 0o777 & ~umask()
    os.chmod(fresh, mode)


def _fsync_tree(folder: Path) -> None:
    """Flush the new files before they become the site, so a crash never publishes empty files.

    One syncfs() of the file system holding them where Linux has it: a fsync per file and
    folder costs thousands of calls for a site of a few thousand pages."""
    if _syncfs(folder):
        return
    for path in [*folder.rglob("*"), folder]:
        if path.is_symlink():
            continue
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


def _libc(name: str) -> Any:
    """A function of the C library already loaded (find_library forks ldconfig), or None."""
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), name, None)
    except OSError:
        return None


def _syncfs(folder: Path) -> bool:
    """Flush the whole file system `folder` is on (Linux syncfs); False where not available."""
    syncfs = _libc("syncfs")
    if syncfs is None:
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        return bool(syncfs(fd) == 0)
    finally:
        os.close(fd)


def _swap(fresh: Path, target: Path) -> None:
    """Put `fresh` at `target`; the previous site ends up at `fresh`'s path (or nowhere)."""
    if not target.exists():
        os.rename(fresh, target)
        return
    if _exchange(fresh, target):
        return
    retired = target.parent / f".{target.name}{RETIRED}{os.getpid()}"
    os.rename(target, retired)
    os.rename(fresh, target)
    os.rename(retired, fresh)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where not available."""
    renameat2 = _libc("renameat2")
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: file system or kernel without exchange
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def copy_site(build_dir: Path, folder: Path, previous: Path | None = None) -> None:
    """Copy the site built in `build_dir` into `folder` (publish()'s fresh folder).

    Never a link into `build_dir`: MkDocs rewrites its files in place, so the next build
    would change the published site under the web server. But a file the build did not
    write again since the `previous` publication is that publication's file, which nothing
    writes any more: it is hard-linked from there (same size and modification time to the
    nanosecond: the copy kept the build's time, and a page written again gets a later one).
    A one-page edit then copies one page, not the site. Walked with os.scandir and
    strings: a site has a folder per page."""
    pending = [(str(build_dir), str(folder), str(previous) if previous is not None else None)]
    while pending:
        source_dir, target_dir, old_dir = pending.pop()
        os.makedirs(target_dir, exist_ok=True)
        with os.scandir(source_dir) as entries:
            for entry in entries:
                target = os.path.join(target_dir, entry.name)
                old = os.path.join(old_dir, entry.name) if old_dir is not None else None
                if entry.is_symlink():
                    os.symlink(os.readlink(entry.path), target)
                elif entry.is_dir():
                    pending.append((entry.path, target, old))
                elif not (old is not None and _linked(entry, old, target)):
                    shutil.copy2(entry.path, target)


def _linked(entry: os.DirEntry[str], old: str, target: str) -> bool:
    """Hard-link `old` at `target` when it is the same file as the build's `entry` (see copy_site)."""
    try:
        new_stat, old_stat = entry.stat(follow_symlinks=False), os.lstat(old)
        if S_ISREG(old_stat.st_mode) and \
                (old_stat.st_size, old_stat.st_mtime_ns) == (new_stat.st_size, new_stat.st_mtime_ns):
            os.link(old, target)
            return True
    except OSError:
        pass  # absent, or a file system without hard links: copied
    return False

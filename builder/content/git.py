"""The content's git history, read with a few git processes for the whole base.

Nothing here knows what an article is: it lists commits with their changes
(paths relative to the content root) and streams blobs by id. Dates are the
commit's calendar day in the commit's own time zone (`%cs`, `%as`), so that a
history reads the same on every machine.
"""
from __future__ import annotations

import queue
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

NULL_BLOB = "0" * 40


class GitError(Exception):
    """git cannot answer about this folder; the message is French and says why."""


@dataclass(frozen=True, slots=True)
class Change:
    status: str  # A, M, D, T or R (only with renames)
    path: str  # the path after the change (relative to the content root)
    old_path: str
    old_blob: str  # NULL_BLOB when added
    new_blob: str  # NULL_BLOB when deleted


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    day: date
    changes: tuple[Change, ...]


def run_git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError(NO_GIT) from None
    if done.returncode != 0:
        raise _failure(root, args[0], done.stderr, done.returncode)
    return done.stdout


NO_GIT = "git est introuvable : installez-le (apt-get install git)"


def _failure(root: Path, command: str, stderr: bytes, returncode: int) -> GitError:
    message = stderr.decode("utf-8", "replace").strip()
    if "not a git repository" in message:
        return GitError(f"« {root} » n'est pas dans un dépôt git : l'historique de la base n'est pas "
                        "disponible (initialisez le dépôt avec « git init » ou utilisez --root)")
    if "dubious ownership" in message:
        return GitError(f"git refuse de lire « {root} » (propriétaire différent) : ajoutez-le avec "
                        "« git config --global --add safe.directory DOSSIER »")
    return GitError(f"git {command} a échoué : {message.splitlines()[-1] if message else returncode}")


def head(root: Path) -> str | None:
    """The commit checked out, or None when root is not in a repository or has no commit yet."""
    try:
        return run_git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").decode().strip() or None
    except GitError:
        return None


def has_commits(root: Path) -> bool:
    """True in a repository with at least one commit; GitError outside a repository."""
    run_git(root, "rev-parse", "--git-dir")
    return head(root) is not None


_LOG_FORMAT = "--format=%x01%H %{}s"


def log(root: Path, *options: str, author_dates: bool = False) -> list[Commit]:
    """Commits of `git log OPTIONS` with their raw changes under root, in git's order.

    Paths are relative to root and limited to it (`--relative`), so a content
    root inside a larger repository sees only its own files. The output is
    parsed while git writes it.
    """
    fmt = _LOG_FORMAT.format("a" if author_dates else "c")
    command = ["git", "-C", str(root), "log", fmt, "--raw", "-z", "--no-abbrev", "--relative", *options]
    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors)
        except FileNotFoundError:
            raise GitError(NO_GIT) from None
        stdout = proc.stdout
        assert stdout is not None
        commits: list[Commit] = []
        pending = b""
        for chunk in iter(lambda: stdout.read(1 << 18), b""):
            parts = (pending + chunk).split(b"\x01")
            pending = parts.pop()
            commits.extend(_commit(part) for part in parts if part)
        stdout.close()
        if proc.wait() != 0:
            errors.seek(0)
            raise _failure(root, "log", errors.read(), proc.returncode)
    if pending:
        commits.append(_commit(pending))
    return commits


def _commit(chunk: bytes) -> Commit:
    header, _, rest = chunk.partition(b"\0")
    sha, _, day = header.decode().partition(" ")
    return Commit(sha, date.fromisoformat(day), parse_raw(rest.lstrip(b"\n")))


def parse_raw(raw: bytes) -> tuple[Change, ...]:
    """`--raw -z` lines: `:modes old new status NUL path NUL` (two paths for R and C)."""
    fields = raw.split(b"\0")
    changes = []
    i = 0
    while i < len(fields):
        meta = fields[i]
        if not meta.startswith(b":"):
            i += 1
            continue
        _, _, old_blob, new_blob, status = meta[1:].decode().split(" ")
        paths = 2 if status[0] in "RC" else 1
        names = [f.decode("utf-8", "surrogateescape") for f in fields[i + 1:i + 1 + paths]]
        i += 1 + paths
        changes.append(Change(status[0], names[-1], names[0], old_blob, new_blob))
    return tuple(changes)


def worktree_changes(root: Path) -> tuple[Change, ...]:
    """Files under root whose working copy differs from HEAD (their new_blob is not computed)."""
    return parse_raw(run_git(root, "diff", "--raw", "-z", "--no-abbrev", "--no-renames", "--relative", "HEAD", "--"))


def read_blobs(root: Path, blob_ids: Iterable[str], processes: int = 2) -> Iterator[tuple[str, bytes]]:
    """Each blob's bytes (in no particular order), from `git cat-file --batch` processes.

    Git spends most of this time rebuilding deltas; two processes, each on a
    contiguous half of the list (history order keeps its delta cache warm), use
    both cores while this process parses what arrives.
    """
    wanted = list(dict.fromkeys(b for b in blob_ids if b != NULL_BLOB))
    if not wanted:
        return
    count = max(1, min(processes, len(wanted) // 2000 + 1))
    size = -(-len(wanted) // count)
    parts = [wanted[i:i + size] for i in range(0, len(wanted), size)]
    arrived: queue.Queue[list[tuple[str, bytes]] | BaseException | None] = queue.Queue(maxsize=64)
    readers = [threading.Thread(target=_read_batch, args=(root, part, arrived), daemon=True) for part in parts]
    for reader in readers:
        reader.start()
    finished = 0
    while finished < len(readers):
        got = arrived.get()
        if got is None:
            finished += 1
        elif isinstance(got, BaseException):
            raise got
        else:
            yield from got
    for reader in readers:
        reader.join()


def _read_batch(root: Path, wanted: list[str],
                out: queue.Queue[list[tuple[str, bytes]] | BaseException | None]) -> None:
    """One `git cat-file --batch` process, fed by a thread, its blobs put on `out` by packets, then None."""
    try:
        try:
            proc = subprocess.Popen(["git", "-C", str(root), "cat-file", "--batch"], bufsize=1 << 20,
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except FileNotFoundError:
            raise GitError(NO_GIT) from None
        assert proc.stdin is not None and proc.stdout is not None
        stdin, stdout = proc.stdin, proc.stdout

        def feed() -> None:
            try:
                stdin.write("".join(f"{b}\n" for b in wanted).encode())
                stdin.close()
            except (BrokenPipeError, OSError):
                pass

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        packet: list[tuple[str, bytes]] = []
        try:
            for blob in wanted:
                header = stdout.readline().split()
                if len(header) == 3:
                    data = stdout.read(int(header[2]))
                    stdout.read(1)  # the newline after the content
                    packet.append((blob, data))
                    if len(packet) == 64:
                        out.put(packet)
                        packet = []
                elif not header:
                    raise GitError("git cat-file s'est arrêté avant la fin de la lecture")
                # "<id> missing": a blob absent from a shallow clone; skipped
            out.put(packet)
        finally:
            stdout.close()
            proc.wait()
            feeder.join()
        out.put(None)
    except BaseException as error:  # handed to the consumer, which raises it
        out.put(error)

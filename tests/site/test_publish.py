"""Publishing the site: killed builds, concurrent builds, --site-dir folders that are not ours.

Real processes: `kb build` is run as a subprocess and killed with a signal at seeded
random moments, while a reader thread keeps looking at the served folder as a web
server would.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers import invoke

KB = [str(Path(sys.executable).parent / "kb")]
SEED = 20261202


def kb_process(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*KB, *args, "--root", str(root)], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def site_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def built(copy_case, name: str = "clean") -> tuple[Path, set[str], float]:
    """A content root with a first site built; the site's files and how long a build took."""
    root = copy_case(name)
    started = time.monotonic()
    done = subprocess.run([*KB, "build", "--root", str(root)], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return root, site_files(root / "site"), time.monotonic() - started


class Reader(threading.Thread):
    """Looks at the served folder as often as it can; records every moment it was not a whole site."""

    def __init__(self, site: Path, expected: set[str]) -> None:
        super().__init__(daemon=True)
        self.site, self.expected = site, expected
        self.stop = threading.Event()
        self.looks = 0
        self.broken: list[str] = []

    def run(self) -> None:
        probes = ["index.html", ".csu-kb-site", "search/search_index.json"]
        while not self.stop.is_set():
            for probe in probes:
                path = self.site / probe
                if probe in self.expected and not (path.is_file() and path.stat().st_size > 0):
                    self.broken.append(probe)
            self.looks += 1


def test_a_build_killed_at_any_moment_leaves_the_previous_site_whole(copy_case) -> None:
    root, expected, duration = built(copy_case)
    site = root / "site"
    assert ".csu-kb-site" in expected and "index.html" in expected
    reader = Reader(site, expected)
    reader.start()
    rng = random.Random(SEED)
    kills = []
    try:
        for attempt in range(10):
            build = kb_process(root, "build")
            delay = rng.uniform(0.05, duration * 1.1)
            time.sleep(delay)
            sig = signal.SIGKILL if attempt % 3 else signal.SIGINT
            os.killpg(build.pid, sig)
            out, err = build.communicate(timeout=120)
            kills.append((round(delay, 2), sig.name, build.returncode))
            # Ctrl+C while Python is still importing prints its own traceback, before kb runs
            assert "Traceback" not in err or err.rstrip().endswith("KeyboardInterrupt"), err
            assert "inattendue" not in err, err
            assert site_files(site) == expected, f"site incomplet après {kills[-1]}"
    finally:
        reader.stop.set()
        reader.join()
    assert reader.looks > 100
    assert reader.broken == [], f"le dossier servi a été vu incomplet : {reader.broken[:5]}"
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".site.kb-")]
    done = subprocess.run([*KB, "build", "--root", str(root)], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert site_files(site) == expected
    assert [p.name for p in root.iterdir() if p.name.startswith(".site.kb-")] == [], (
        f"restes de constructions interrompues non nettoyés : {leftovers}")
    print(f"kills (délai s, signal, code) : {kills}")


def test_a_failed_build_leaves_the_previous_site(copy_case) -> None:
    root, expected, _ = built(copy_case)
    (root / "kb" / "impression" / "vider-file.md").write_text("---\nid: [\n---\n", encoding="utf-8")
    result = invoke("build", "--root", str(root))
    assert result.exit_code == 1
    assert site_files(root / "site") == expected


def test_an_edit_publishes_new_files_for_changed_pages_only_and_never_shares_one_with_the_build(copy_case) -> None:
    """Unchanged files are hard-linked from the previous publication (a one-page edit does not copy
    the site); nothing published is a link into .kb/site-build, which the next build rewrites in place."""
    root, _, _ = built(copy_case)
    site, build_dir = root / "site", root / ".kb" / "site-build"
    before = {rel: (site / rel).stat().st_ino for rel in site_files(site)}
    article = root / "kb/impression/vider-file.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
    done = subprocess.run([*KB, "build", "--root", str(root)], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = site / "articles/KB-0001/index.html"
    assert "Une phrase ajoutée." in page.read_text(encoding="utf-8")
    after = {rel: (site / rel).stat().st_ino for rel in site_files(site)}
    renewed = {rel for rel in after if before.get(rel) != after[rel]}
    assert "articles/KB-0001/index.html" in renewed and "search/search_index.json" in renewed
    assert len(renewed) < len(after) / 4, sorted(renewed)
    built_inodes = {p.stat().st_ino for p in build_dir.rglob("*") if p.is_file()}
    assert not built_inodes & set(after.values())
    (build_dir / "articles/KB-0001/index.html").write_text("réécrit par la construction suivante", encoding="utf-8")
    assert "Une phrase ajoutée." in page.read_text(encoding="utf-8")


def test_two_concurrent_builds_both_finish_one_after_the_other(copy_case) -> None:
    root, expected, _ = built(copy_case)
    first, second = kb_process(root, "build"), kb_process(root, "build")
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    for process, (out, err) in zip((first, second), outputs):
        assert process.returncode == 0, err
        assert "inattendue" not in err and "Traceback" not in err, err
    waited = [err for _, err in outputs if "attend qu'elle se termine" in err]
    assert len(waited) == 1, [err for _, err in outputs]
    assert "« kb build » (processus " in waited[0]
    assert site_files(root / "site") == expected


def test_site_dir_refuses_a_folder_that_is_not_a_csu_kb_site(copy_case, tmp_path: Path) -> None:
    root = copy_case("clean")
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "rapport.odt").write_bytes(b"important")
    result = invoke("build", "--root", str(root), "--site-dir", str(folder))
    assert result.exit_code == 2
    assert "n'est pas vide et ne contient pas de site construit par csu-kb" in result.output
    assert [p.name for p in folder.iterdir()] == ["rapport.odt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".documents")] == []


def test_site_dir_inside_the_content_never_deletes_the_articles(copy_case) -> None:
    root = copy_case("clean")
    before = sorted(p.name for p in (root / "kb").rglob("*"))
    result = invoke("build", "--root", str(root), "--site-dir", str(root / "kb"))
    assert result.exit_code == 2
    assert sorted(p.name for p in (root / "kb").rglob("*")) == before


def test_site_dir_empty_or_previous_site_is_accepted_and_a_stray_file_is_kept(copy_case, tmp_path: Path) -> None:
    root = copy_case("clean")
    target = tmp_path / "publie"
    target.mkdir(mode=0o755)
    os.chmod(target, 0o755)
    assert invoke("build", "--root", str(root), "--site-dir", str(target)).exit_code == 0
    assert (target / "index.html").is_file()
    assert oct(target.stat().st_mode & 0o777) == oct(0o755), "le site doit rester lisible par le serveur web"
    assert invoke("build", "--root", str(root), "--site-dir", str(target)).exit_code == 0
    (target / "a-moi.txt").write_text("à garder", encoding="utf-8")
    result = invoke("build", "--root", str(root), "--site-dir", str(target))
    assert result.exit_code == 2
    assert "a-moi.txt" in result.output and "n'a pas écrits" in result.output
    assert (target / "a-moi.txt").read_text(encoding="utf-8") == "à garder"


def test_build_adds_kb_and_site_to_gitignore_once(copy_case) -> None:
    root = copy_case("clean")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("*.tmp", encoding="utf-8")
    assert invoke("build", "--root", str(root)).exit_code == 0
    assert invoke("build", "--root", str(root)).exit_code == 0
    assert (root / ".gitignore").read_text(encoding="utf-8") == "*.tmp\n.kb/\n/site/\n/site-usagers/\n"


def test_a_second_command_says_who_holds_the_lock(copy_case) -> None:
    from builder.content.lock import exclusive

    root = copy_case("clean")
    with exclusive(root, "serve"):
        review = kb_process(root, "review", "TR-IMPRESSION-01")
        time.sleep(3)
        assert review.poll() is None, "kb review aurait dû attendre le verrou"
    out, err = review.communicate(timeout=120)
    assert review.returncode == 0, err
    assert f"« kb serve » (processus {os.getpid()}, depuis " in err
    assert "TR-IMPRESSION-01 revu le" in out


def test_strict_refuses_mkdocs_warnings_before_the_swap(copy_case) -> None:
    from builder.site.generate import DEFAULT_MKDOCS

    root, expected, _ = built(copy_case)
    before = (root / "site" / ".csu-kb-site").stat().st_ino
    (root / "mkdocs.yml").write_text(DEFAULT_MKDOCS.read_text(encoding="utf-8") + "\noption_inconnue: 1\n",
                                     encoding="utf-8")
    result = invoke("build", "--strict", "--root", str(root))
    assert result.exit_code == 1, result.output
    assert "MkDocs : " in result.stderr
    assert "de MkDocs avec --strict ; le site précédent reste en place" in result.stderr
    assert (root / "site" / ".csu-kb-site").stat().st_ino == before
    assert site_files(root / "site") == expected
    assert invoke("build", "--root", str(root)).exit_code == 0  # without --strict: published, warnings shown
    assert (root / "site" / ".csu-kb-site").stat().st_ino != before


def test_serve_holds_the_lock_only_while_it_regenerates(copy_case) -> None:
    """A running `kb serve` must not block `kb build` for ever: it locks only to write pages."""
    import socket

    root = copy_case("clean")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    serve = kb_process(root, "serve", "--dev-addr", f"127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert serve.poll() is None, serve.communicate()[1]
                time.sleep(0.5)
        else:
            pytest.fail("kb serve n'a pas démarré en 120 s")
        done = subprocess.run([*KB, "build", "--root", str(root)], cwd=root, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        assert "attend qu'elle se termine" not in done.stderr
    finally:
        os.killpg(serve.pid, signal.SIGINT)
        serve.communicate(timeout=60)


def test_a_lock_that_cannot_be_written_is_said_in_french(copy_case) -> None:
    root = copy_case("clean")
    (root / ".kb").write_text("un fichier à la place du dossier", encoding="utf-8")
    result = invoke("review", "TR-IMPRESSION-01", "--root", str(root))
    assert result.exit_code == 1, result.output
    assert "impossible de prendre le verrou" in result.stderr and "dossier .kb/" in result.stderr

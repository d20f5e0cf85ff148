#!/usr/bin/env python3
"""Banc d'essai de `kb usage` face à GoAccess, sur le même journal d'accès.

    .venv/bin/python bench/bench_usage.py [--lines 1000000] [--beacons 0.2] [--repeat 2]

Écrit une fois (puis réutilise) un journal au format Combined de LINES lignes, dont la
part BEACONS de signaux d'utilisation (parcours réalistes des arbres de la bibliothèque
livrée, recherches, quelques signaux invalides), le reste des pages, articles (200, 304,
404) et fichiers du site, avec des clients IPv4 et IPv6 et des lignes illisibles. Puis
mesure dans la même exécution, en alternant : `kb usage --format json` et `goaccess
--log-format=COMBINED -o rapport.json` (paquet Debian, installé par
scripts/system-packages.sh). Chaque durée est le minimum des répétitions ; la mémoire est
le pic résident de chaque processus. Objectif : kb usage ≤ 1,0 × GoAccess, < 500 Mio.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

PROJECT = Path(__file__).resolve().parent.parent
KB = Path(sys.executable).parent / "kb"
CACHE = Path("/tmp/csu-kb-bench")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
AGENTS = ('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36')
ASSETS = ("/assets/stylesheets/main.57a0d79d.min.css", "/assets/javascripts/bundle.a5f9d56c.min.js",
          "/assets/kb/player.js", "/assets/kb/usage.js", "/assets/kb/kb.css", "/search/search_index.json",
          "/assets/images/favicon.png", "/assets/kb/vendor/mermaid.min.js")
QUERIES = ("imprimante", "mot de passe expiré", "vpn", "teams micro", "outlook ne reçoit plus", "badge copieur",
           "wifi", "onedrive synchro", "écran noir", "zzqx", "licence office", "compte verrouillé")


def library() -> tuple[dict[str, dict[str, object]], list[str]]:
    sys.path.insert(0, str(PROJECT))
    from builder.load import load_base
    base = load_base(PROJECT)
    return {t.id: {"start": t.start.target if t.start else "", "nodes": t.nodes} for t in base.trees}, \
        [a.id for a in base.articles]


def walk_events(rng: random.Random, trees: dict[str, dict[str, object]], root: str) -> list[str]:
    """The query strings of one plausible walk of `root`."""
    wid = "%016x" % rng.getrandbits(64)
    seq = 0
    tree, node = root, str(trees[root]["start"])
    out = [f"v=1&e=open&w={wid}&i=0&r={root}&t={tree}&n={node}&s=a"]
    for _ in range(30):
        nodes = trees[tree]["nodes"]  # type: ignore[index]
        current = nodes.get(node)  # type: ignore[union-attr]
        if current is None or current.terminal:
            if current is not None:
                seq += 1
                outcome = "resolved" if current.kind == "resolved" else "escalated"
                out.append(f"v=1&e=end&w={wid}&i={seq}&r={root}&t={tree}&n={node}&o={outcome}"
                           f"&d={rng.randint(60, 2400)}&p=0&s=a")
                if rng.random() < 0.6:
                    seq += 1
                    out.append(f"v=1&e=copy&w={wid}&i={seq}&r={root}&t={tree}&n={node}&s=a")
            break
        if rng.random() < 0.08:
            break  # abandoned
        answer = ""
        if current.kind == "ask":
            choice = rng.choice(current.answers)
            answer, target = choice.label, choice.next.target if choice.next else ""
        elif current.kind == "do":
            target = current.next.target if current.next else ""
        else:  # goto
            target_tree = current.goto.target if current.goto else ""
            if target_tree not in trees:
                break
            tree, target = target_tree, str(trees[target_tree]["start"])
        seq += 1
        previous = node
        node = target
        out.append(f"v=1&e=step&w={wid}&i={seq}&r={root}&t={tree}&n={quote(node)}&pn={quote(previous)}"
                   f"&a={quote(answer)}&s=a")
    return out


def write_log(path: Path, lines: int, share: float, seed: int = 1) -> None:
    rng = random.Random(seed)
    trees, articles = library()
    roots = sorted(trees)
    pending: list[str] = []
    stamp = time.mktime((2026, 11, 2, 8, 0, 0, 0, 0, 0))
    step = 30 * 86400 / lines
    with path.open("w", encoding="utf-8") as out:
        for number in range(lines):
            when = time.gmtime(stamp + number * step)
            ts = f"{when.tm_mday:02d}/{MONTHS[when.tm_mon - 1]}/{when.tm_year}:{when.tm_hour:02d}:{when.tm_min:02d}:{when.tm_sec:02d} +0100"
            host = f"10.{rng.randint(0, 20)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}" if rng.random() < 0.9 \
                else f"2001:db8::{rng.randint(1, 65535):x}"
            agent = rng.choice(AGENTS)
            if rng.random() < share:
                if not pending:
                    if rng.random() < 0.15:
                        pending = [f"v=1&e=search&q={quote(rng.choice(QUERIES))}&k={rng.randint(0, 12)}&s=a"]
                    else:
                        pending = walk_events(rng, trees, rng.choice(roots))
                request, status, size = f"GET /_kb/u.gif?{pending.pop(0)}&z={number:x}", 200, 42
            else:
                kind = rng.random()
                if kind < 0.25:
                    request, status, size = f"GET /articles/{rng.choice(articles)}/", rng.choice((200, 200, 304)), 18000
                elif kind < 0.35:
                    request, status, size = f"GET /arbres/{rng.choice(roots)}/", 200, 37000
                elif kind < 0.37:
                    request, status, size = "GET /wp-login.php", 404, 153
                else:
                    request, status, size = f"GET {rng.choice(ASSETS)}", rng.choice((200, 304)), 5000
            if rng.random() < 0.0005:
                out.write(f'{host} - - [{ts}] "GET /articles/KB-0001/ HTTP/1.1" 200\n')  # truncated
                continue
            out.write(f'{host} - - [{ts}] "{request} HTTP/1.1" {status} {size} "https://kb.example/" "{agent}"\n')


def run(command: list[str]) -> tuple[float, float, float]:
    """Elapsed seconds, CPU seconds (user + system) and peak resident memory (MiB) of one process.

    stdin is /dev/null: GoAccess also reads its standard input when it is not a terminal; stderr
    goes to a file: GoAccess writes its progress there and would block on a full pipe."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            sys.exit(f"échec de {' '.join(command)} : {errors.read().decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--beacons", type=float, default=0.2, help="part des lignes qui sont des signaux")
    parser.add_argument("--repeat", type=int, default=2, help="mesures alternées ; le minimum de chacune compte")
    args = parser.parse_args()
    goaccess = shutil.which("goaccess")
    if goaccess is None:
        sys.exit("goaccess est absent : apt-get install goaccess (scripts/system-packages.sh le fait en root)")
    CACHE.mkdir(parents=True, exist_ok=True)
    log = CACHE / f"access-{args.lines}-{int(args.beacons * 100)}.log"
    if not log.is_file():
        started = time.perf_counter()
        partial = log.with_suffix(".part")
        write_log(partial, args.lines, args.beacons)
        partial.rename(log)
        print(f"Journal écrit en {time.perf_counter() - started:.0f} s : {log}", file=sys.stderr)
    size = log.stat().st_size / 2**20
    kb: list[tuple[float, float, float]] = []
    ga: list[tuple[float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            kb.append(run([str(KB), "usage", "--root", str(PROJECT), "--format", "json", str(log)]))
            ga.append(run([goaccess, str(log), "--log-format=COMBINED", "--no-global-config",
                           "-o", str(Path(tmp) / "rapport.json")]))
    kb_time, kb_cpu, kb_memory = min(r[0] for r in kb), min(r[1] for r in kb), max(r[2] for r in kb)
    ga_time, ga_cpu, ga_memory = min(r[0] for r in ga), min(r[1] for r in ga), max(r[2] for r in ga)
    print(f"Journal : {args.lines} lignes ({size:.0f} Mio), {args.beacons:.0%} de signaux ; {args.repeat} mesures alternées")
    print(f"kb usage --format json : {kb_time:6.2f} s (processeur {kb_cpu:6.2f} s)   pic mémoire {kb_memory:6.0f} Mio")
    print(f"goaccess (COMBINED)    : {ga_time:6.2f} s (processeur {ga_cpu:6.2f} s)   pic mémoire {ga_memory:6.0f} Mio")
    ratio = kb_time / ga_time
    verdict = "objectif atteint" if ratio <= 1.0 and kb_memory < 500 else "objectif NON atteint"
    print(f"rapport kb usage / GoAccess : {ratio:.2f} × en temps écoulé, {kb_cpu / ga_cpu:.2f} × en temps processeur "
          f"(objectif ≤ 1,0 × et < 500 Mio : {verdict})")


if __name__ == "__main__":
    main()

"""`kb usage` on small hand-written logs: the counts a knowledge manager reads."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlencode

from helpers import DATA, invoke

ROOT = str(DATA / "walk")
T1, T2 = "TR-IMPRESSION-01", "TR-IMPRESSION-02"


def beacon(day: int = 2, second: int = 0, **values: object) -> str:
    query = urlencode({"v": 1, **values})
    return (f'10.0.0.{day} - - [{day:02d}/Dec/2026:09:00:{second:02d} +0100] "GET /kb/_kb/u.gif?{query} HTTP/1.1" '
            f'200 43 "https://kb/arbres/{T1}/" "Mozilla/5.0"\n')


def walk(w: str, *events: dict[str, object], day: int = 2) -> list[str]:
    return [beacon(day, i, w=w, i=i, r=T1, **e) for i, e in enumerate(events)]


def resolved_walk(w: str, seconds: int, day: int = 2) -> list[str]:
    return walk(w, {"e": "open", "n": "voyant"},
                {"e": "step", "t": T1, "n": "alimentation", "pt": T1, "pn": "voyant", "a": "Non"},
                {"e": "step", "t": T1, "n": "voyant_apres", "pt": T1, "pn": "alimentation"},
                {"e": "step", "t": T1, "n": "resolu", "pt": T1, "pn": "voyant_apres", "a": "Oui"},
                {"e": "end", "t": T1, "n": "resolu", "o": "resolved", "d": seconds}, day=day)


def run_json(*paths: Path, extra: tuple[str, ...] = ()) -> dict:
    result = invoke("usage", "--root", ROOT, "--format", "json", *extra, *map(str, paths))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def tree(report: dict, tree_id: str) -> dict:
    return next(t for t in report["trees"] if t["id"] == tree_id)


def sample() -> list[str]:
    lines = resolved_walk("a1", 300) + resolved_walk("a2", 1600, day=3)
    # escalated after a goto into TR-IMPRESSION-02, VIP ticked, diagnostic copied
    lines += walk("b1", {"e": "open", "n": "voyant"},
                  {"e": "step", "t": T2, "n": "documents", "pt": T1, "pn": "voyant", "a": "Oui"},
                  {"e": "step", "t": T2, "n": "vider", "pt": T2, "pn": "documents", "a": "Oui"},
                  {"e": "step", "t": T2, "n": "encore", "pt": T2, "pn": "vider"},
                  {"e": "step", "t": T2, "n": "bloquee", "pt": T2, "pn": "encore", "a": "Oui"},
                  {"e": "end", "t": T2, "n": "bloquee", "o": "escalated", "d": 600},
                  {"e": "end", "t": T2, "n": "bloquee", "o": "escalated", "d": 610, "p": 1},
                  {"e": "copy"})
    # abandoned after a back; then the agent restarts (a new walk) and abandons at the start
    lines += walk("c1", {"e": "open", "n": "voyant"},
                  {"e": "step", "t": T1, "n": "alimentation", "pt": T1, "pn": "voyant", "a": "Non"},
                  {"e": "back", "t": T1, "n": "voyant"},
                  {"e": "step", "t": T2, "n": "documents", "pt": T1, "pn": "voyant", "a": "Oui"},
                  {"e": "restart"})
    lines += walk("c2", {"e": "open", "n": "voyant"})
    lines += [beacon(e="search", q="Imprimante  bloquée", k=4), beacon(e="search", q="imprimante bloquée", k=4),
              beacon(e="search", q="scanner réseau", k=0)]
    lines += ['::1 - - [03/Dec/2026:10:00:00 +0100] "GET /kb/articles/KB-0001/ HTTP/1.1" 200 900 "-" "M"\n',
              '::1 - - [03/Dec/2026:10:05:00 +0100] "GET /kb/articles/KB-0001/ HTTP/1.1" 304 0 "-" "M"\n',
              '::1 - - [03/Dec/2026:10:06:00 +0100] "GET /kb/articles/KB-0001/ HTTP/1.1" 404 0 "-" "M"\n']
    lines += [beacon(e="view", id="KB-0001", s="p"), beacon(e="view", id="KB-0999"),
              beacon(e="open", w="z", r="TR-GONE-01", n="x"), beacon(e="nonsense"), "not a log line\n"]
    return lines


def test_each_walk_is_counted_by_how_it_ended(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    log.write_text("".join(sample()), encoding="utf-8")
    report = run_json(log)
    assert report["version"] == 1
    assert report["period"] == {"from": "2026-12-02", "to": "2026-12-03"}
    first = tree(report, T1)
    figures = {k: first[k] for k in ("sessions", "resolved", "escalated", "abandoned", "copied", "restarts")}
    assert figures == {"sessions": 5, "resolved": 2, "escalated": 1, "abandoned": 2, "copied": 1, "restarts": 1}
    assert first["median_seconds"] == 610 and first["p90_seconds"] == 1600
    assert first["over_limit"] == 1  # 1600 s > resolve_within 25 min
    assert first["exits"] == {"TR-IMPRESSION-02/documents": 1, "voyant": 1}
    assert first["nodes"]["voyant"] == {"visits": 5, "answers": {"Non": 3, "Oui": 2}}
    assert first["nodes"]["resolu"]["visits"] == 2
    second = tree(report, T2)
    assert second["sessions"] == 0 and second["nodes"]["documents"] == {"visits": 2, "answers": {"Oui": 1}}
    assert report["articles"][0] == {"id": "KB-0001", "title": report["articles"][0]["title"], "views": 2,
                                     "portal_views": 1}
    assert report["searches"] == [{"query": "imprimante bloquée", "count": 2, "results": 4},
                                  {"query": "scanner réseau", "count": 1, "results": 0}]
    assert {u["id"]: u["events"] for u in report["unknown"]} == {"KB-0999": 1, "TR-GONE-01": 1}
    assert report["read"]["unreadable"] == 1 and report["read"]["invalid_beacons"] == 1
    assert report["working_days"] == 2 and report["sessions_per_working_day"] == 2.5


def test_rotation_order_does_not_change_the_report(tmp_path: Path) -> None:
    lines = sample()
    half = len(lines) // 2
    (tmp_path / "access.log").write_text("".join(lines[half:]), encoding="utf-8")
    import gzip
    (tmp_path / "access.log.1.gz").write_bytes(gzip.compress("".join(lines[:half]).encode()))
    (tmp_path / "all.log").write_text("".join(lines), encoding="utf-8")
    whole = run_json(tmp_path / "all.log")
    forward = run_json(tmp_path / "access.log.1.gz", tmp_path / "access.log")
    backward = run_json(tmp_path / "access.log", tmp_path / "access.log.1.gz")
    for report in (forward, backward):
        report["read"]["files"] = 1
        assert report == whole


def test_since_until_and_csv(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    log.write_text("".join(sample()), encoding="utf-8")
    report = run_json(log, extra=("--since", "2026-12-03", "--until", "2026-12-03"))
    assert tree(report, T1)["sessions"] == 1 and tree(report, T1)["resolved"] == 1
    result = invoke("usage", "--root", ROOT, "--format", "csv", str(log))
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    first = next(r for r in rows if r["kind"] == "tree" and r["id"] == T1)
    assert (first["sessions"], first["resolved"], first["median_seconds"]) == ("5", "2", "610")
    assert any(r["kind"] == "search" and r["id"] == "scanner réseau" and r["results"] == "0" for r in rows)


def test_the_table_names_the_no_result_searches_and_the_unknown_ids(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    log.write_text("".join(sample()), encoding="utf-8")
    result = invoke("usage", "--root", ROOT, str(log))
    assert result.exit_code == 0, result.output
    assert "Recherches sans résultat (connaissance manquante ?) : « scanner réseau » (1)" in result.output
    assert "TR-GONE-01 (1)" in result.output and "1 ligne(s) illisible(s)" in result.output


def test_misuse_is_a_french_message_and_exit_2(tmp_path: Path) -> None:
    result = invoke("usage", "--root", ROOT, str(tmp_path / "absent.log"))
    assert result.exit_code == 2 and "journal introuvable" in result.output
    (tmp_path / "a.log").write_text("")
    result = invoke("usage", "--root", ROOT, "--since", "2026-13-01", str(tmp_path / "a.log"))
    assert result.exit_code == 2 and "n'est pas une date" in result.output
    result = invoke("usage", "--root", ROOT, "--since", "2026-12-05", "--until", "2026-12-01", str(tmp_path / "a.log"))
    assert result.exit_code == 2 and "--until précède --since" in result.output

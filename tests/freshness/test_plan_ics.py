"""`kb review --plan --ics DIR`: one RFC 5545 file per owner, read back with the `icalendar` package."""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import icalendar

from helpers import invoke
from helpers.synthetic import Spec, add_months, write_base

TODAY = date.today()
LONG = "Messagerie ; l'agenda, les délais et « les pièces jointes » qui n'arrivent pas, jamais"


def specs() -> list[Spec]:
    day = add_months(TODAY, -6) + timedelta(days=20)
    out = [Spec(f"KB-{n:04d}", "procedure", day, owner=("Équipe Réseau", "equipe-comptes")[n % 2],
                title=LONG if n == 1 else f"Article {n}") for n in range(1, 13)]
    return out + [Spec("KB-0099", "faq", None, owner="equipe-comptes")]


def run(root: Path, out: Path, *args: str) -> dict:
    result = invoke("review", "--plan", "--date", TODAY.isoformat(), "--format", "json", "--ics", str(out),
                    "--root", str(root), *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_one_calendar_per_owner_with_one_event_per_review(tmp_path: Path) -> None:
    root = write_base(tmp_path / "base", specs())
    data = run(root, tmp_path / "ics")
    files = sorted(p.name for p in (tmp_path / "ics").iterdir())
    assert files == ["equipe-comptes.ics", "equipe-reseau.ics"]
    for name, owner in (("equipe-comptes.ics", "equipe-comptes"), ("equipe-reseau.ics", "Équipe Réseau")):
        raw = (tmp_path / "ics" / name).read_bytes()
        calendar = icalendar.Calendar.from_ical(raw)
        events = calendar.walk("VEVENT")
        planned = [row for row in data["plan"] if row["owner"] == owner]
        assert len(events) == len(planned) > 0
        by_uid = {str(e["UID"]): e for e in events}
        assert len(by_uid) == len(events)
        for row in planned:
            event = by_uid[f"{row['id']}-{row['review_by'].replace('-', '')}@csu-kb"]
            assert str(event["SUMMARY"]) == f"Revoir {row['id']} : {row['title']}"
            assert event.decoded("DTSTART") == date.fromisoformat(row["review_by"])
            assert str(event["URL"]) == f"https://connaissance.example/articles/{row['id']}/"
            assert f"kb review {row['id']}" in str(event["DESCRIPTION"])
            assert event.walk("VALARM"), "a reminder"
        # RFC 5545: CRLF line ends, lines of 75 octets at most
        lines = raw.split(b"\r\n")
        assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
        assert b"\n" not in raw.replace(b"\r\n", b"")


def test_the_long_french_title_survives_escaping_and_folding(tmp_path: Path) -> None:
    root = write_base(tmp_path / "base", specs())
    run(root, tmp_path / "ics")
    calendar = icalendar.Calendar.from_ical((tmp_path / "ics" / "equipe-comptes.ics").read_bytes())
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert f"Revoir KB-0001 : {LONG}" in summaries


def test_same_input_same_files_and_owner_filter(tmp_path: Path) -> None:
    root = write_base(tmp_path / "base", specs())
    run(root, tmp_path / "one")
    run(root, tmp_path / "two")
    for path in (tmp_path / "one").iterdir():
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()
    run(root, tmp_path / "mine", "--owner", "equipe-comptes")
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["equipe-comptes.ics"]


def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    root = write_base(tmp_path / "base", specs())
    (tmp_path / "fichier").write_text("x", encoding="utf-8")
    result = invoke("review", "--plan", "--date", TODAY.isoformat(), "--ics", str(tmp_path / "fichier" / "ics"),
                    "--root", str(root))
    assert result.exit_code == 1
    assert "impossible d'écrire" in result.output and "Traceback" not in result.output

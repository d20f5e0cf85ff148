"""`kb freshness --forecast N`: PIL-05 at each coming month end if nothing is reviewed, checked by hand."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from helpers import invoke
from helpers.synthetic import MONTHS, Spec, add_months, cliff, even, month_ends, pil05_by_hand, write_base

TODAY = date.today()


def forecast_json(root: Path, *args: str) -> dict:
    result = invoke("freshness", "--forecast", "12", "--format", "json", "--root", str(root), *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("make", [cliff, even], ids=["falaise", "reguliere"])
def test_each_month_matches_a_direct_count(tmp_path: Path, make) -> None:
    specs = make(TODAY)
    data = forecast_json(write_base(tmp_path, specs))
    ends = month_ends(TODAY, add_months(TODAY, 12))[:12]
    assert data["version"] == 1 and data["from"] == TODAY.isoformat()
    assert [m["at"] for m in data["months"]] == [d.isoformat() for d in ends]
    previous = TODAY - timedelta(days=1)
    for month, end in zip(data["months"], ends):
        dues = [add_months(s.reviewed, MONTHS[s.type]) for s in specs]
        assert set(month) == {"month", "at", "pil05", "overdue", "coming_due"}
        assert month["month"] == f"{end.year}-{end.month:02d}"
        assert month["pil05"] == round(pil05_by_hand(specs, end), 4)
        assert month["overdue"] == sum(due < end for due in dues)
        assert month["coming_due"] == sum(previous < due <= end for due in dues)
        previous = end


def test_the_cliff_is_announced_with_its_month(tmp_path: Path) -> None:
    specs = cliff(TODAY)
    root = write_base(tmp_path, specs)
    drop = next(end for end in month_ends(TODAY, add_months(TODAY, 12)) if pil05_by_hand(specs, end) < 0.95)
    result = invoke("freshness", "--forecast", "12", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert f"passe sous l'objectif de 95 % au {drop.strftime('%d/%m/%Y')}" in result.output
    due_week = add_months(specs[0].reviewed, 6).isocalendar()
    assert f"{due_week[0]}-W{due_week[1]:02d} │        40" in result.output


def test_weeks_count_what_falls_due(tmp_path: Path) -> None:
    specs = even(TODAY)
    data = forecast_json(write_base(tmp_path, specs))
    last = date.fromisoformat(data["months"][-1]["at"])
    dues = [add_months(s.reviewed, 12) for s in specs]
    by_week = {w["week"]: w["coming_due"] for w in data["weeks"]}
    assert sum(by_week.values()) == sum(TODAY <= due <= last for due in dues)
    assert max(by_week.values()) <= 2  # one a week, give or take a month's clamp


def test_never_reviewed_is_overdue_every_month(tmp_path: Path) -> None:
    root = write_base(tmp_path, [Spec("KB-0001", "faq", None), Spec("KB-0002", "faq", TODAY)])
    months = forecast_json(root)["months"]
    assert [m["overdue"] for m in months] == [1] * 12
    assert [m["pil05"] for m in months] == [0.5] * 12


def test_csv_and_start_date(tmp_path: Path) -> None:
    root = write_base(tmp_path, even(TODAY))
    start = TODAY + timedelta(days=40)
    result = invoke("freshness", "--forecast", "3", "--at", start.isoformat(), "--format", "csv", "--root", str(root))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["at"] for r in rows] == [d.isoformat() for d in month_ends(start, add_months(start, 3))][:3]
    assert list(rows[0]) == ["month", "at", "pil05", "overdue", "coming_due"]


@pytest.mark.parametrize("args", [["--forecast", "0"], ["--forecast", "douze"],
                                  ["--forecast", "3", "--history", "2026-01..2026-02"],
                                  ["--forecast", "3", "--by", "owner"]])
def test_misuse_is_exit_2(tmp_path: Path, args: list[str]) -> None:
    root = write_base(tmp_path, even(TODAY))
    result = invoke("freshness", *args, "--root", str(root))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_nothing_published_says_so(tmp_path: Path) -> None:
    root = write_base(tmp_path, [])
    result = invoke("freshness", "--forecast", "2", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "Aucun élément publié : PIL-05 n'est pas défini." in result.output
    assert [m["pil05"] for m in forecast_json(root)["months"]] == [None] * 12

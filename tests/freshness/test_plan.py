"""`kb review --plan`: a calendar that, followed, keeps PIL-05 at or above target with N reviews a week at most.

Every plan is checked the way a knowledge manager would: set each item's
`reviewed` to its `review_by`, then read PIL-05 at each month end (by hand, and
with `kb freshness --at` on the rewritten files).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.freshness.plan import review_plan, simulate
from builder.model import Article, Config, Interval
from helpers import PROJECT, invoke
from helpers.synthetic import MONTHS, Spec, add_months, cliff, even, month_ends, pil05_by_hand, write_base

TODAY = date.today()


def plan_json(root: Path, *args: str, exit_code: int = 0) -> dict:
    result = invoke("review", "--plan", "--date", TODAY.isoformat(), "--format", "json", "--root", str(root), *args)
    assert result.exit_code == exit_code, result.output
    return json.loads(result.stdout)


def reviews_by_id(data: dict) -> dict[str, list[date]]:
    out: dict[str, list[date]] = {}
    for row in data["plan"]:
        out.setdefault(row["id"], []).append(date.fromisoformat(row["review_by"]))
    return out


def assert_followed_plan_holds(specs: list[Spec], data: dict) -> None:
    """What the issue asks of a plan, checked by hand."""
    start, until, n = date.fromisoformat(data["from"]), date.fromisoformat(data["until"]), data["per_week"]
    weeks = Counter(row["week"] for row in data["plan"])
    assert max(weeks.values(), default=0) <= n
    for row in data["plan"]:
        day = date.fromisoformat(row["review_by"])
        year, week, _ = day.isocalendar()
        assert row["week"] == f"{year}-W{week:02d}" and start <= day <= until
        if row["due"] and date.fromisoformat(row["due"]) >= start:
            assert day <= date.fromisoformat(row["due"]), row  # before it falls due
    reviews = reviews_by_id(data)
    for end in month_ends(start, until):
        assert pil05_by_hand(specs, end, reviews) >= data["target"], end
    for spec in specs:  # nothing that is « à jour » today is left to fall due within the plan
        if spec.reviewed and add_months(spec.reviewed, MONTHS[spec.type]) >= start:
            last = max([spec.reviewed, *reviews.get(spec.id, [])])
            assert add_months(last, MONTHS[spec.type]) >= until, spec


@pytest.mark.parametrize("make", [cliff, even], ids=["falaise", "reguliere"])
def test_followed_plan_keeps_the_target_with_the_smallest_n(tmp_path: Path, make) -> None:
    specs = make(TODAY)
    root = write_base(tmp_path, specs)
    data = plan_json(root)
    assert set(data) >= {"version", "per_week", "target", "plan"} and data["version"] == 1
    assert set(data["plan"][0]) == {"id", "title", "owner", "due", "review_by", "week"}
    assert data["feasible"] is True and data["per_week"] == data["smallest_per_week"]
    assert_followed_plan_holds(specs, data)
    if data["per_week"] > 0:  # one fewer a week does not do
        fewer = plan_json(root, "--per-week", str(data["per_week"] - 1), exit_code=1)
        assert fewer["feasible"] is False


def test_a_horizon_ending_just_after_the_cliff_still_covers_it(tmp_path: Path) -> None:
    """No month end sees the cliff, yet letting it fall due before --until is no plan."""
    specs = cliff(TODAY)
    until = add_months(specs[0].reviewed, 6) + timedelta(days=1)
    root = write_base(tmp_path, specs)
    data = plan_json(root, "--until", until.isoformat())
    assert_followed_plan_holds(specs, data)
    fewer = plan_json(root, "--until", until.isoformat(), "--per-week", str(data["per_week"] - 1), exit_code=1)
    assert fewer["feasible"] is False


def test_the_cliff_is_flattened_and_an_even_base_needs_one_a_week(tmp_path: Path) -> None:
    flat = plan_json(write_base(tmp_path / "even", even(TODAY)))
    assert flat["per_week"] == 1
    steep = plan_json(write_base(tmp_path / "cliff", cliff(TODAY)))
    # 40 items due the same week: spread over the weeks before, never 40 at once
    assert 1 < steep["per_week"] <= 8
    assert len({row["week"] for row in steep["plan"]}) >= 40 / steep["per_week"]


def test_too_few_per_week_is_said_plainly_with_the_smallest_n(tmp_path: Path) -> None:
    root = write_base(tmp_path, cliff(TODAY))
    smallest = plan_json(root)["per_week"]
    result = invoke("review", "--plan", "--per-week", "1", "--date", TODAY.isoformat(), "--root", str(root))
    assert result.exit_code == 1
    assert "Avec 1 revue par semaine, aucun plan ne tient l'objectif de 95 %" in result.output
    assert f"il faut au moins {smallest} revues par semaine" in result.output
    assert "Traceback" not in result.output


def test_following_the_plan_in_the_files_keeps_kb_freshness_above_target(tmp_path: Path) -> None:
    """The user's check: write each review into the file, ask `kb freshness --at` at each month end."""
    specs = cliff(TODAY)
    root = write_base(tmp_path, specs)
    data = plan_json(root, "--per-week", "8")
    reviews = reviews_by_id(data)
    for end in month_ends(TODAY, date.fromisoformat(data["until"])):
        for spec in specs:
            done = [day for day in reviews.get(spec.id, []) if day <= end]
            path = root / "kb" / "reseau" / f"{spec.id.lower()}.md"
            text = re.sub(r"^reviewed: .*$", f"reviewed: {(max(done) if done else spec.reviewed).isoformat()}",
                          path.read_text(encoding="utf-8"), flags=re.M)
            path.write_text(text, encoding="utf-8")
        result = invoke("freshness", "--at", end.isoformat(), "--format", "json", "--root", str(root))
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["met"] is True, end


def test_owner_filter_and_same_output_each_run(tmp_path: Path) -> None:
    root = write_base(tmp_path, cliff(TODAY))
    everyone = plan_json(root, "--per-week", "6")
    mine = plan_json(root, "--per-week", "6", "--owner", "equipe-comptes")
    assert mine["plan"] == [row for row in everyone["plan"] if row["owner"] == "equipe-comptes"]
    assert plan_json(root, "--per-week", "6") == everyone
    csv_text = invoke("review", "--plan", "--per-week", "6", "--date", TODAY.isoformat(), "--format", "csv",
                      "--root", str(root)).output
    assert csv_text.splitlines()[0] == "id,title,owner,due,review_by,week"
    assert len(csv_text.splitlines()) == len(everyone["plan"]) + 1


def test_table_names_weeks_and_owner_load(tmp_path: Path) -> None:
    root = write_base(tmp_path, cliff(TODAY))
    result = invoke("review", "--plan", "--date", TODAY.isoformat(), "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "le plus petit nombre qui tient l'objectif de 95 %" in result.output
    assert "Charge par responsable" in result.output and "proximite" in result.output


@pytest.mark.parametrize("args", [[], ["--per-week", "3"], ["--plan", "KB-0001"], ["--owner", "x"],
                                  ["--plan", "--owner", "equipe-reseu"], ["--plan", "--per-week", "-1"],
                                  ["--plan", "--until", "2000-01-01"], ["--plan", "--until", "demain"]])
def test_misuse_is_exit_2(tmp_path: Path, args: list[str]) -> None:
    root = write_base(tmp_path, even(TODAY))
    result = invoke("review", *args, "--root", str(root))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_owner_typo_gets_a_suggestion(tmp_path: Path) -> None:
    result = invoke("review", "--plan", "--owner", "equipe-reseu", "--root", str(write_base(tmp_path, even(TODAY))))
    assert "vouliez-vous dire « equipe-reseau » ?" in result.output


def test_marking_reviewed_still_works(tmp_path: Path) -> None:
    root = write_base(tmp_path, even(TODAY))
    result = invoke("review", "KB-0003", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert f"reviewed: {TODAY.isoformat()}" in (root / "kb" / "reseau" / "kb-0003.md").read_text(encoding="utf-8")


def test_shipped_library_keeps_95_percent_through_2027() -> None:
    from builder.content.load import load_base
    from builder.freshness.figures import counted

    start = date(2026, 12, 2)
    result = invoke("review", "--plan", "--date", start.isoformat(), "--until", "2027-12-31", "--format", "json",
                    "--root", str(PROJECT))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["feasible"] is True and data["target"] == 0.95
    base = load_base(PROJECT)
    items = counted(base.items)
    reviews = reviews_by_id(data)
    for end in month_ends(start, date(2027, 12, 31)):
        fresh = 0
        for item in items:
            interval = base.config.interval_for(item)
            done = [day for day in reviews.get(item.id, []) if day <= end]
            reviewed = max(done) if done else item.reviewed
            fresh += bool(reviewed and interval and
                          add_months(reviewed, interval.months) + timedelta(days=interval.days) >= end)
        assert fresh / len(items) >= 0.95, end
    assert max(Counter(r["week"] for r in data["plan"]).values()) <= data["per_week"]


# -- any base -------------------------------------------------------------------------------
ITEMS = st.lists(st.tuples(st.sampled_from(sorted(MONTHS)), st.one_of(st.none(), st.integers(-400, 20)),
                           st.sampled_from(["a", "b", "c"])), min_size=1, max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ITEMS, st.sampled_from([0.5, 0.8, 0.95, 1.0]), st.integers(0, 6), st.integers(1, 8), st.integers(0, 30))
def test_any_base_smallest_n_holds_and_one_less_does_not(rows, target, weekday, months, hint) -> None:
    start = date(2027, 3, 1) + timedelta(days=weekday)
    until = add_months(start, months)
    specs = [Spec(f"KB-{n:04d}", kind, None if offset is None else start + timedelta(days=offset), owner)
             for n, (kind, offset, owner) in enumerate(rows)]
    config = Config(review_every={k: Interval(months=m) for k, m in MONTHS.items()}, pil05_target=target)
    items = [Article(path=f"kb/{s.id}.md", id=s.id, title=s.id, owner=s.owner, reviewed=s.reviewed,
                     status="published", type=s.type) for s in specs]
    outcome = review_plan(config, items, start, until)
    assert outcome.smallest is not None  # every item has an interval: reviewing everything at once works
    data = {"from": start.isoformat(), "until": until.isoformat(), "per_week": outcome.smallest, "target": target,
            "plan": [r.as_dict() for r in outcome.plan.reviews]}
    assert_followed_plan_holds(specs, data)
    if outcome.smallest > 0:
        assert not simulate(config, items, start, until, outcome.smallest - 1).feasible
    # the last run's answer (.kb/cache/plan.json), right or wrong, gives the same plan
    hinted = review_plan(config, items, start, until, hint=hint)
    assert (hinted.smallest, [r.as_dict() for r in hinted.plan.reviews]) == (outcome.smallest, data["plan"])

"""PIL-05 month by month, read from a real git history built with chosen commit dates.

The story (kb.yaml: procedures 6 months, incidents 3 months, faq 12 months,
trees 6 months; target 75 %; « à revoir bientôt » within 30 days):

- 2026-01-15 KB-0001 (procedure, reviewed 10/01 → due 10/07), KB-0002 (incident,
  reviewed 20/12/2025 → due 20/03), TR-RESEAU-01 (reviewed 31/08/2025 → due
  28/02, the month end clamps), KB-0003 a draft.
- 2026-02-10 a commit touching only notes.txt.
- 2026-02-27 KB-0001 renamed (same id: the same item).
- 2026-03-05 KB-0003 published, reviewed 05/03 → due 05/03/2027.
- 2026-03-31 23:30 -05:00 KB-0002 edited and reviewed 31/03 → due 30/06 (already
  1 April in UTC: the commit's own day counts, so March sees it).
- 2026-04-01 00:30 +02:00 KB-0001 archived (still 31 March in UTC: April sees it).
- 2026-05-20 TR-RESEAU-01 reviewed → due 20/11.
- 2026-06-15 notes.txt again.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from builder.freshness.figures import history, periods
from builder.content.git import GitError
from builder.content.load import load_base
from helpers import invoke
from helpers.gitrepo import KB_YAML, GitRepo, article
from helpers.story import B, build_story

@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("story") / "base"
    build_story(root)
    return root


# period -> (published, fresh, due_soon, overdue), computed by hand from the story above
EXPECTED = {
    "2025-12": (0, 0, 0, 0),  # before the first commit
    "2026-01": (3, 3, 1, 0),  # T due 28/02 is within 30 days of 31/01
    "2026-02": (3, 3, 2, 0),  # at 28/02: T is due that very day (à jour), B due 20/03; the rename is no new item
    "2026-03": (4, 3, 0, 1),  # C published, B reviewed on the 31st (its own day), T late
    "2026-04": (3, 2, 0, 1),  # A archived on 1 April (local time)
    "2026-05": (3, 3, 1, 0),  # T reviewed; B due 30/06 = 31/05 + 30 days
    "2026-06": (3, 3, 1, 0),  # at 30/06 B is due that day
    "2026-07": (3, 2, 0, 1),  # B late
}


def test_monthly_history_matches_the_figures_computed_by_hand(story: Path) -> None:
    result = invoke("freshness", "--history", "2025-12..2026-07", "--format", "json", "--root", str(story))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["history"]
    assert [r["period"] for r in rows] == list(EXPECTED)
    for row in rows:
        assert (row["published"], row["fresh"], row["due_soon"], row["overdue"]) == EXPECTED[row["period"]], row
        assert set(row) == {"period", "at", "published", "fresh", "due_soon", "overdue", "pil05", "target", "met"}
    by_period = {r["period"]: r for r in rows}
    assert by_period["2026-02"]["at"] == "2026-02-28"
    assert by_period["2026-03"]["pil05"] == 0.75 and by_period["2026-03"]["met"] is True  # on target counts
    assert by_period["2026-04"]["pil05"] == 0.6667 and by_period["2026-04"]["met"] is False
    assert by_period["2025-12"]["pil05"] is None and by_period["2025-12"]["met"] is None
    assert {r["target"] for r in rows[1:]} == {0.75}  # kb.yaml of each month
    assert rows[0]["target"] == 0.95  # before kb.yaml existed: the default target


def test_history_by_domain_and_by_owner(story: Path) -> None:
    rows = json.loads(invoke("freshness", "--history", "2026-03..2026-04", "--by", "domain", "--format", "json",
                             "--root", str(story)).stdout)["history"]
    figures = {(r["period"], r["domain"]): (r["published"], r["fresh"], r["overdue"]) for r in rows}
    assert figures == {("2026-03", "impression"): (1, 1, 0), ("2026-03", "reseau"): (3, 2, 1),
                       ("2026-04", "impression"): (1, 1, 0), ("2026-04", "reseau"): (2, 1, 1)}
    owners = json.loads(invoke("freshness", "--history", "2026-07..2026-07", "--by", "owner", "--format", "json",
                               "--root", str(story)).stdout)["history"]
    assert {r["owner"]: r["overdue"] for r in owners} == {"equipe-impression": 1, "equipe-reseau": 0}


def test_history_csv_has_the_json_columns(story: Path) -> None:
    result = invoke("freshness", "--history", "2026-03..2026-04", "--format", "csv", "--root", str(story))
    assert result.stdout.splitlines() == [
        "period,at,published,fresh,due_soon,overdue,pil05,target,met",
        "2026-03,2026-03-31,4,3,0,1,0.75,0.75,true",
        "2026-04,2026-04-30,3,2,0,1,0.6667,0.75,false",
    ]


def test_history_table_for_people(story: Path) -> None:
    result = invoke("freshness", "--history", "2026-03..2026-04", "--root", str(story))
    assert result.exit_code == 0
    assert "PIL-05 mois par mois" in result.stdout
    assert "│ 2026-03 │ 31/03/2026 │       4 │      3 │            0 │         1 │   75 % │     75 % │     oui │" \
        in result.stdout
    assert "66,7 %" in result.stdout and "non" in result.stdout


def test_a_past_date_reads_the_content_of_that_day(story: Path) -> None:
    data = json.loads(invoke("freshness", "--at", "2026-04-30", "--format", "json", "--root", str(story)).stdout)
    assert (data["published"], data["fresh"], data["overdue"]) == (3, 2, 1)
    assert [(i["id"], i["state"], i["days_late"], i["due"]) for i in data["items"]] == \
        [("TR-RESEAU-01", "en_retard", 61, "2026-02-28")]


def test_the_current_month_is_taken_today_from_the_working_copy(story: Path) -> None:
    today = date.today()
    spans = periods(f"{today.year}-{today.month:02d}..{today.year}-{today.month:02d}", today)
    assert spans[0].at == today
    rows = history(story, spans, today, load_base(story))
    assert rows[0].figures.published == 3  # KB-0002, KB-0003, TR-RESEAU-01 as in the files


def test_history_of_a_folder_inside_a_larger_repository(tmp_path: Path) -> None:
    """A content root in a subfolder sees its own files only (paths relative to it)."""
    repo = GitRepo(tmp_path / "monorepo")
    repo.write("docs/kb.yaml", KB_YAML)
    repo.write("docs/" + B, article("KB-0002", "Bourrage papier", type="incident", domain="impression",
                                    reviewed="2026-01-02"))
    repo.write("kb/reseau/autre.md", article("KB-0009", "Hors de la base", reviewed="2026-01-02"))
    repo.commit("2026-01-05T10:00:00+01:00", "Base dans docs/")
    data = json.loads(invoke("freshness", "--history", "2026-01..2026-01", "--format", "json",
                             "--root", str(repo.root / "docs")).stdout)
    assert data["history"][0]["published"] == 1


def test_history_outside_git_is_a_clear_french_error_and_now_still_works(copy_case) -> None:
    root = copy_case("clean")
    result = invoke("freshness", "--history", "2026-01..2026-02", "--root", str(root))
    assert result.exit_code == 1
    assert "n'est pas dans un dépôt git" in result.stderr
    assert "Traceback" not in result.output
    now = invoke("freshness", "--format", "json", "--root", str(root))
    assert now.exit_code == 0, now.output
    assert json.loads(now.stdout)["published"] == 2
    past = invoke("freshness", "--at", "2026-01-01", "--root", str(root))
    assert past.exit_code == 1 and "dépôt git" in past.stderr


@pytest.mark.parametrize("spec, message", [
    ("2026-06..2026-01", "le premier mois doit précéder le second"),
    ("2026-1..2026-06", "écrivez deux mois AAAA-MM"),
    ("2026-01", "écrivez deux mois AAAA-MM séparés par « .. »"),
    ("2026-13..2027-01", "écrivez deux mois AAAA-MM"),
    ("2999-01..2999-02", "n'est pas encore commencé"),
])
def test_a_wrong_history_range_is_a_usage_error(spec: str, message: str, copy_case) -> None:
    result = invoke("freshness", "--history", spec, "--root", str(copy_case("clean")))
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_empty_repository_has_an_empty_history(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "vide")
    repo.write("kb.yaml", KB_YAML)
    rows = json.loads(invoke("freshness", "--history", "2026-01..2026-02", "--format", "json",
                             "--root", str(repo.root)).stdout)["history"]
    assert [r["published"] for r in rows] == [0, 0]


def test_git_errors_name_the_folder(tmp_path: Path) -> None:
    from builder.freshness.git_history import contents_at
    with pytest.raises(GitError, match="n'est pas dans un dépôt git"):
        contents_at(tmp_path, [date(2026, 1, 31)])

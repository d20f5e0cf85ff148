"""The dashboard's forecast (dashed, after the history) and the review plan's weekly load, on a base with a cliff."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from builder.content.load import load_base
from builder.content.fr import percent
from builder.site.pages.dashboard import dashboard_page
from helpers.gitrepo import GitRepo
from helpers.synthetic import add_months, cliff, month_ends, pil05_by_hand, write_base

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2026, 7, 15)
SPECS = cliff(TODAY)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = write_base(tmp_path_factory.mktemp("cliff") / "base", SPECS)
    GitRepo(root).commit("2026-05-01T10:00:00+02:00", "Base")
    return dashboard_page(load_base(root), TODAY)


def charts(markdown: str) -> dict[str, ET.Element]:
    out = {}
    for text in re.findall(r"<svg.*?</svg>", markdown, re.S):
        svg = ET.fromstring(text)
        out[svg.get("aria-labelledby").split("-title")[0]] = svg
    return out


def test_forecast_follows_the_history_dashed_with_its_own_marks(page: str) -> None:
    svg = charts(page)["pil05"]
    ends = month_ends(TODAY, add_months(TODAY, 13))[1:13]  # the next twelve month ends
    marks = [e.find(f"{SVG}title").text for e in svg
             if e.tag in (f"{SVG}rect", f"{SVG}polygon") and e.find(f"{SVG}title") is not None]
    assert marks == [f"{_month(end)} (prévision) : {percent(pil05_by_hand(SPECS, end))}" for end in ends]
    below = [e for e in svg.iter(f"{SVG}polygon") if e.find(f"{SVG}title") is not None]
    assert len(below) == sum(pil05_by_hand(SPECS, end) < 0.95 for end in ends) > 0  # the cliff shows
    dashed = [p for p in svg.iter(f"{SVG}polyline") if p.get("stroke-dasharray")]
    assert len(dashed) == 1 and len(dashed[0].get("points").split()) == 13  # from the current month on
    desc = svg.find(f"{SVG}desc").text
    assert "Prévision si rien n'est revu, de août 2026 à juil. 2027 : " in desc


def test_forecast_table_matches_a_direct_count(page: str) -> None:
    section = page[page.index("## Prévision si rien n'est revu"):page.index("## Plan de revue")]
    for end in month_ends(TODAY, add_months(TODAY, 13))[:13]:
        value = pil05_by_hand(SPECS, end)
        assert f"| {end.year}-{end.month:02d} | {percent(value)} |" in section


def test_plan_load_never_goes_over_its_cap(page: str) -> None:
    section = page[page.index("## Plan de revue"):page.index("## Par domaine")]
    cap = int(re.search(r"Plan du 15/07/2026 au 31/07/2027 : (\d+) revues par semaine au plus", section).group(1))
    svg = charts(page)["plan-load"]
    bars = {e.find(f"{SVG}title").text.split(" : ")[0]: int(e.find(f"{SVG}title").text.split(" : ")[1])
            for e in svg.iter(f"{SVG}rect")}
    assert bars and max(bars.values()) <= cap
    assert f"au plus {cap}" in [t.text for t in svg.iter(f"{SVG}text")]
    rows = [line for line in section.splitlines() if line.startswith("| 2026-W")]
    assert rows and all("(articles/KB-" in row for row in rows)
    assert Counter(row.split(" | ")[0][2:] for row in rows) == {w: n for w, n in bars.items() if w in
                                                              {row.split(" | ")[0][2:] for row in rows}}


def _month(day: date) -> str:
    names = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
    return f"{names[day.month - 1]} {day.year}"


"""The site's « Tableau de bord » page, built on the history story of test_freshness_history."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from builder.site.pages.chart import Point, pil05_chart
from builder.site.pages.dashboard import dashboard_page, last_months
from builder.content.load import load_base
from helpers.story import build_story

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2026, 7, 15)  # the site is built on 15 July 2026


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("dashboard") / "base"
    build_story(root)
    return dashboard_page(load_base(root), TODAY)


def svg_of(markdown: str) -> ET.Element:
    match = re.search(r"<svg.*?</svg>", markdown, re.S)
    assert match, "no chart"
    return ET.fromstring(match.group(0))


def test_headline_compares_pil05_now_with_the_target(page: str) -> None:
    assert page.startswith("# Tableau de bord\n\n**PIL-05 au 15/07/2026 : 66,7 % (objectif 75 %) : "
                           "objectif non atteint.**\n")
    assert "| Base entière | 3 | 2 | 0 | 1 | 66,7 % | non |" in page


def test_chart_is_an_accessible_svg_with_every_value_written(page: str) -> None:
    svg = svg_of(page)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "pil05-title pil05-desc"
    assert svg.find(f"{SVG}title").text == "PIL-05 mois par mois"
    desc = svg.find(f"{SVG}desc").text
    assert "de août 2025 à juil. 2026, pour un objectif de 75 %" in desc
    assert "déc. 2025 : aucun élément publié" in desc
    assert "mars 2026 : 75 %, objectif atteint" in desc
    assert "avr. 2026 : 66,7 %, objectif non atteint" in desc
    # met months are discs, missed months hollow diamonds: the shape says it, not only the colour
    met = [c.find(f"{SVG}title").text for c in svg.iter(f"{SVG}circle") if c.find(f"{SVG}title") is not None]
    missed = [p.find(f"{SVG}title").text for p in svg.iter(f"{SVG}path") if p.find(f"{SVG}title") is not None]
    assert met == ["janv. 2026 : 100 %", "févr. 2026 : 100 %", "mars 2026 : 75 %", "mai 2026 : 100 %",
                   "juin 2026 : 100 %"]
    assert missed == ["avr. 2026 : 66,7 %", "juil. 2026 : 66,7 %"]
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "objectif 75 %" in texts and "66,7 %" in texts and "objectif non atteint" in texts
    assert "<script" not in page


def test_the_chart_sits_in_an_html_block_without_blank_lines(page: str) -> None:
    block = page[page.index('<div class="kb-dashboard-chart">'):page.index("</div>")]
    assert "\n\n" not in block


def test_monthly_table_by_domain_and_by_owner(page: str) -> None:
    assert "| 2026-04 | 3 | 2 | 1 | 66,7 % | 75 % | non |" in page
    assert "| 2025-12 | 0 | 0 | 0 | — | 75 % | — |" not in page  # kb.yaml did not exist: default target
    assert "| 2025-12 | 0 | 0 | 0 | — | 95 % | — |" in page
    domains = page[page.index("## Par domaine"):page.index("## Par responsable")]
    assert "| Impression | 1 | 0 | 0 | 1 | 0 % | non |" in domains  # the label from kb.yaml
    assert "| Réseau | 2 | 2 | 0 | 0 | 100 % | oui |" in domains
    owners = page[page.index("## Par responsable"):page.index("## En retard")]
    assert "| equipe-impression | 1 | 0 | 0 | 1 | 0 % | non |" in owners


def test_overdue_items_and_the_trees_that_depend_on_them_link_to_their_pages(page: str) -> None:
    late = page[page.index("## En retard"):page.index("## À revoir bientôt")]
    assert "| [KB-0002](articles/KB-0002.md) | Bourrage papier | equipe-impression | 30/06/2026 | " \
           "en retard de 15 jours |" in late
    depending = page[page.index("## Arbres qui dépendent d'un élément en retard"):]
    assert "| [TR-RESEAU-01](arbres/TR-RESEAU-01.md) | Pas de réseau | equipe-reseau | 20/11/2026 | KB-0002 |" \
        in depending


def test_links_are_relative_to_the_page(tmp_path: Path) -> None:
    build_story(tmp_path / "base")
    page = dashboard_page(load_base(tmp_path / "base"), TODAY, page="pilotage/tableau-de-bord.md", months=2)
    assert "[KB-0002](../articles/KB-0002.md)" in page


def test_without_git_the_page_says_why_there_is_no_history(copy_case) -> None:
    page = dashboard_page(load_base(copy_case("clean")), TODAY)
    assert "Historique indisponible : « " in page and "n'est pas dans un dépôt git" in page
    assert 'aria-labelledby="pil05-title' not in page and "## Par domaine" in page


def test_last_months_end_with_the_current_month_taken_today() -> None:
    spans = last_months(date(2026, 2, 10), 3)
    assert [(s.label, s.at) for s in spans] == [("2025-12", date(2025, 12, 31)), ("2026-01", date(2026, 1, 31)),
                                                ("2026-02", date(2026, 2, 10))]


def test_chart_of_two_years_names_every_other_month_and_parses() -> None:
    points = [Point(f"{2025 + (m // 12)}-{m % 12 + 1:02d}", 0.9 + m / 1000, m % 3 != 0) for m in range(24)]
    svg = ET.fromstring(pil05_chart(points, 0.95))
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert labels.count("janv.") == 2 and "févr." not in labels and "mars" in labels

"""kb build --tickets: the « Couverture » page of the agents' site, read as a knowledge manager would
(the same figures as kb coverage, every figure in a table) and as an attacker would (the export is
hostile input; nothing personal leaves it)."""
from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.content.fr import percent
from cli import kb
from make_export import GAPS, LAST
from test_coverage_report import topic_of
from usage_log import beacon_line, walk_lines

SVG = "{http://www.w3.org/2000/svg}"


def chart(page: str) -> str:
    """The page's chart (the theme draws its icons as SVG too)."""
    return re.search(r'<svg[^>]*class="kb-chart".*?</svg>', page, re.S).group(0)


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(kb, list(args), prog_name="kb")
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.exc_info
    return result.exit_code, result.output


class Tables(HTMLParser):
    """Every <table> of a page as rows of cell texts, header row first."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("br", "li") and self._cell:  # a line break, or a list item after another
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def starting(self, *headers: str) -> list[list[str]]:
        return next(t for t in self.tables if tuple(t[0][:len(headers)]) == headers)


@pytest.fixture(scope="module")
def root(library: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped library, copied again: this module builds sites in it."""
    copy = tmp_path_factory.mktemp("site-library") / "base"
    shutil.copytree(library, copy, ignore=shutil.ignore_patterns(".kb"))
    return copy


@pytest.fixture(scope="module")
def built(root: Path, export, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site") / "site"
    code, out = invoke("build", "--root", str(root), "--site-dir", str(site), "--tickets", str(export.csv))
    assert code == 0, out
    assert "Couverture lue : 2395 tickets" in out
    return site


@pytest.fixture(scope="module")
def page(built: Path) -> str:
    return (built / "couverture/index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report(root: Path, export) -> dict:
    code, out = invoke("coverage", str(export.csv), "--root", str(root), "--format", "json")
    assert code == 0, out
    return json.loads(out)


def navigation(site: Path) -> list[str]:
    """The last entries of the home page's main navigation, in order (each once: the page links some too)."""
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home.split('md-nav--primary', 1)[1]
    return list(dict.fromkeys(re.findall(r'href="(tableau-de-bord|utilisation|couverture)/"', nav)))


def test_the_page_is_in_the_navigation_after_usage(built: Path, page: str) -> None:
    home = (built / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="couverture/"[^>]*>\s*(?:<[^>]+>\s*)*Couverture', home)
    assert navigation(built) == ["tableau-de-bord", "couverture"]
    assert re.search(r"<h1[^>]*>Couverture", page) and "<title>Couverture" in page


def test_category_rows_have_the_figures_of_kb_coverage(page: str, report: dict) -> None:
    rows = Tables(page).starting("Catégorie", "Tickets", "Cumul", "Couverts")[1:]
    assert len(rows) == len(report["by_category"])
    for cells, expected in zip(rows, report["by_category"]):
        category, tickets, cumul, covered, _, level1, _, items = cells
        assert (category, int(tickets), int(covered), int(level1)) == \
            (expected["category"], expected["tickets"], expected["covered"], expected["level1"])
        assert cumul == percent(expected["cumulative_share"])
        assert items.split(", ")[:len(expected["items"])] == expected["items"] or (items == "—" and not expected["items"])
    overall = f"{report['tickets']} tickets, dont {report['covered']} couverts par la base"
    assert overall in re.sub(r"<[^>]+>", "", page)


def test_level1_months_and_items_are_tables_with_links(built: Path, page: str, report: dict) -> None:
    tables = Tables(page)
    level1 = tables.starting("Tickets", "Nombre")
    assert [int(r[3]) for r in level1[1:]] == [report["level1"]["covered"]["level1"],
                                                report["level1"]["uncovered"]["level1"]]
    months = tables.starting("Mois", "Tickets")[1:]
    assert [(m[0], int(m[1]), int(m[2])) for m in months] == [(m["month"], m["tickets"], m["covered"])
                                                             for m in report["months"]]
    first = report["by_category"][0]["items"][0]
    folder = "articles" if first.startswith("KB-") else "arbres"
    assert f'<a href="../{folder}/{first}/">{first}</a>' in page
    assert (built / folder / first / "index.html").is_file()


def test_the_planted_gaps_are_on_the_page_with_their_examples(page: str, report: dict) -> None:
    rows = Tables(page).starting("Rang", "Problème", "Tickets")[1:]
    assert [(r[1], int(r[2])) for r in rows] == [(g["label"], g["tickets"]) for g in report["gaps"]]
    for cells, gap in zip(rows, report["gaps"]):
        assert cells[3] == ", ".join(gap["categories"]) and cells[4] == ", ".join(gap["terms"])
        assert cells[5].split("\n") == gap["examples"]
    found = {topic_of(r[1]) for r in rows}
    assert {t.name for t in GAPS} <= found


def test_the_chart_is_well_formed_svg_with_a_title_and_a_description(page: str, report: dict) -> None:
    svg = ET.fromstring(chart(page))
    assert svg.find(f"{SVG}title").text == "Pareto des catégories de tickets et leur couverture"
    desc = svg.find(f"{SVG}desc").text
    first = report["by_category"][0]
    assert f"{first['category']} : {first['tickets']} tickets dont {first['covered']} couverts" in desc
    assert svg.get("role") == "img" and svg.find(f"{SVG}polyline") is not None


def test_no_personal_data_anywhere_in_the_built_site(built: Path, page: str, export) -> None:
    planted = export.planted
    secrets = [*planted.emails, *planted.phones, *planted.names]
    secrets += [" ".join(reversed(n.split(" ", 1))) for n in planted.names]
    for path in built.rglob("*"):
        if path.suffix not in (".html", ".json", ".js", ".xml", ".txt"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace").casefold()
        for secret in set(secrets):
            assert secret.casefold() not in text, (path, secret)
    assert "@" not in re.sub(r"<[^>]+>", "", page.split('class="md-content"', 1)[1].split("</article>")[0])
    for name in LAST:
        assert not re.search(rf"\b{name}\b", page, re.I), name


def test_audience_user_refuses_tickets_in_french(root: Path, export, tmp_path: Path) -> None:
    code, out = invoke("build", "--root", str(root), "--audience", "user", "--site-dir", str(tmp_path / "p"),
                       "--tickets", str(export.csv))
    assert code == 2
    assert "--tickets s'applique au site des agents" in out and "portail des usagers" in out
    assert not (tmp_path / "p").exists()


@pytest.fixture
def small(copy_case) -> Path:
    return copy_case("walk")


def test_a_missing_or_unreadable_export_is_a_french_error(small: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    code, out = invoke("build", "--root", str(small), "--site-dir", str(site), "--tickets", str(tmp_path / "absent.csv"))
    assert code == 2 and "--tickets" in out and "n'existe pas" in out
    for name, data in (("vide.csv", b""), ("classeur.xlsx", b"ceci n'est pas un classeur")):
        bad = tmp_path / name
        bad.write_bytes(data)
        code, out = invoke("build", "--root", str(small), "--site-dir", str(site), "--tickets", str(bad))
        assert code == 1 and out.count("Erreur") == 1 and "Traceback" not in out, out
        assert "--tickets : " in out and ("l'export est vide" in out or "n'est pas un classeur lisible" in out), out
    assert not site.exists()


HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "Ticket | `code` [x](javascript:y)"]


def test_a_hostile_export_is_escaped_and_a_new_export_rebuilds_the_page(small: Path, tmp_path: Path) -> None:
    export = tmp_path / "hostile.csv"
    lines = ["N°;Date de création;Catégorie;Objet"]
    for number in range(4):
        for summary in HOSTILE:
            lines.append(f"{len(lines)};0{number + 1}/09/2026 10:00;<img src=x onerror=alert(3)>;\"{summary}\"")
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    site = tmp_path / "site"
    code, out = invoke("build", "--root", str(small), "--site-dir", str(site), "--tickets", str(export))
    assert code == 0, out
    page = (site / "couverture/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and "javascript:y\"" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(3)&gt;" in page
    ET.fromstring(chart(page))  # still well-formed
    code, out = invoke("build", "--root", str(small), "--site-dir", str(site), "--tickets", str(export))
    assert code == 0 and "rien n'a changé" in out
    export.write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")  # the export changed, nothing else
    code, out = invoke("build", "--root", str(small), "--site-dir", str(site), "--tickets", str(export))
    assert code == 0 and "rien n'a changé" not in out, out
    assert "4 tickets, dont" in re.sub(r"<[^>]+>", "", (site / "couverture/index.html").read_text(encoding="utf-8"))
    code, out = invoke("build", "--root", str(small), "--site-dir", str(site))
    assert code == 0 and not (site / "couverture").exists()


# -- the usage rate: walks of the trees that declare a category / level-1 tickets of that category -------
RATE_EXPORT = """N°;Date de création;Catégorie;Objet;Résolu par
1;02/09/2026 10:00;Comptes > Mot de passe;Mot de passe expiré;N1 - AIT
2;03/09/2026 10:00;Comptes > Mot de passe;Mot de passe oublié;N1 - AIT
3;08/09/2026 10:00;Comptes > Mot de passe;Mot de passe expiré;N1 - AIT
4;15/09/2026 10:00;Comptes > Mot de passe;MDP expiré;N1 - AIT
5;16/09/2026 10:00;Comptes > Mot de passe;Mot de passe expiré;N2 - LP2I
6;10/09/2026 10:00;Réseau > VPN;Le VPN ne se connecte pas;N1 - AIT
7;25/09/2026 10:00;Réseau > VPN;Le VPN ne se connecte pas;N2 - LP2I
"""


def rate_log(path: Path) -> Path:
    """TR-COMPTES-01 (Comptes > Mot de passe): 3 walks on the agents' site within the tickets' period,
    one on the portal, two outside the period; TR-RESEAU-01 (Réseau > VPN): 3 walks, for 1 level-1 ticket."""
    lines = [*walk_lines("a1", "TR-COMPTES-01", "message_expire", "02/Sep/2026"),
             *walk_lines("a2", "TR-COMPTES-01", "message_expire", "05/Sep/2026", ended="resolved"),
             *walk_lines("a3", "TR-COMPTES-01", "message_expire", "25/Sep/2026"),
             *walk_lines("p1", "TR-COMPTES-01", "message_expire", "05/Sep/2026", site="p"),
             *walk_lines("x1", "TR-COMPTES-01", "message_expire", "01/Sep/2026"),
             *walk_lines("x2", "TR-COMPTES-01", "message_expire", "26/Sep/2026"),
             *[line for n in range(3) for line in walk_lines(f"v{n}", "TR-RESEAU-01", "internet", f"1{n}/Sep/2026")],
             beacon_line("12/Sep/2026", e="search", q="vpn", k=3)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


EXPECTED_RATE = [{"category": "Comptes > Mot de passe", "level1_tickets": 4, "walks": 3, "rate": 0.75},
                 {"category": "Réseau > VPN", "level1_tickets": 1, "walks": 3, "rate": 3.0}]


def test_kb_coverage_usage_gives_the_usage_rate(root: Path, tmp_path: Path) -> None:
    export = tmp_path / "septembre.csv"
    export.write_text(RATE_EXPORT, encoding="utf-8")
    log = rate_log(tmp_path / "access.log")
    code, out = invoke("coverage", str(export), "--root", str(root), "--format", "json")
    assert code == 0 and "usage_rate" not in json.loads(out)
    code, out = invoke("coverage", str(export), "--root", str(root), "--format", "json", "--usage", str(log))
    assert code == 0, out
    data = json.loads(out)
    assert data["version"] == 1 and data["usage_rate"] == EXPECTED_RATE
    code, out = invoke("coverage", str(export), "--root", str(root), "--usage", str(log))
    assert code == 0, out
    assert "Taux d'utilisation des arbres" in out
    assert re.search(r"Comptes > Mot de passe\s+4\s+3\s+75,0 %", out)
    assert re.search(r"Réseau > VPN\s+1\s+3\s+> 100 %", out) and "plus de parcours que de tickets" in out
    code, out = invoke("coverage", str(export), "--root", str(root), "--usage", str(tmp_path / "absent.log"))
    assert code == 2 and "journal introuvable" in out and "--usage" in out


def test_kb_build_with_usage_and_tickets_shows_the_usage_rate(root: Path, tmp_path: Path) -> None:
    export = tmp_path / "septembre.csv"
    export.write_text(RATE_EXPORT, encoding="utf-8")
    log = rate_log(tmp_path / "access.log")
    site = tmp_path / "site"
    code, out = invoke("build", "--root", str(root), "--site-dir", str(site), "--tickets", str(export),
                       "--usage", str(log))
    assert code == 0, out
    page = (site / "couverture/index.html").read_text(encoding="utf-8")
    rows = Tables(page).starting("Catégorie", "Tickets résolus au niveau 1", "Parcours")[1:]
    assert [r[:4] for r in rows] == [["Comptes > Mot de passe", "4", "3", "75,0 %"], ["Réseau > VPN", "1", "3", "> 100 %"]]
    assert "TR-COMPTES-01" in rows[0][4]
    assert navigation(site) == ["tableau-de-bord", "utilisation", "couverture"]

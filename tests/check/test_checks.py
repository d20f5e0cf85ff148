"""Each check on its own small content repository: exact position, severity and code."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.codes import CHECKS
from helpers import DATA, PROJECT, invoke

CASES = sorted(p.name for p in DATA.iterdir() if (p / "expected.txt").is_file())


def prefixes(output: str) -> list[str]:
    """`path:line:col: severity CODE` of each finding line."""
    return [" ".join(line.split(" ")[:3]) for line in output.splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES)
def test_each_check_points_at_the_offending_key_or_value(case: str, copy_case) -> None:
    root = copy_case(case)
    expected = (DATA / case / "expected.txt").read_text(encoding="utf-8").split("\n")
    expected = [line for line in expected if line.strip()]
    chatbot = ["--chatbot"] if case.startswith("CB") else []  # the chatbot's checks run only when asked
    result = invoke("check", *chatbot, "--root", str(root))
    assert prefixes(result.stdout) == expected
    has_error = any(" error " in line for line in expected)
    assert result.exit_code == (1 if has_error else 0), result.output


def test_every_check_code_has_a_case() -> None:
    covered = {line.split(" ")[2] for case in CASES
               for line in (DATA / case / "expected.txt").read_text().splitlines() if line}
    # YM005 needs a 1 MiB file: test_yaml_limits writes it; FR001 needs a git history: test_freshness_now builds one;
    # YM009 needs links and FIFOs, which a copied folder cannot hold: test_refused_files makes them
    assert set(CHECKS) - covered == {"YM005", "FR001", "YM009"}


def test_clean_content_gives_no_finding(copy_case) -> None:
    result = invoke("check", "--strict", "--root", str(copy_case("clean")))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "Aucun problème dans 2 fichiers." in result.stderr


def test_json_output_matches_text_output(copy_case) -> None:
    root = copy_case("RF001")
    text = invoke("check", "--root", str(root))
    data = json.loads(invoke("check", "--format", "json", "--root", str(root)).stdout)
    assert [f"{f['path']}:{f['line']}:{f['col']}: {f['severity']} {f['code']} {f['message']}" for f in data] \
        == text.stdout.splitlines()
    assert all(set(f) == {"path", "line", "col", "severity", "code", "message"} for f in data)


def test_paths_limit_the_report_but_references_use_the_whole_base(copy_case) -> None:
    root = copy_case("RF002")  # the published article cites a draft in another file
    only_draft = invoke("check", "--root", str(root), str(root / "kb/impression/brouillon.md"))
    assert only_draft.stdout == "" and only_draft.exit_code == 0
    only_citing = invoke("check", "--root", str(root), "kb/impression/vider-file.md")
    assert prefixes(only_citing.stdout) == ["kb/impression/vider-file.md:11:11: warning RF002"]
    folder = invoke("check", "--root", str(root), "kb/impression")
    assert prefixes(folder.stdout) == ["kb/impression/vider-file.md:11:11: warning RF002"]


def test_strict_fails_on_warnings(copy_case) -> None:
    root = copy_case("TR103")
    assert invoke("check", "--root", str(root)).exit_code == 0
    assert invoke("check", "--strict", "--root", str(root)).exit_code == 1


def test_severity_can_be_changed_in_kb_yaml(copy_case) -> None:
    root = copy_case("TR103")
    with (root / "kb.yaml").open("a", encoding="utf-8") as config:
        config.write("severity:\n  TR103: error\n  TT001: off\n")
    result = invoke("check", "--root", str(root))
    assert prefixes(result.stdout) == ["trees/impression/imprimante.yaml:15:3: error TR103"]
    assert result.exit_code == 1


def test_second_run_reuses_the_cache_and_sees_changes(copy_case) -> None:
    root = copy_case("clean")
    assert invoke("check", "--root", str(root)).exit_code == 0
    assert (root / ".kb/cache/check.json").is_file()
    article = root / "kb/impression/vider-file.md"
    article.write_text(article.read_text().replace("related: [TR-IMPRESSION-01]", "related: [TR-IMPRESSION-09]"))
    assert prefixes(invoke("check", "--root", str(root)).stdout) == ["kb/impression/vider-file.md:11:11: error RF001"]


def test_after_each_edit_the_cached_check_says_what_a_fresh_one_says(copy_case) -> None:
    """The costly rules run again only on the edited files (.kb/cache/check.json keeps the others'
    findings): after edits of a body, of kb.yaml's allow-list and groups, of a status, the report
    is the one a check without cache gives."""
    root = copy_case("CT005")
    article, draft, config = (root / "kb/impression/vider-file.md", root / "kb/impression/brouillon.md",
                              root / "kb.yaml")

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def same_as_fresh() -> list[str]:
        cached = invoke("check", "--root", str(root))
        fresh = invoke("check", "--no-cache", "--root", str(root))
        assert cached.stdout == fresh.stdout and cached.exit_code == fresh.exit_code
        return prefixes(cached.stdout)

    first = same_as_fresh()
    edit(article, "# Vider la file\n", "# Vider la file\n\n<script>alert(1)</script>\n")
    assert "kb/impression/vider-file.md:15:1: error CT004" in same_as_fresh()
    edit(config, "  - Invite2026\n", "  - Invite2026\n  - Soleil2026\n")
    assert len([f for f in same_as_fresh() if f.endswith("CT005")]) == len([f for f in first if f.endswith("CT005")]) - 1
    edit(draft, "status: draft", "status: published")
    assert "kb/impression/brouillon.md:15:28: error CT005" in same_as_fresh()
    edit(article, "audience: [agent]", "audience: [agent, user]")
    edit(article, "Le support répond", "Le groupe TIERS répond")
    assert any(f.endswith("RF009") for f in same_as_fresh())
    edit(config, "  TIERS: Tiers-mainteneur\n", "  TIERCE: Tiers-mainteneur\n")
    assert not any(f.endswith("RF009") for f in same_as_fresh())


def test_not_a_content_root_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("check", "--root", str(tmp_path))
    assert result.exit_code == 2
    assert "n'est pas une base de connaissance" in result.stderr


def test_unknown_option_is_a_usage_error_in_french() -> None:
    result = invoke("check", "--strikt")
    assert result.exit_code == 2
    assert "Erreur : option inconnue" in result.stderr


def test_shipped_library_passes_strict() -> None:
    result = invoke("check", "--strict", "--no-cache", "--root", str(PROJECT))
    assert result.exit_code == 0, result.stdout

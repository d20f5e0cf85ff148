"""The quick header reader agrees with the loader on every version it accepts."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.content.load import load_header
from builder.freshness.versions import _quick_version, version_of_item
from helpers import DATA, PROJECT


def loader_version(path: str, data: bytes):  # type: ignore[no-untyped-def]
    item = load_header(path, data)
    return None if item is None else version_of_item(item, data, digest=False)


def content_files(root: Path) -> list[tuple[str, bytes]]:
    return [(p.relative_to(root).as_posix(), p.read_bytes())
            for p in [*sorted((root / "kb").rglob("*.md")), *sorted((root / "trees").rglob("*.yaml"))]]


def test_the_shipped_library_is_read_quickly_and_identically() -> None:
    files = content_files(PROJECT)
    quick = {path: _quick_version(path, data) for path, data in files}
    assert sum(v is not None for v in quick.values()) == len(files)  # every shipped header is simple
    for path, data in files:
        assert quick[path] == loader_version(path, data), path


def test_test_cases_agree_or_defer_to_the_loader() -> None:
    for case in DATA.iterdir():
        if (case / "kb.yaml").is_file():
            for path, data in content_files(case):
                quick = _quick_version(path, data)
                assert quick is None or quick == loader_version(path, data), f"{case.name}/{path}"


HEADER_LINES = ["id: KB-0042", "id: 'KB-0042'", 'id: "KB-0042"', "id: KB-42", "title: Réinitialiser : mot",
                "title: L'imprimante", "title: 'L''imprimante'", 'title: "a \\" b"', "title: a # commentaire",
                "title: # vide", "title:", "title: ~", "title: [a, b]", "title: |", "  suite du titre",
                "type: procedure", "type: faq # oui", "type: procédure", "domain: impression", "domain: 12",
                "owner: equipe", "owner: null", "owner: &a x", "reviewed: 2026-01-15", "reviewed: 2026-02-30",
                "reviewed: '2026-01-15'", "reviewed:", "review_every: 6 months", "review_every: six mois",
                "status: published", "status: draft", "status: publié", "status: published  # ok",
                "tags: [a]", "audience: [agent]", "\tstatus: draft", "status: published\\", "id: KB-0042 # x",
                "title: 10:30 le poste", "title: À 9 h, l'écran", "owner: Null", "owner: NULL", "domain: impression  ",
                "title: true", "title: 2024", "title: Titre\t", "title: « Wi-Fi » invité", "owner: équipe-réseau",
                "title: a:b", "title: a ?", "status: published\n  suite"]


VALID = ["id: KB-0042", "title: Vider la file", "type: procedure", "domain: impression", "owner: equipe",
         "reviewed: 2026-01-15", "status: published"]


@st.composite
def headers(draw: st.DrawFn) -> list[str]:
    """A valid header with one or two lines swapped for a variant of the same key, or an extra line."""
    lines = list(VALID)
    for index in draw(st.lists(st.integers(0, len(VALID) - 1), min_size=1, max_size=2, unique=True)):
        key = VALID[index].split(":")[0]
        lines[index] = draw(st.sampled_from([v for v in HEADER_LINES if v.startswith(key + ":")]))
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(HEADER_LINES)))
    return lines


@settings(max_examples=500, deadline=None)
@given(headers())
def test_random_headers_agree_or_defer(lines: list[str]) -> None:
    front = "\n".join(lines)
    article = f"---\n{front}\n---\n\n# Titre\n\nCorps.\n".encode()
    quick = _quick_version("kb/impression/x.md", article)
    assert quick is None or quick == loader_version("kb/impression/x.md", article)
    tree = f"{front.replace('KB-0042', 'TR-X-01').replace('KB-42', 'TR-x')}\nstart: a\nnodes: {{}}\n".encode()
    quick = _quick_version("trees/impression/x.yaml", tree)
    assert quick is None or quick == loader_version("trees/impression/x.yaml", tree)

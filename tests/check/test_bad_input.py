"""No input makes `kb check` crash or hang: random and mutated YAML and Markdown files."""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import DATA, invoke

TREE = (DATA / "walk/trees/impression/imprimante.yaml").read_text(encoding="utf-8")
ARTICLE = (DATA / "walk/kb/impression/vider-file.md").read_text(encoding="utf-8")
YAML_PIECES = ["\n", "  ", "\t", ":", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "<<: *a", "'", '"',
               "#", "|", ">-", "---", "...", "? ", "%YAML 1.1\n", "\\", "é", "«", "\x00", "\ufeff", "~", "null",
               "KB-0001", "TR-IMPRESSION-02", "next: ", "ask: ", "answers:", "goto: ", "{{ x }}", "<script>"]


@st.composite
def mutated(draw: st.DrawFn, original: str) -> str:
    text = original
    for _ in range(draw(st.integers(1, 8))):
        where = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        piece = draw(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=6)))
        span = draw(st.integers(1, 40))
        if action == "insert":
            text = text[:where] + piece + text[where:]
        elif action == "delete":
            text = text[:where] + text[where + span:]
        elif action == "replace":
            text = text[:where] + piece + text[where + span:]
        else:
            text = text[:where] + text[where:where + span] * 3 + text[where + span:]
    return text


random_yaml = st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=8), max_size=60).map("".join)


def check_files(files: dict[str, str | bytes]) -> int:
    root = Path(tempfile.mkdtemp())
    try:
        shutil.copy(DATA / "walk/kb.yaml", root / "kb.yaml")
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
        started = time.perf_counter()
        result = invoke("check", "--no-cache", "--root", str(root))
        assert time.perf_counter() - started < 5, "kb check took too long on one file"
        assert result.exit_code in (0, 1), result.output
        assert "Erreur inattendue" not in result.output and "Traceback" not in result.output
        return result.exit_code
    finally:
        shutil.rmtree(root, ignore_errors=True)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(mutated(TREE), mutated(ARTICLE))
def test_mutated_files_never_crash(tree: str, article: str) -> None:
    check_files({"trees/impression/imprimante.yaml": tree, "kb/impression/vider-file.md": article})


@SETTINGS
@given(random_yaml, random_yaml)
def test_random_yaml_never_crashes(tree: str, front_matter: str) -> None:
    check_files({"trees/impression/imprimante.yaml": tree,
                 "kb/impression/vider-file.md": f"---\n{front_matter}\n---\n\n# Titre\n\nCorps.\n"})


@SETTINGS
@given(st.binary(max_size=300), mutated(TREE))
def test_random_bytes_and_broken_kb_yaml_never_crash(data: bytes, config: str) -> None:
    check_files({"trees/impression/imprimante.yaml": data, "kb/impression/vider-file.md": data,
                 "kb.yaml": config})

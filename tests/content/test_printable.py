"""Text from content printed to a terminal: no control character ever gets through (property tests)."""
from __future__ import annotations

import unicodedata

from hypothesis import given, strategies as st

from builder.content.printable import printable
from builder.resolution.command import answer_for

BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def obeyed(text: str, allowed: str = "") -> list[str]:
    """The characters a terminal would act on instead of showing."""
    return [c for c in text if c not in allowed and (unicodedata.category(c) == "Cc" or c in BIDI)]


@given(st.text())
def test_no_control_character_survives(text: str) -> None:
    assert obeyed(printable(text)) == []


@given(st.text())
def test_kept_new_lines_are_the_only_control_characters(text: str) -> None:
    shown = printable(text, keep_newlines=True)
    assert obeyed(shown, allowed="\n") == []
    assert shown.count("\n") == text.count("\n")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs"))))
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert printable(text) == text


def test_escapes_are_readable() -> None:
    assert printable("a\x1b[31mb\u202ec\x00") == "a\\x1b[31mb\\u202ec\\x00"


labels = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -'",
                          min_size=1, max_size=20).filter(lambda s: s.strip() != ""),
                  min_size=1, max_size=6, unique_by=lambda s: " ".join(s.casefold().split()))


@given(labels, st.data())
def test_a_number_or_the_label_in_any_case_chooses_it(choices: list[str], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(choices) - 1))
    assert answer_for(str(index + 1), choices) == choices[index]
    shouted = "  " + " ".join(choices[index].upper().split()) + " "
    assert answer_for(shouted.strip(), choices) == choices[index]
    assert answer_for(str(len(choices) + 1), choices) is None
    assert answer_for("0", choices) is None


def test_accents_and_case_are_folded() -> None:
    assert answer_for("deja fait", ["Oui", "Déjà fait"]) == "Déjà fait"
    assert answer_for("  NON  ", ["Oui", "Non"]) == "Non"
    assert answer_for("peut-être", ["Oui", "Non"]) is None

"""Text from content made safe for a terminal: control characters shown, never obeyed.

A title holding ESC sequences could recolour, clear or retitle the agent's terminal
(or hide text, with bidirectional overrides) when `kb search`, `kb run` or `kb check`
printed it raw. Every such character is printed as a visible escape instead: `\\x1b`.
"""
from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep_newlines: bool = False) -> str:
    """`text` with every control character (and bidi override) written as an escape."""
    if not keep_newlines:
        return _UNSAFE.sub(_escape, text)
    return "\n".join(_UNSAFE.sub(_escape, line) for line in text.split("\n"))

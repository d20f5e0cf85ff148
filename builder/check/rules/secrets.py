"""CT005 for secrets: detect-secrets' detectors plus the ways French support staff write passwords.

Prose and code blocks alike (a password pasted in a « ``` » block is still published).
An error on a published item, a warning on a draft; values listed in kb.yaml's
`allowlist` are accepted. Each detector runs only on lines that hold its cue (a
keyword, a quote, « eyJ », « AKIA »…), on slices of at most SLICE characters, and on
DETECTOR_CALLS slices per text at most: detect-secrets' patterns are neither linear nor
cheap, ours are linear and keep scanning the whole text.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from builder.codes import finding
from builder.model import Article, Base, Finding, Item, Pos, Severity, Tree

SLICE = 400  # characters: longer lines are scanned in overlapping slices
OVERLAP = 80  # a secret cut by a slice end is whole in the next slice
# detect-secrets' keyword patterns cost about 1 ms a slice: past this many slices with a cue in one text (a
# flood, not a page), only the linear patterns above keep looking, so that scanning stays under 1 s per MB
DETECTOR_CALLS = 16
# « le mot de passe est Soleil2026 », « mdp : Azerty123! », « code PIN : 4821 »
_FRENCH = re.compile(
    r"(?i)\b(?:mots? de passe|mdp|password|passwd|pwd|code (?:pin|secret|d'accès|d’accès))\b"
    r"(?:[ \t]+[^\s.;:=«»\"]+){0,3}?[ \t]*(?:est|sera|reste|vaut|:|=)[ \t]*[«\"'`]?[ \t]?"
    r"(?P<value>[^\s«»\"'`,;]{4,64})")
# « admin / P@ssw0rd2026 », « root : Toor2026 »
_ACCOUNT = re.compile(r"(?i)\b(?:admin|administrat(?:eur|or)|root|sa|superviseur|utilisateur|user|login|"
                      r"identifiant|compte)\b[ \t]*[/:][ \t]*(?P<value>[^\s/«»\"'`,;]{6,64})")
_LETTER = re.compile(r"[A-Za-zÀ-ÿ]")
_DIGIT = re.compile(r"[0-9]")
_CUES = {  # detector class name -> words one of which the line must hold
    "AWSKeyDetector": ("akia", "asia", "aws"),
    "JwtTokenDetector": ("eyj",),
    "GitHubTokenDetector": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    "PrivateKeyDetector": ("private key", "begin openssh", "begin pgp", "begin ec", "begin dsa", "begin rsa"),
}
# detect-secrets' keyword detector wants « password = "…" » or « api_key: … »; its import costs a second,
# so only such lines call it (« mot de passe : … » in French is _FRENCH's)
_ASSIGNED_KEYWORD = re.compile(r"(?i)(?:key|passwd|password|pass\b|pwd|secret|contrase(?:ñ|n)a)[a-z_]*[\"']?[ \t]*"
                               r"(?::=|[:=])")
_ANY_CUE = re.compile("|".join(re.escape(c) for cues in _CUES.values() for c in cues), re.I)
_WORD = re.compile(r"[A-Za-z0-9_]+")
_QUOTED_RUN = re.compile(r"([\"'])(?=[^\"'\s]*[0-9])[0-9A-Za-z+/=_-]{16,}\1")  # a quoted key-like run, digits in it
_LABELS = {"AWS Access Key": "une clé d'accès AWS", "JSON Web Token": "un jeton JWT",
           "GitHub Token": "un jeton GitHub", "Private Key": "une clé privée", "Secret Keyword": "un secret",
           "Base64 High Entropy String": "une chaîne aléatoire (clé ou jeton ?)",
           "Hex High Entropy String": "une chaîne hexadécimale aléatoire (clé ou jeton ?)"}


@lru_cache(maxsize=1)
def _detectors() -> list[Any]:
    from detect_secrets.plugins.aws import AWSKeyDetector
    from detect_secrets.plugins.github_token import GitHubTokenDetector
    from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString, HexHighEntropyString
    from detect_secrets.plugins.jwt import JwtTokenDetector
    from detect_secrets.plugins.keyword import KeywordDetector
    from detect_secrets.plugins.private_key import PrivateKeyDetector
    return [AWSKeyDetector(), JwtTokenDetector(), GitHubTokenDetector(), PrivateKeyDetector(), KeywordDetector(),
            Base64HighEntropyString(limit=4.5), HexHighEntropyString(limit=3.0)]


def check(base: Base) -> list[Finding]:
    return [f for item in base.items for f in check_item(item, base)]


def check_item(item: Item, base: Base) -> list[Finding]:
    """The secrets in one item: they depend on its file and kb.yaml's allow-list only."""
    allow = set(base.config.allowlist)
    found: list[Finding] = []
    severity = Severity.ERROR if item.published else Severity.WARNING
    for text, pos in _texts(item):
        for line_no, col, value, what in scan(text):
            if value in allow:
                continue
            where = Pos(pos.line + line_no, (pos.col if line_no == 0 else 0) + col)
            found.append(finding("CT005", item.path, where,
                                 f"ce qui ressemble à {what} : « {_masked(value)} »",
                                 "retirez-le et faites-le changer s'il était réel ; s'il est public, ajoutez la "
                                 "valeur à « allowlist » dans kb.yaml", severity=severity))
    return found


def _masked(value: str) -> str:
    """Enough of the value to find it, not enough to use it."""
    return value if len(value) <= 6 else value[:3] + "…" + value[-2:]


def _texts(item: Item) -> Iterator[tuple[str, Pos]]:
    yield item.title, item.at("title")
    if isinstance(item, Article):
        yield item.body, Pos(item.body_line, 0)
        for question in item.questions:
            yield question.value, question.pos
    elif isinstance(item, Tree):
        for symptom in item.symptoms:
            yield symptom.value, symptom.pos
        for node in item.nodes.values():
            for text in node.markdown():
                yield text.value, text.pos
            if node.ticket and "ticket" in node.valpos:
                yield node.ticket, node.valpos["ticket"]


def scan(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(line, column, value, what it looks like) of each secret in the text, prose and code alike."""
    if not (_DIGIT.search(text) or _ANY_CUE.search(text) or _QUOTED_RUN.search(text)
            or _ASSIGNED_KEYWORD.search(text)):
        return  # nothing any pattern or detector could report: most texts stop here, in one pass or four
    budget = [DETECTOR_CALLS]
    for number, line in enumerate(text.split("\n")):
        seen: set[str] = set()
        for start in range(0, max(len(line), 1), SLICE):
            piece = line[start:start + SLICE + OVERLAP]  # slices overlap: a secret across a cut is still whole in one
            for value, what in _in_line(piece, budget):
                if value not in seen:
                    seen.add(value)
                    yield number, start + max(piece.find(value), 0), value, what


def _in_line(line: str, budget: list[int]) -> Iterator[tuple[str, str]]:
    for pattern in (_FRENCH, _ACCOUNT) if _DIGIT.search(line) else ():  # a password worth reporting has a digit
        for match in pattern.finditer(line):
            value = match.group("value").rstrip(".,)")  # the sentence's end is not the password's
            if _LETTER.search(value) and _DIGIT.search(value) and "{{" not in value:
                yield value, "un mot de passe"
    quoted = _QUOTED_RUN.search(line) is not None
    assigned = _ASSIGNED_KEYWORD.search(line) is not None
    if budget[0] <= 0 or not (quoted or assigned or _ANY_CUE.search(line)):
        return
    lowered = line.lower()
    budget[0] -= 1
    for detector in _detectors():
        name = type(detector).__name__
        cues = _CUES.get(name)
        if name == "KeywordDetector":
            if not assigned:
                continue
        elif (cues is None and not quoted) or (cues is not None and not any(c in lowered for c in cues)):
            continue
        # the file name picks the keyword detector's patterns: « key: value » (YAML) or « key = "value" »
        for filename in (("contenu.yaml" if ":" in line else "contenu.md"),):
            for secret in detector.analyze_line(filename=filename, line=line, line_number=0):
                value = secret.secret_value or ""
                if 0 < len(value) < 6 and value in line:  # a token's prefix (« ghp »): show the token
                    at = line.index(value)
                    value = _WORD.match(line, at).group()  # type: ignore[union-attr]
                if value and not value.startswith("{{"):
                    yield value, _LABELS.get(secret.type, "un secret")

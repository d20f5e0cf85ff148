"""Small overrides of the theme's own files, written into .kb/theme (MkDocs custom_dir).

They are derived at build time from the installed (pinned) Material files, so that
they follow the theme: accent folding for the French search, and an accessible
name for the search dialog (axe-core: aria-dialog-name), kb.yaml's synonyms in the
search; and the Content-Security-Policy
(csp.py).
"""
from __future__ import annotations

import json
from pathlib import Path

from builder.site import csp

SEARCH_FOLD = Path(__file__).parent / "search_fold.js"
LUNR_FRENCH = "assets/javascripts/lunr/min/lunr.fr.min.js"
SEARCH_PARTIAL = "partials/search.html"
# every page loads the usage script (kb usage; inert with `usage: false`), whatever mkdocs.yml lists
# appended to csp.py's main.html (which extends base.html and sets the policy): the usage beacon script
USAGE_SCRIPT = (b'{% block scripts %}\n'
                b'  <script src="{{ \'assets/kb/usage.js\' | url }}"></script>\n  {{ super() }}\n{% endblock %}\n')


def _templates() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


def _material_file(relative: str) -> bytes:
    return (_templates() / relative).read_bytes()


def overrides(serving: bool = False, synonyms: tuple[tuple[str, ...], ...] = ()) -> dict[str, bytes]:
    """custom_dir-relative path → content; `synonyms`: kb.yaml's groups, which the search expands."""
    search = _material_file(SEARCH_PARTIAL).replace(
        b'role="dialog">', b"role=\"dialog\" aria-label=\"{{ lang.t('search') }}\">", 1)
    out = csp.overrides(_templates(), serving)
    out["main.html"] += USAGE_SCRIPT
    groups = json.dumps([list(group) for group in synonyms], ensure_ascii=True)
    lunr_french = _material_file(LUNR_FRENCH) + f"\n;self.kbSynonyms = {groups};\n".encode() + SEARCH_FOLD.read_bytes()
    return {**out, LUNR_FRENCH: lunr_french, SEARCH_PARTIAL: search}

"""Small overrides of the theme's own files, written into .kb/theme (MkDocs custom_dir).

They are derived at build time from the installed (pinned) Material files, so that
they follow the theme: accent folding for the French search, and an accessible
name for the search dialog (axe-core: aria-dialog-name); and the Content-Security-Policy
(csp.py).
"""
from __future__ import annotations

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


def overrides(serving: bool = False) -> dict[str, bytes]:
    """custom_dir-relative path → content."""
    search = _material_file(SEARCH_PARTIAL).replace(
        b'role="dialog">', b"role=\"dialog\" aria-label=\"{{ lang.t('search') }}\">", 1)
    out = csp.overrides(_templates(), serving)
    out["main.html"] += USAGE_SCRIPT
    return {**out, LUNR_FRENCH: _material_file(LUNR_FRENCH) + SEARCH_FOLD.read_bytes(), SEARCH_PARTIAL: search}

"""Small overrides of the theme's own files, written into .kb/theme (MkDocs custom_dir).

They are derived at build time from the installed (pinned) Material files, so that
they follow the theme: accent folding for the French search, and an accessible
name for the search dialog (axe-core: aria-dialog-name).
"""
from __future__ import annotations

from pathlib import Path

SEARCH_FOLD = Path(__file__).parent / "search_fold.js"
LUNR_FRENCH = "assets/javascripts/lunr/min/lunr.fr.min.js"
SEARCH_PARTIAL = "partials/search.html"
# every page loads the usage script (kb usage; inert with `usage: false`), whatever mkdocs.yml lists
MAIN = (b'{% extends "base.html" %}\n{% block scripts %}\n'
        b'  <script src="{{ \'assets/kb/usage.js\' | url }}"></script>\n  {{ super() }}\n{% endblock %}\n')


def _material_file(relative: str) -> bytes:
    import material

    return (Path(material.__file__).parent / "templates" / relative).read_bytes()


def overrides() -> dict[str, bytes]:
    """custom_dir-relative path → content."""
    search = _material_file(SEARCH_PARTIAL).replace(
        b'role="dialog">', b"role=\"dialog\" aria-label=\"{{ lang.t('search') }}\">", 1)
    return {
        LUNR_FRENCH: _material_file(LUNR_FRENCH) + SEARCH_FOLD.read_bytes(),
        SEARCH_PARTIAL: search,
        "main.html": MAIN,
    }

"""The site's Content-Security-Policy, and the theme's inline scripts moved to files so that it can forbid them.

The sanitiser is the first wall; the policy is the second: a script the sanitiser
missed still does not run, because only script files from the site's own origin
may (no inline script, no inline handler, no eval). Material writes a few small
inline scripts (local storage helpers, palette, tabs…); each is copied verbatim
from the installed, pinned theme into a file under `assets/kb-theme/`, and its
template values travel in data attributes of the script element.
"""
from __future__ import annotations

import re
from pathlib import Path

POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",                   # files from the site only: no inline script, no handler, no eval
    "style-src 'self' 'unsafe-inline'",     # Material and Mermaid set style attributes
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
])
# generate(serving=True) only, for a preview whose reload script is inline (MkDocs' live reload). kb serve
# does not need it: its reload script is a same-origin file (preview.py), allowed by POLICY itself.
SERVE_POLICY = POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
SCRIPTS_DIR = "assets/kb-theme"
PARTIALS = "partials/javascripts"
_INLINE = re.compile(r"<script>(.*?)</script>", re.S)
_VALUE = re.compile(r'"\{\{(.*?)\}\}"')



def main_template(policy: str) -> str:
    """main.html: the theme's page, with the policy right after the charset."""
    return ("{% extends \"base.html\" %}\n{% block site_meta %}\n  {{ super() }}\n  "
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n{{% endblock %}}\n')


class ThemeChanged(Exception):
    """The theme's inline scripts no longer look like what this module moves (after a theme upgrade)."""


def _externalise(name: str, template: str) -> dict[str, bytes]:
    """One partial with inline scripts → the partial loading files, and the files."""
    out: dict[str, bytes] = {}
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        code, values = match.group(1), []

        def value(found: re.Match[str]) -> str:
            values.append(found.group(1).strip())
            return f'document.currentScript.getAttribute("data-kb-{len(values) - 1}")'

        code = _VALUE.sub(value, code)
        if "{{" in code or "{%" in code:
            raise ThemeChanged(f"script en ligne de {name} non déplaçable : {code[:60]}")
        target = f"{SCRIPTS_DIR}/{Path(name).stem}-{count}.js"
        count += 1
        out[target] = code.encode("utf-8")
        data = "".join(f' data-kb-{i}="{{{{ {expr} }}}}"' for i, expr in enumerate(values))
        return f"<script src=\"{{{{ '{target}' | url }}}}\"{data}></script>"

    out[f"{PARTIALS}/{name}"] = _INLINE.sub(replace, template).encode("utf-8")
    return out


def overrides(templates: Path, serving: bool = False) -> dict[str, bytes]:
    """custom_dir-relative path → content: main.html with the policy, partials without inline scripts."""
    out = {"main.html": main_template(SERVE_POLICY if serving else POLICY).encode("utf-8")}
    for partial in sorted((templates / PARTIALS).glob("*.html")):
        out.update(_externalise(partial.name, partial.read_text(encoding="utf-8")))
    return out

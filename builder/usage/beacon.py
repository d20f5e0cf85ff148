"""What a built site needs to send usage events: the static file the beacons ask for.

The site generator calls `site_files`; with `usage: false` in kb.yaml the script
is replaced by an inert one (the pages keep loading it, it sends nothing) and no
`_kb/u.gif` is shipped.
"""
from __future__ import annotations

import base64

BEACON_PATH = "_kb/u.gif"
SCRIPT_PATH = "assets/kb/usage.js"
# the smallest transparent 1×1 GIF (43 bytes): what the beacon's image request receives
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
INERT_SCRIPT = b"/* Mesure d'utilisation d\xc3\xa9sactiv\xc3\xa9e (usage: false dans kb.yaml) : aucun signal n'est envoy\xc3\xa9. */\n"


def site_files(enabled: bool) -> dict[str, bytes]:
    """docs-relative path → content, to add to (or to replace in) the generated docs folder."""
    if enabled:
        return {BEACON_PATH: PIXEL}
    return {SCRIPT_PATH: INERT_SCRIPT}

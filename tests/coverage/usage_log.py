"""Access-log lines of the usage beacon, as tests/usage/test_usage_report.py writes them, on any day."""
from __future__ import annotations

from urllib.parse import urlencode


def beacon_line(day: str, second: int = 0, **values: object) -> str:
    """One Combined Log Format line requesting the beacon; `day` as the log writes it (« 02/Sep/2026 »)."""
    query = urlencode({"v": 1, **values})
    return (f'10.0.0.7 - - [{day}:09:00:{second:02d} +0200] "GET /kb/_kb/u.gif?{query} HTTP/1.1" '
            f'200 43 "https://kb/arbres/" "Mozilla/5.0"\n')


def walk_lines(walk: str, tree: str, start: str, day: str, site: str = "a", ended: str = "") -> list[str]:
    """A walk opened at the tree's start node, on the agents' site (« a ») or the portal (« p »),
    ended (« resolved », « escalated ») at that node when asked."""
    lines = [beacon_line(day, 0, e="open", w=walk, i=0, r=tree, n=start, s=site)]
    if ended:
        lines.append(beacon_line(day, 30, e="end", w=walk, i=1, r=tree, t=tree, n=start, o=ended, d=30, s=site))
    return lines

"""`kb serve`'s engine: watch the content, rebuild what changed, reload the browser.

Why not `mkdocs serve`: it builds the whole site before serving anything and
again on each change (about 100 s on 2,000 articles + 500 trees). Here the
folder `kb build` builds incrementally (.kb/site-build, of which it publishes
copies) is served at once (or built once), the
content folders are watched with watchfiles (events from the operating
system, no polling) and each change runs the incremental build, which renders
only the pages whose Markdown changed.

The browser learns about a new build by long polling a small status address
(`/__kb/etat`) from a script the server adds to every HTML page it sends (the
files on disk are those kb build publishes, untouched). The script is a file of
the same origin (`/__kb/apercu.js`), so the site's own Content-Security-Policy
(script-src 'self', connect-src 'self') lets it run: the preview shows the pages
under the policy they will be published with (csp.SERVE_POLICY is not needed). Content errors keep the
last good site on screen, are printed in the terminal and shown in a banner
on the page being previewed; the server keeps running.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from builder.content.snapshot import Snapshot
from builder.model import Base

PREFIX = "/__kb/"
SCRIPT = Path(__file__).parent / "preview.js"
TAG = f'<script src="{PREFIX}apercu.js"></script>'.encode()
LONG_POLL_SECONDS = 25.0


@dataclass
class Status:
    """What the open pages need to know: how many builds were served, the current errors."""
    builds: int = 0
    errors: list[str] = field(default_factory=list)
    version: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, built: bool, errors: list[str]) -> None:
        with self.changed:
            self.builds += built
            self.errors = errors
            self.version += 1
            self.changed.notify_all()

    def snapshot(self, after: int | None, timeout: float) -> dict[str, object]:
        """The status, once it differs from version `after` (or after `timeout` seconds)."""
        with self.changed:
            if after is not None:
                self.changed.wait_for(lambda: self.version != after, timeout)
            return {"version": self.version, "builds": self.builds, "errors": list(self.errors)}


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the site folder; adds the reload script to HTML pages; answers the status address."""

    status: Status

    def __init__(self, *args: object, status: Status, **kwargs: object) -> None:
        self.status = status
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: the terminal is for build news and content errors."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        if url.path == PREFIX + "apercu.js":
            self._send(SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        elif url.path == PREFIX + "etat":
            after = parse_qs(url.query).get("depuis", [""])[0]
            data = self.status.snapshot(int(after) if after.isdigit() else None, LONG_POLL_SECONDS)
            self._send(json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")
        else:
            path = Path(self.translate_path(url.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file() and url.path.endswith(("/", ".html")):
                page = path.read_bytes()
                at = page.rfind(b"</body>")
                self._send(page[:at] + TAG + page[at:] if at >= 0 else page + TAG, "text/html; charset=utf-8")
            else:
                super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def watch(paths: list[Path], stop: threading.Event, on_change: Callable[[set[str]], None]) -> None:
    """Call `on_change` with the changed paths after each burst of file events, until `stop`.

    The operating system's events start only once the watcher is set up: the first quiet
    timeout (an empty set) says it is, and a catch-up `on_change` then picks up any save
    made before (a no-op when nothing changed)."""
    from watchfiles import watch as watch_events

    existing = [str(p) for p in paths if p.exists()]
    ready = False
    for changes in watch_events(*existing, stop_event=stop, debounce=400, step=30, rust_timeout=500,
                                yield_on_timeout=True, raise_interrupt=False):
        if changes or not ready:
            ready = True
            on_change({path for _, path in changes})


def serve(previewer: Previewer, host: str, port: int, watched: list[Path], errors: list[str],
          report: Callable[[str], None]) -> None:
    """Serve the previewer's site folder until interrupted; each change rebuilds, then checks.

    `errors` are those of the first build, shown until fixed; `report` prints a line
    in the terminal."""
    status = Status(errors=list(errors))
    server = ThreadingHTTPServer((host, port), partial(PreviewHandler, directory=str(previewer.site_dir),
                                                       status=status))
    server.daemon_threads = True
    stop = threading.Event()

    lock = threading.Lock()  # one build at a time
    latest = [0]  # the number of the last burst of saves seen

    def changed(paths: set[str]) -> None:
        latest[0] += 1
        try:
            with lock:
                errors = previewer.rebuild(indexes=False)  # the edited page first
                rendered = previewer.rendered
            if not errors and not rendered:  # the same content as on screen
                if status.errors:
                    status.publish(False, previewer.check())
                return
            status.publish(not errors, errors)
            report("Site mis à jour." if not errors else "Site non mis à jour : corrigez ceci.")
            for line in errors:
                report(line)
            if not errors:  # the watcher goes back to watching: the next save need not wait for the check
                threading.Thread(target=follow_up, args=(latest[0],), name="kb-follow-up", daemon=True).start()
        except Exception as error:  # keep serving: the author fixes the file and saves again
            status.publish(False, [f"reconstruction impossible : {error}"])
            report(f"reconstruction impossible : {error}")

    def follow_up(burst: int) -> None:
        """Then the indexes (home, domains, tags, dashboard), then the whole check; skipped for a stale save."""
        try:
            with lock:
                if burst != latest[0]:
                    return
                errors = previewer.rebuild()
                if previewer.rendered:
                    status.publish(True, errors)
                shown = (previewer.snapshot, previewer.base)
            errors = errors or previewer.check(*shown)
            if burst == latest[0]:
                status.publish(False, errors)
                for line in errors:
                    report(line)
        except Exception as error:
            status.publish(False, [f"reconstruction impossible : {error}"])
            report(f"reconstruction impossible : {error}")

    threading.Thread(target=_quietly, args=(previewer.warm,), name="kb-warm", daemon=True).start()
    watcher = threading.Thread(target=watch, args=(watched, stop, changed), name="kb-watch", daemon=True)
    watcher.start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()


def _quietly(action: Callable[[], None]) -> None:
    try:
        action()
    except Exception:  # a file that cannot be read now is reported at the next save
        pass


class Previewer:
    """The build behind `kb serve`: kept in memory between saves, so that a save costs what it changed.

    Files are parsed again only when their bytes changed (the model of the others is
    kept); the pages are rendered and built by the same incremental steps as `kb build`,
    into the same folder, so that `kb build` and `kb serve` reuse each other's work.
    Content errors (those `kb check` refuses to publish) leave the last good site in
    place and are returned, to be shown in the terminal and on the page."""

    def __init__(self, root: Path, site_dir: Path,
                 lock: Callable[[], AbstractContextManager[object]] = nullcontext, audience: str = "agent") -> None:
        self.root = root
        self.audience = audience  # "user": the users' portal
        self.site_dir = site_dir
        self.lock = lock  # the base's .kb/ lock, held while files are written (kb build may run beside)
        self.parsed: dict[tuple[str, str], tuple[Any, list[Any]]] = {}
        self.last: str | None = None
        self.snapshot: Snapshot | None = None
        self.base: Base | None = None
        self.rendered = False  # whether the last rebuild changed the site
        self.indexes_done = True  # whether the indexes were brought up to date for `last`

    def load(self, snapshot: Snapshot) -> Base:
        """load_base, with each file parsed once per content."""
        from builder.site.parsed import load

        base, self.parsed = load(snapshot, self.parsed)
        return base

    def warm(self) -> None:
        """Parse every file once in advance, so that the first save is as quick as the next ones."""
        from builder.content.snapshot import read_snapshot

        self.load(read_snapshot(self.root))

    def rebuild(self, indexes: bool = True) -> list[str]:
        """Bring the site up to date; returns the errors that stop it (then the site is left as it was).

        Only what reading the files finds stops the preview here (a file that cannot be
        read cannot be shown); the whole check comes after, in `check`, so that the
        page is on screen first and the check's findings follow in the banner."""
        from builder.content.snapshot import read_snapshot
        from builder.site import incremental

        today = date.today()
        self.rendered = False
        snapshot = read_snapshot(self.root)
        self.snapshot, self.base = snapshot, None
        work = incremental.work_dir(snapshot.root, self.audience)
        source = incremental.source_key(snapshot, today, self.site_dir, False)
        if (source == self.last and (self.indexes_done or not indexes)) or \
                incremental.up_to_date(work, source, self.site_dir) is not None:
            self.last = source
            return []
        base = self.load(snapshot)
        errors = [f.text() for f in base.findings if f.severity.value == "error"]
        if errors:
            return errors
        self.base = base
        with self.lock():  # only to write: a serve left open never blocks kb build for long
            if incremental.up_to_date(work, source, self.site_dir) is not None:  # kb build did it meanwhile
                self.last, self.rendered = source, True
                return []
            incremental.forget_source(work)
            generated, _ = incremental.generate_changed(base, snapshot, today, work, indexes, audience=self.audience)
            built = incremental.build(generated.config_file, self.site_dir, work / incremental.SITE_STATE)
            if indexes and not built.warnings:  # the check is not part of this record: kb build still runs it
                incremental.remember_source(work, source)
        self.last, self.indexes_done, self.rendered = source, indexes, built.rebuilt > 0 or not indexes
        return []

    def check(self, snapshot: Snapshot | None = None, base: Base | None = None) -> list[str]:
        """The errors `kb check` finds in what was just shown (what `kb build` would refuse)."""
        from builder.check.pipeline import check as run_check

        snapshot, base = (snapshot, base) if snapshot is not None else (self.snapshot, self.base)
        if snapshot is None:
            return []
        report = run_check(snapshot.root, snapshot=snapshot, base=base)
        return [f.text() for f in report.findings if f.severity.value == "error"]

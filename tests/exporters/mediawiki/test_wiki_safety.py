"""The wiki client with a hostile or locked-down wiki: tiny HTTP servers on loopback, real sockets.

- a 307 redirect of the login to another host: the bot password never reaches it;
- a password inside --url: refused, never echoed;
- readapidenied: a French message carrying the wiki's code, no internal error;
- import: a page over the size limit is skipped; titles with NUL or new lines stay one clean line.
"""
from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from hypothesis import assume, given, strategies as st

from helpers import invoke

PASSWORD = "Mot2PasseDuRobot-7f3a"
Answer = Callable[[dict[str, str]], tuple[int, dict[str, str], bytes]]


class Server:
    """A loopback HTTP server that records every request and answers with `answer(params)`."""

    def __init__(self, answer: Answer) -> None:
        self.seen: list[tuple[str, str, str]] = []
        seen, handle = self.seen, answer

        class Handler(BaseHTTPRequestHandler):
            def _reply(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
                seen.append((method, self.path, body))
                params = {k: v[0] for k, v in parse_qs(body or urlsplit(self.path).query).items()}
                status, headers, payload = handle(params)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self) -> None:
                self._reply("POST")

            def do_GET(self) -> None:
                self._reply("GET")

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def api_json(data: dict[str, object]) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "application/json"}, json.dumps(data).encode()


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KB_MEDIAWIKI_USER", raising=False)
    monkeypatch.delenv("KB_MEDIAWIKI_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "pas-de-netrc"))


@pytest.fixture
def attacker() -> Iterator[Server]:
    with Server(lambda params: api_json({"query": {"tokens": {"logintoken": "x+\\"}}})) as server:
        yield server


def redirecting_wiki(attacker: Server, host: str = "localhost") -> Server:
    """Answers the token query, and redirects the login (which carries the password) elsewhere."""
    def answer(params: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if params.get("action") == "login":
            return 307, {"Location": f"http://{host}:{attacker.port}/api.php"}, b""
        return api_json({"query": {"tokens": {"logintoken": "abc+\\"}}})
    return Server(answer)


def test_login_redirected_to_another_host_never_sends_the_password(attacker: Server, copy_case,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_MEDIAWIKI_USER", "Robot@kb")
    monkeypatch.setenv("KB_MEDIAWIKI_PASSWORD", PASSWORD)
    root = copy_case("walk")
    with redirecting_wiki(attacker) as wiki:
        result = invoke("export", "mediawiki", "--url", f"http://127.0.0.1:{wiki.port}/api.php", "--root", str(root))
        assert any("lgpassword" in body for _, _, body in wiki.seen), "le test doit aller jusqu'à la connexion"
    assert result.exit_code == 1, result.output
    assert "redirige vers http://localhost" in result.stderr
    assert "redirection non suivie, les identifiants n'y sont pas envoyés" in result.stderr
    assert "Traceback" not in result.output and "inattendue" not in result.output
    assert attacker.seen == [], f"le serveur tiers a reçu : {attacker.seen}"


def test_a_redirect_to_another_port_is_refused_too(copy_case, no_credentials: None) -> None:
    """Another port is another origin (another server may listen there), even on the same host."""
    def answer(params: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        return api_json({"error": {"code": "readapidenied", "info": "You need read permission to use this module."}})

    with Server(answer) as final:
        def moved(params: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
            return 307, {"Location": f"http://127.0.0.1:{final.port}/api.php"}, b""
        with Server(moved) as first:
            result = invoke("import", "mediawiki", "--url", f"http://127.0.0.1:{first.port}/api.php", "--title", "Page",
                            "--domain", "impression", "--root", str(copy_case("walk")))
        assert result.exit_code == 1 and "redirige vers" in result.stderr
        assert final.seen == []


def test_https_to_http_on_the_same_host_is_not_followed() -> None:
    from exporters.mediawiki.client import UnsafeRedirect, Wiki, parse_url

    wiki = Wiki(parse_url("https://wiki.example/w/api.php"))
    response = requests.Response()
    response.status_code = 307
    response.url = "https://wiki.example/w/api.php"
    response.headers["Location"] = "http://wiki.example/w/api.php"
    with pytest.raises(UnsafeRedirect, match="redirige vers http://wiki.example"):
        wiki._refuse_unsafe_redirect(response)
    response.headers["Location"] = "/wiki/api.php"
    wiki._refuse_unsafe_redirect(response)  # same origin: followed


@pytest.mark.parametrize("url", ["https://Robot:Secret-Pass-42@wiki.example/w/api.php",
                                 "https://:Secret-Pass-42@wiki.example/w/api.php",
                                 "https://Robot:Secret-Pass-42@[wiki/w/api.php"])
def test_a_password_inside_the_url_is_refused_and_never_echoed(copy_case, url: str) -> None:
    root = copy_case("walk")
    for command in (["export", "mediawiki"], ["import", "mediawiki", "--title", "Page", "--domain", "impression"]):
        result = invoke(*command, "--url", url, "--root", str(root))
        assert result.exit_code == 2, result.output
        assert "Secret-Pass-42" not in result.output
        assert "Traceback" not in result.output


def test_readapidenied_becomes_a_french_message_with_the_code(copy_case, no_credentials: None) -> None:
    def answer(params: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        return api_json({"error": {"code": "readapidenied", "info": "You need read permission to use this module."}})

    with Server(answer) as wiki:
        result = invoke("import", "mediawiki", "--url", f"http://127.0.0.1:{wiki.port}/api.php", "--title", "Page",
                        "--domain", "impression", "--root", str(copy_case("walk")))
    assert result.exit_code == 1, result.output
    assert "le wiki n'autorise pas la lecture par l'API sans compte" in result.stderr
    assert "code du wiki : readapidenied" in result.stderr
    assert "inattendue" not in result.output


def page(title: str, text: str, revid: int = 7) -> dict[str, object]:
    return {"pageid": revid, "ns": 0, "title": title,
            "revisions": [{"revid": revid, "parentid": 0, "user": "Editeur", "timestamp": "2026-10-01T10:00:00Z",
                           "comment": "", "slots": {"main": {"content": text, "contentmodel": "wikitext"}}}]}


def test_import_skips_pages_over_the_limit_and_cleans_titles(copy_case, no_credentials: None) -> None:
    big = "Texte de procédure. " * 60_000  # 1.26 MB
    pages = [page("Énorme", big, 1), page("Ligne\nsuite\x00fin", "Redémarrer le poste.", 2)]

    def answer(params: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        return api_json({"batchcomplete": True, "query": {"pages": pages}})

    root = copy_case("walk")
    with Server(answer) as wiki:
        url = f"http://127.0.0.1:{wiki.port}/api.php"
        result = invoke("import", "mediawiki", "--url", url, "--category", "Procédures", "--domain", "impression",
                        "--root", str(root))
        assert result.exit_code == 0, result.output
        assert "Ignorée : Énorme — page trop grande (1,3 Mo, limite 1 Mo)" in result.stdout
        assert "← Ligne\\x0asuite\\x00fin" in result.stdout
        written = [p for p in (root / "kb" / "impression").glob("*.md") if p.name != "vider-file.md"]
        assert len(written) == 1
        text = written[0].read_text(encoding="utf-8")
        umask = os.umask(0o022)
        os.umask(umask)
        assert stat.S_IMODE(written[0].stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
        assert 'title: "Ligne suite fin"' in text and "\n# Ligne suite fin\n" in text and "\x00" not in text
        check = invoke("check", "--root", str(root), written[0].relative_to(root).as_posix())
        assert " YM0" not in check.stdout, check.stdout  # the front matter is valid YAML
        bigger = invoke("import", "mediawiki", "--url", url, "--category", "Procédures", "--domain", "impression",
                        "--max-size", "2", "--root", str(root))
    assert "Énorme" in bigger.stdout and "page trop grande" not in bigger.stdout


@given(user=st.text(alphabet=st.characters(blacklist_characters="@/?#[]", blacklist_categories=("Cs",)), max_size=12),
       password=st.text(alphabet=st.characters(blacklist_characters="@/?#[]", blacklist_categories=("Cs",)),
                        min_size=6, max_size=20),
       host=st.sampled_from(["wiki.example", "127.0.0.1:8080", "[::1]", "intranet"]))
def test_parse_url_never_repeats_a_password(user: str, password: str, host: str) -> None:
    from exporters.mediawiki.client import UsageProblem, parse_url

    with pytest.raises(UsageProblem) as fixed:
        parse_url(f"https://u:x@{host}/w/api.php")
    assume(password not in str(fixed.value))  # a « password » made of words of the message itself
    with pytest.raises(UsageProblem) as refused:
        parse_url(f"https://{user}:{password}@{host}/w/api.php")
    assert password not in str(refused.value)

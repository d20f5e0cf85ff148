"""A real, throw-away MediaWiki 1.39 for the tests, started by scripts/mediawiki-up.sh.

Debian's `mediawiki` package, SQLite, `php -S` on a free loopback port, a bot password
for the sync and a second, human account (« Editeur »). Outside CI the tests skip, loudly,
only when the packages cannot be installed; in CI (CI or KB_REQUIRE_WIKI set) they fail.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path
from typing import Any

import mwclient

PROJECT = Path(__file__).parents[2]
SCRIPT = PROJECT / "scripts" / "mediawiki-up.sh"


def required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("KB_REQUIRE_WIKI"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_packages() -> str:
    """"" when MediaWiki and PHP are installed (installing them as root if needed), else why not."""
    if subprocess.run([str(SCRIPT), "--installed"], capture_output=True).returncode == 0:
        return ""
    if os.geteuid() != 0:
        return ("MediaWiki et PHP ne sont pas installés et les tests ne tournent pas en root : lancez "
                "« sudo scripts/mediawiki-up.sh --install » (ou scripts/test.sh en root)")
    done = subprocess.run([str(SCRIPT), "--install"], capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        return f"installation de MediaWiki impossible : {(done.stderr or done.stdout)[-800:]}"
    return ""


class WikiServer:
    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.dir = directory
        self.port = port or free_port()
        self.config: dict[str, str] = {}

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}/api.php"

    @property
    def bot_env(self) -> dict[str, str]:
        return {"KB_MEDIAWIKI_USER": self.config["MW_BOT_USER"], "KB_MEDIAWIKI_PASSWORD": self.config["MW_BOT_PASS"]}

    def start(self) -> None:
        env = {**os.environ, "MW_EXTENSIONS": "ParserFunctions,Cite,SyntaxHighlight_GeSHi"}
        done = subprocess.run([str(SCRIPT), str(self.dir), str(self.port)], capture_output=True, text=True,
                              timeout=900, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"mediawiki-up.sh a échoué :\n{done.stdout}\n{done.stderr}")
        self.config = json.loads((self.dir / "mw.json").read_text(encoding="utf-8"))

    def stop(self) -> None:
        subprocess.run([str(SCRIPT), "--stop", str(self.dir)], capture_output=True, timeout=60)

    def maintenance(self, script: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(SCRIPT), "--maint", str(self.dir), script, *args], capture_output=True,
                              text=True, timeout=600)

    def site(self, human: bool = False) -> Any:
        """An mwclient session: the human account, or anonymous."""
        site = mwclient.Site(f"127.0.0.1:{self.port}", path="/", scheme="http", max_retries=2, retry_timeout=1,
                             clients_useragent="csu-kb-tests")
        if human:
            site.login(self.config["MW_USER2"], self.config["MW_USER2_PASS"])
        return site

"""The connection to the wiki: address checks, credentials, login, requests counted and retried.

mwclient carries the HTTP session and the retry policy (bounded retries with a growing
pause on network errors, 5xx answers and maxlag); this module turns its failures into
French messages and counts the requests (the benchmark prints them).
"""
from __future__ import annotations

import ipaddress
import netrc
import os
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import mwclient
import requests
from mwclient.errors import APIError, MaximumRetriesExceeded

from builder import __version__

USER_ENV = "KB_MEDIAWIKI_USER"
PASSWORD_ENV = "KB_MEDIAWIKI_PASSWORD"
MAXLAG = 5  # seconds of replication lag after which the wiki asks bots to wait
TIMEOUT = (10, 120)  # connect, read (seconds)


class WikiError(Exception):
    """Something about the wiki that stops the command; the message is French and says what to do."""


class UsageProblem(WikiError):
    """Wrong address or missing credentials: the user must change the command or its setup (exit 2)."""


class Unreachable(WikiError):
    """The wiki did not answer, even after the retries."""


class Refused(WikiError):
    """The wiki's API answered with an error; `code` is the wiki's own (e.g. readapidenied)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class UnsafeRedirect(WikiError):
    """The wiki redirected a request to another host or to http: not followed, credentials not re-sent."""


API_ERRORS = {
    "readapidenied": "le wiki n'autorise pas la lecture par l'API sans compte : définissez {user} et {password}",
    "permissiondenied": "le compte n'a pas le droit de faire cette opération sur le wiki",
    "badtoken": "le jeton de session du wiki n'est plus valide : relancez la commande",
    "ratelimited": "le wiki limite le nombre de requêtes : attendez un peu puis relancez la commande",
    "maxlag": "le wiki est surchargé (réplication en retard) : relancez la commande plus tard",
    "readonly": "le wiki est en lecture seule pour le moment : relancez la commande plus tard",
    "blocked": "le compte utilisé est bloqué sur le wiki",
    "mwoauth-invalid-authorization": "l'autorisation du compte est refusée par le wiki",
    "assertuserfailed": "la session n'est plus connectée au wiki : relancez la commande",
    "assertbotfailed": "le compte n'a pas le droit « bot » sur le wiki",
}


@dataclass(frozen=True)
class Endpoint:
    scheme: str
    host: str  # with the port, if any
    path: str  # where api.php and index.php are, with slashes around: "/w/"

    @property
    def hostname(self) -> str:
        return urlsplit(f"{self.scheme}://{self.host}").hostname or self.host

    @property
    def api_url(self) -> str:
        return f"{self.scheme}://{self.host}{self.path}api.php"


def is_loopback(hostname: str) -> bool:
    if hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def parse_url(url: str) -> Endpoint:
    """The wiki's address (its api.php, or the folder that holds it); https unless on this machine.

    An address holding a user or password is refused without being echoed: it would
    end up in shell history, process lists and logs.
    """
    try:
        parts = urlsplit(url.strip())
        has_credentials = bool(parts.username or parts.password) or "@" in parts.netloc
        hostname = parts.hostname
    except ValueError:
        raise UsageProblem("adresse du wiki invalide : attendu https://serveur/w/api.php") from None
    if has_credentials:
        raise UsageProblem("l'adresse du wiki contient un identifiant ou un mot de passe (avant « @ ») : "
                           "retirez-les de --url (l'adresse n'est pas réaffichée pour ne pas les divulguer) et "
                           f"passez-les par {USER_ENV} et {PASSWORD_ENV} ou par ~/.netrc")
    if parts.scheme not in ("http", "https") or not hostname:
        raise UsageProblem(f"adresse du wiki invalide « {url} » : attendu https://serveur/w/api.php")
    if parts.scheme != "https" and not is_loopback(parts.hostname):
        raise UsageProblem(f"« {url} » n'est pas en https : le mot de passe circulerait en clair ; "
                           "utilisez l'adresse https:// du wiki (http n'est accepté que sur cette machine)")
    path = parts.path or "/"
    if path.endswith((".php")):
        path = path[:path.rfind("/") + 1]
    if not path.endswith("/"):
        path += "/"
    return Endpoint(parts.scheme, parts.netloc, path)


def credentials(endpoint: Endpoint, environ: Mapping[str, str] | None = None,
                netrc_file: Path | None = None) -> tuple[str, str]:
    """The bot password: from KB_MEDIAWIKI_USER / KB_MEDIAWIKI_PASSWORD, else from ~/.netrc."""
    environ = os.environ if environ is None else environ
    user, password = environ.get(USER_ENV, ""), environ.get(PASSWORD_ENV, "")
    if user and password:
        return user, password
    path = netrc_file or Path(environ.get("NETRC", "") or Path.home() / ".netrc")
    try:
        entry = netrc.netrc(str(path)).authenticators(endpoint.hostname) if path.is_file() else None
    except (netrc.NetrcParseError, OSError) as error:
        raise UsageProblem(f"{path} illisible : {error}") from None
    if entry and entry[0] and entry[2]:
        return entry[0], entry[2]
    raise UsageProblem(f"identifiants du wiki introuvables : définissez {USER_ENV} et {PASSWORD_ENV} (un mot de "
                       f"passe de robot, « Spécial:BotPasswords »), ou une ligne « machine {endpoint.hostname} "
                       f"login … password … » dans ~/.netrc")


class Wiki:
    """A logged-in session on the wiki, that counts its requests by action."""

    def __init__(self, endpoint: Endpoint, max_retries: int = 3, retry_timeout: int = 2) -> None:
        self.endpoint = endpoint
        self.requests: Counter[str] = Counter()
        self.username = ""
        self.site = mwclient.Site(endpoint.host, path=endpoint.path, scheme=endpoint.scheme, do_init=False,
                                  max_retries=max_retries, retry_timeout=retry_timeout, connection_options={"timeout": TIMEOUT},
                                  clients_useragent=f"csu-kb/{__version__} (kb export mediawiki)")
        self.site.connection.hooks["response"].append(self._count)
        self.site.connection.hooks["response"].append(self._refuse_unsafe_redirect)
        self.server = f"{endpoint.scheme}://{endpoint.host}"
        self.script = f"{endpoint.path}index.php"

    def _count(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        raw = response.request.body
        body = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw if isinstance(raw, str) else ""
        query = parse_qs(body) if "=" in body else parse_qs(urlsplit(response.request.url or "").query)
        self.requests[query.get("action", ["?"])[0]] += 1

    def _refuse_unsafe_redirect(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        """Stop before requests follows a redirect off the wiki's host or down to http.

        requests re-posts the body (with the bot password at login) on 307/308 and keeps
        cookies for the same host: a redirect elsewhere must never be followed.
        """
        if not response.is_redirect:
            return
        target = urlsplit(urljoin(response.url, response.headers.get("location", "")))
        origin = urlsplit(response.url)
        downgrade = origin.scheme == "https" and target.scheme != "https"
        if target.netloc.lower() != origin.netloc.lower() or downgrade or target.scheme not in ("http", "https"):
            where = f"{target.scheme}://{target.hostname or '?'}"
            raise UnsafeRedirect(
                f"le wiki {self.endpoint.api_url} redirige vers {where} (réponse HTTP {response.status_code}) : "
                "redirection non suivie, les identifiants n'y sont pas envoyés ; utilisez directement l'adresse "
                "finale du wiki si elle est sûre")

    @property
    def request_count(self) -> int:
        return sum(self.requests.values())

    def call(self, action: str, **params: Any) -> dict[str, Any]:
        """One API call (POST), retried by mwclient.

        Errors of edits and moves stay APIError (the sync sorts conflicts from failures by
        their code); any other API error becomes Refused, in French, with the wiki's code.
        """
        try:
            result: dict[str, Any] = self.site.api(action, maxlag=MAXLAG, **params)
            return result
        except APIError as error:
            if action in ("edit", "move"):
                raise
            raise refused(error, self.endpoint) from None
        except (MaximumRetriesExceeded, requests.exceptions.ConnectionError, requests.exceptions.Timeout) as error:
            raise Unreachable(f"le wiki {self.endpoint.api_url} ne répond pas ({_short(error)}), même après "
                              "plusieurs tentatives : vérifiez l'adresse et le réseau, puis relancez la commande, "
                              "qui reprendra là où elle s'est arrêtée") from None
        except requests.exceptions.HTTPError as error:
            raise Unreachable(f"le wiki {self.endpoint.api_url} a répondu par une erreur HTTP ({_short(error)}) : "
                              "vérifiez l'adresse de api.php") from None
        except ValueError as error:  # not JSON: not a MediaWiki API
            raise Unreachable(f"{self.endpoint.api_url} ne répond pas comme l'API d'un MediaWiki ({_short(error)})") \
                from None

    def login(self, user: str, password: str) -> None:
        token = self.call("query", meta="tokens", type="login")["query"]["tokens"]["logintoken"]
        result = self.call("login", lgname=user, lgpassword=password, lgtoken=token)["login"]
        if result.get("result") != "Success":
            raise WikiError(f"connexion au wiki refusée pour « {user} » ({result.get('reason', result.get('result'))}) :"
                            " vérifiez le mot de passe de robot (Spécial:BotPasswords, identifiant de la forme "
                            "Compte@application)")
        self.username = result["lgusername"]

    def query(self, **params: Any) -> Iterator[dict[str, Any]]:
        """Every batch of a query, following the API's continuation."""
        params = dict(params)
        while True:
            result = self.call("query", **params)
            yield result
            if "continue" not in result:
                return
            params.update(result["continue"])

    def page_url(self, title: str, **params: str) -> str:
        return f"{self.server}{self.script}?{urlencode({'title': title, **params})}"

    def adopt_siteinfo(self, general: Mapping[str, Any]) -> None:
        """Use the wiki's own idea of its address for the links in the report."""
        server = str(general.get("server", ""))
        if server.startswith("//"):
            server = f"{self.endpoint.scheme}:{server}"
        if server:
            self.server = server
        if general.get("script"):
            self.script = str(general["script"])


def refused(error: APIError, endpoint: Endpoint) -> Refused:
    """The wiki's API error in French, keeping its code and its own explanation."""
    code = str(error.code or "inconnu")
    explained = API_ERRORS.get(code, "le wiki a refusé la requête").format(user=USER_ENV, password=PASSWORD_ENV)
    info = _short(ValueError(str(error.info))) if error.info else ""
    return Refused(f"{explained} (code du wiki : {code}{' — ' + info if info else ''} ; {endpoint.api_url})", code)


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) < 200 else text[:200] + "…"


__all__ = ["APIError", "Endpoint", "Refused", "Unreachable", "UnsafeRedirect", "UsageProblem", "Wiki", "WikiError", "credentials", "parse_url"]

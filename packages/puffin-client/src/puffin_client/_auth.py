"""Credentials: from index URLs and ``.netrc``, remembered per origin, never shown or stored."""

from __future__ import annotations

import os
from _thread import allocate_lock
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Final
from urllib.parse import unquote, urlsplit, urlunsplit

from puffin_normalize import Frozen, set_field

if TYPE_CHECKING:
    import netrc

__all__ = ["CredentialStore", "Credentials", "Origin", "redact_url", "split_credentials"]

_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
_MASK: Final = "****"


class Credentials(Frozen):
    """A user name and password for HTTP basic authentication.

    The password may be empty (a token passed as the user name).

    >>> Credentials("user", "pass").authorization
    'Basic dXNlcjpwYXNz'
    >>> Credentials("user", "pass")
    Credentials(username='user', password='****')
    """

    __match_args__ = ("username", "password")
    __slots__ = __match_args__

    username: str
    password: str

    def __init__(self, username: str, password: str = "") -> None:
        set_field(self, "username", username)
        set_field(self, "password", password)

    @property
    def authorization(self) -> str:
        """The value of the ``Authorization`` header."""
        import base64

        token = f"{self.username}:{self.password}".encode()
        return "Basic " + base64.b64encode(token).decode("ascii")

    def __repr__(self) -> str:
        # Reprs end up in logs and tracebacks: never show the secret.
        return f"Credentials(username={self.username!r}, password={_MASK!r})"


class Origin(Frozen):
    """Scheme, host and port of a URL: the unit credentials are remembered for.

    >>> Origin.of("HTTPS://user:pw@Example.com/simple/")
    Origin(scheme='https', host='example.com', port=443)
    """

    __match_args__ = ("scheme", "host", "port")
    __slots__ = __match_args__

    scheme: str
    host: str
    port: int | None

    def __init__(self, scheme: str, host: str, port: int | None) -> None:
        set_field(self, "scheme", scheme)
        set_field(self, "host", host)
        set_field(self, "port", port)

    @classmethod
    def of(cls, url: str) -> Origin:
        """The origin of *url*."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        try:
            port = parts.port
        except ValueError:
            port = None
        return cls(scheme, (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme))


def split_credentials(url: str) -> tuple[str, Credentials | None]:
    """*url* without its ``user:password@`` part, and those credentials (or None).

    >>> split_credentials("https://me:s%40cret@example.com/simple/")
    ('https://example.com/simple/', Credentials(username='me', password='****'))
    >>> split_credentials("https://example.com/simple/")
    ('https://example.com/simple/', None)
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, _, host = parts.netloc.rpartition("@")
    username, _, password = userinfo.partition(":")
    bare = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    if not username and not password:
        return bare, None
    return bare, Credentials(unquote(username), unquote(password))


def redact_url(url: str) -> str:
    """*url* with its password (or a lone user name, which is usually a token) masked.

    >>> redact_url("https://user:secret@example.com/simple")
    'https://user:****@example.com/simple'
    >>> redact_url("https://tok3n@example.com/simple")
    'https://****@example.com/simple'
    >>> redact_url("file:///srv/simple")
    'file:///srv/simple'
    """
    if "@" not in url:
        return url
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    username, colon, _ = userinfo.partition(":")
    shown = f"{username}:{_MASK}" if colon and username else _MASK
    return urlunsplit((parts.scheme, f"{shown}@{host}", parts.path, parts.query, parts.fragment))


class CredentialStore:
    """Credentials per origin: learnt from URLs that carry them, else read from ``.netrc``.

    Once a URL of an index carried ``user:password@``, follow-up requests to the same
    scheme, host and port (file downloads, redirects) send the same credentials. The
    ``.netrc`` file is ``$NETRC``, else ``~/.netrc``; it is read once, on first need.

    >>> store = CredentialStore(netrc_path=None)
    >>> url, creds = store.prepare("https://me:pw@example.com/simple/foo/")
    >>> url, creds
    ('https://example.com/simple/foo/', Credentials(username='me', password='****'))
    >>> store.prepare("https://example.com/files/foo-1.0.tar.gz")[1] == creds
    True
    >>> store.prepare("https://example.com:8443/files/foo-1.0.tar.gz")[1] is None
    True
    """

    def __init__(
        self,
        *,
        netrc_path: str | os.PathLike[str] | bool | None = True,
        env: Mapping[str, str] = os.environ,
    ) -> None:
        """*netrc_path*: a file, ``True`` for ``$NETRC`` or ``~/.netrc``, None/False for none."""
        self._by_origin: dict[Origin, Credentials] = {}
        self._lock = allocate_lock()
        self._netrc: netrc.netrc | None = None
        self._netrc_loaded = False
        if netrc_path is True:
            self._netrc_path: Path | None = Path(
                env.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
            )
        elif netrc_path is None or netrc_path is False:
            self._netrc_path = None
        else:
            self._netrc_path = Path(netrc_path)

    def remember(self, url: str, credentials: Credentials) -> None:
        """Use *credentials* for every later request to the origin of *url*."""
        with self._lock:
            self._by_origin[Origin.of(url)] = credentials

    def prepare(self, url: str) -> tuple[str, Credentials | None]:
        """*url* without credentials, and the credentials to send with it (or None).

        Credentials in *url* win and are remembered for its origin; then those already
        remembered for the origin; then the ``.netrc`` entry of the host (or its
        ``default`` entry).
        """
        bare, given = split_credentials(url)
        if given is not None:
            self.remember(bare, given)
            return bare, given
        if not bare.startswith(("http://", "https://")):
            return bare, None
        origin = Origin.of(bare)
        with self._lock:
            known = self._by_origin.get(origin)
        if known is not None:
            return bare, known
        found = self._from_netrc(origin.host)
        if found is not None:
            self.remember(bare, found)
        return bare, found

    def _from_netrc(self, host: str) -> Credentials | None:
        if self._netrc_path is None:
            return None
        with self._lock:
            if not self._netrc_loaded:
                self._netrc_loaded = True
                self._netrc = _load_netrc(self._netrc_path)
            parsed = self._netrc
        if parsed is None:
            return None
        entry = parsed.authenticators(host)
        if entry is None:
            return None
        login, _, password = entry
        if not login and not password:
            return None
        return Credentials(login or "", password or "")


def _load_netrc(path: Path) -> netrc.netrc | None:
    import netrc

    try:
        return netrc.netrc(os.fspath(path))
    except (OSError, netrc.NetrcParseError):
        # A missing or broken .netrc means "no credentials", as for curl and pip.
        return None

"""What both of `BaseClient`'s transports share: timeouts, TLS set-up, retry rules and
the wording of transport errors."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Final

from puffin_client.errors import FetchError, IndexConfigError

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_REDIRECTS",
    "REDIRECTS",
    "SAME_BODY",
    "TIMEOUT_ENV",
    "describe",
    "ssl_context",
    "timeout_from_env",
    "transient",
    "transport_error",
]

TIMEOUT_ENV: Final = "PUFFIN_HTTP_TIMEOUT"
"""Environment variable holding the HTTP timeout in seconds."""
DEFAULT_TIMEOUT: Final = 30.0
"""Seconds to wait for a connection or for the next bytes of a response."""
REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
"""Statuses of a redirect (with a ``Location``) that is followed."""
MAX_REDIRECTS: Final = 10
"""Redirects followed for one request, at most."""
SAME_BODY: Final = ("content-length", "etag", "last-modified")
"""Headers that must not change for a body sent again whole to continue the first one."""
# Checked in this order when no bundle is passed: OpenSSL's own variables first (what
# httpx reads too), then those of requests, curl and pip, so that a machine set up for
# pip trusts the same authorities under puffin.
_CA_BUNDLE_VARS: Final = (
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
    "PIP_CERT",
)


def timeout_from_env(env: Mapping[str, str]) -> float:
    """`DEFAULT_TIMEOUT`, or the seconds in ``PUFFIN_HTTP_TIMEOUT``.

    :raises IndexConfigError: the variable is not a positive number.
    """
    text = env.get(TIMEOUT_ENV, "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise IndexConfigError(TIMEOUT_ENV, f"expected a positive number of seconds, not {text!r}")
    return value


def ssl_context(env: Mapping[str, str], ca_bundle: str | os.PathLike[str] | None = None) -> Any:
    """The SSL context to verify servers with: *ca_bundle*, else the first CA file or
    directory named by ``SSL_CERT_FILE``, ``SSL_CERT_DIR``, ``REQUESTS_CA_BUNDLE``,
    ``CURL_CA_BUNDLE``, ``PIP_CERT``; else httpx's default (certifi).
    """
    import ssl

    candidates = [os.fspath(ca_bundle)] if ca_bundle is not None else []
    candidates += [env[name] for name in _CA_BUNDLE_VARS if env.get(name)]
    for candidate in candidates:
        if os.path.isdir(candidate):
            return ssl.create_default_context(capath=candidate)
        if os.path.isfile(candidate):
            return ssl.create_default_context(cafile=candidate)
    return True


def describe(exc: BaseException) -> str:
    """A short cause for a transport error: the OS error behind it when there is one."""
    import ssl

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLError):
            # Its errno is OpenSSL's, not the C library's: os.strerror would mislead.
            detail = (
                getattr(current, "verify_message", None)
                or getattr(current, "reason", None)
                or current
            )
            return f"TLS error: {detail}"
        if isinstance(current, OSError) and current.errno is not None:
            if current.errno > 0:
                return os.strerror(current.errno).lower()
            # getaddrinfo errors (negative errno): "Name or service not known", …
            return str(current.strerror or current).lower()
        current = current.__cause__ or current.__context__
    return str(exc) or type(exc).__name__


def transient(status: int) -> bool:
    """Whether an answer with *status* is worth asking again: a server error, or a
    server (or proxy) that asks to be asked later."""
    return status >= 500 or status in (408, 429)


def transport_error(url: str, reason: str, exc: BaseException) -> FetchError:
    """A `FetchError` for the transport failure *exc*, which *reason* describes.

    *exc* becomes the error's context, not its cause: a ``--verbose`` traceback still
    shows it, while the cause chain a user reads stays the one line *reason* already
    says (httpx errors often have no message, or a vaguer one such as "All connection
    attempts failed").
    """
    # Raised without ``from`` (hence the B904 waivers at the raise sites): the exception
    # being handled becomes the context by itself.
    error = FetchError(url, reason)
    error.__context__ = exc
    return error

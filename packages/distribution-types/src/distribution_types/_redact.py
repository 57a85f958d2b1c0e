"""Keep credentials in URLs out of messages and out of ``direct_url.json``."""

from __future__ import annotations

import re

__all__ = ["redact_url", "split_userinfo", "strip_credentials"]

# PEP 610 allows credentials written as environment variables: ${USER} or ${USER}:${PASSWORD}.
# A pattern, not a compiled one: `re.fullmatch` compiles it (once) on first use, and
# most URLs carry no credentials.
_ENV_VAR_USERINFO = r"\$\{[A-Za-z0-9_-]+\}(:\$\{[A-Za-z0-9_-]+\})?"


def split_userinfo(url: str) -> tuple[str, str, str]:
    """Split *url* into the text before its user info, the user info, and the rest.

    The user info is ``""`` when the URL has none (or *url* is not a URL at all).

    >>> split_userinfo("https://user:pw@example.com/simple/")
    ('https://', 'user:pw', 'example.com/simple/')
    >>> split_userinfo("./local/path")
    ('', '', './local/path')
    """
    scheme_end = url.find("://")
    if scheme_end <= 0:
        return "", "", url
    start = scheme_end + 3
    end = len(url)
    for delimiter in "/?#":
        found = url.find(delimiter, start)
        if found != -1:
            end = min(end, found)
    at = url.rfind("@", start, end)
    if at == -1:
        return "", "", url
    return url[:start], url[start:at], url[at + 1 :]


def _is_public(userinfo: str) -> bool:
    # "git@host" is a convention, not a secret; ${VAR}s are placeholders, not values.
    return userinfo == "git" or re.fullmatch(_ENV_VAR_USERINFO, userinfo) is not None


def redact_url(url: str) -> str:
    """*url* with its password (or a lone user name, often a token) replaced by ``****``.

    Text that is not a URL, or a URL without credentials, comes back unchanged.

    >>> redact_url("https://user:secret@example.com/simple/")
    'https://user:****@example.com/simple/'
    >>> redact_url("https://token@example.com/simple/")
    'https://****@example.com/simple/'
    >>> redact_url("git+ssh://git@example.com/repo.git")
    'git+ssh://git@example.com/repo.git'
    """
    head, userinfo, rest = split_userinfo(url)
    if not userinfo or _is_public(userinfo):
        return url
    user, colon, _ = userinfo.partition(":")
    redacted = f"{user}:****" if colon else "****"
    return f"{head}{redacted}@{rest}"


def strip_credentials(url: str) -> str:
    """*url* without user info, as PEP 610 requires of ``direct_url.json``.

    A ``git`` user and credentials written as ``${VARIABLES}`` are kept, as PEP 610 allows.

    >>> strip_credentials("https://user:secret@example.com/a.whl")
    'https://example.com/a.whl'
    >>> strip_credentials("https://${USER}:${TOKEN}@example.com/a.whl")
    'https://${USER}:${TOKEN}@example.com/a.whl'
    """
    head, userinfo, rest = split_userinfo(url)
    if not userinfo or _is_public(userinfo):
        return url
    return head + rest

"""HTTP caching semantics (RFC 9111) for a private cache: freshness, age, revalidation.

Only what a client cache of index pages needs: ``Cache-Control`` (``max-age``,
``no-cache``, ``no-store``, ``must-revalidate``), ``Pragma: no-cache``, ``Expires``,
``Date``, ``Age``, and the validators ``ETag`` and ``Last-Modified``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

from puffin_normalize import Frozen, set_field

__all__ = ["DEFAULT_HEURISTIC_LIFETIME", "CachePolicy", "parse_cache_control"]

DEFAULT_HEURISTIC_LIFETIME: Final = 600.0
"""Seconds a response without explicit freshness stays fresh (see `CachePolicy`)."""

_KEPT: Final = ("age", "cache-control", "date", "etag", "expires", "last-modified", "pragma")
_FORMAT: Final = 1


def parse_cache_control(value: str) -> dict[str, str | None]:
    """The directives of a ``Cache-Control`` value, names lowercased.

    >>> parse_cache_control('max-age=60, No-Cache, private="x, y"')
    {'max-age': '60', 'no-cache': None, 'private': 'x, y'}
    """
    directives: dict[str, str | None] = {}
    position = 0
    length = len(value)
    while position < length:
        end = position
        while end < length and value[end] not in ",=":
            end += 1
        name = value[position:end].strip().lower()
        argument: str | None = None
        position = end
        if position < length and value[position] == "=":
            position += 1
            if position < length and value[position] == '"':
                close = value.find('"', position + 1)
                close = length if close == -1 else close
                argument = value[position + 1 : close]
                position = close + 1
                while position < length and value[position] != ",":
                    position += 1
            else:
                end = value.find(",", position)
                end = length if end == -1 else end
                argument = value[position:end].strip()
                position = end
        position += 1
        if name and name not in directives:
            directives[name] = argument
    return directives


def _http_date(value: str | None) -> float | None:
    if not value:
        return None
    import email.utils

    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        return None
    return parsed.timestamp()


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(int(value.strip()))
    except ValueError:
        return None


class CachePolicy(Frozen):
    """How long a stored response may be used without asking the server, and how to ask.

    ``fresh_until`` is a POSIX time (None: forever, for immutable data). Freshness
    comes from ``max-age``, else ``Expires`` minus ``Date``, else a heuristic: a tenth
    of the time since ``Last-Modified``, capped at *heuristic* seconds, or *heuristic*
    seconds when the server sent nothing at all (see the package README for why).
    ``no-cache`` and ``Pragma: no-cache`` make a response stale at once; ``no-store``
    keeps it out of the cache (`from_response` gives None). The age of the response
    (``Age``, ``Date``, the round trip) is taken off its lifetime.

    >>> policy = CachePolicy.from_response(
    ...     {"cache-control": "max-age=600", "etag": '"v1"'}, request_time=0, response_time=1)
    >>> policy.fresh_until, policy.is_fresh(300), policy.is_fresh(700)
    (600.0, True, False)
    >>> policy.conditional_headers()
    {'if-none-match': '"v1"'}
    """

    __match_args__ = ("stored", "fresh_until", "headers")
    __slots__ = __match_args__

    stored: float
    fresh_until: float | None
    headers: Mapping[str, str]

    def __init__(
        self, stored: float, fresh_until: float | None, headers: Mapping[str, str] | None = None
    ) -> None:
        set_field(self, "stored", stored)
        set_field(self, "fresh_until", fresh_until)
        set_field(self, "headers", {} if headers is None else headers)

    @classmethod
    def from_response(
        cls,
        headers: Mapping[str, str],
        *,
        request_time: float,
        response_time: float,
        heuristic: float = DEFAULT_HEURISTIC_LIFETIME,
    ) -> CachePolicy | None:
        """The policy of a response received at *response_time* for a request sent at
        *request_time* (POSIX times); None when it must not be stored (``no-store``)."""
        kept = {name: headers[name] for name in _KEPT if name in headers}
        directives = parse_cache_control(kept.get("cache-control", ""))
        if "no-store" in directives:
            return None
        return cls._compute(kept, directives, request_time, response_time, heuristic)

    @classmethod
    def immutable(cls, stored: float) -> CachePolicy:
        """A policy that never goes stale (only ``--refresh`` revalidates)."""
        return cls(stored, None)

    @classmethod
    def _compute(
        cls,
        kept: dict[str, str],
        directives: Mapping[str, str | None],
        request_time: float,
        response_time: float,
        heuristic: float,
    ) -> CachePolicy:
        date = _http_date(kept.get("date"))
        date_value = response_time if date is None else date
        if "no-cache" in directives or (
            "cache-control" not in kept and "no-cache" in kept.get("pragma", "").lower()
        ):
            lifetime = 0.0
        elif "max-age" in directives:
            # An unreadable max-age means stale (RFC 9111 section 4.2.1).
            lifetime = _seconds(directives["max-age"]) or 0.0
        elif "expires" in kept:
            expires = _http_date(kept["expires"])
            lifetime = 0.0 if expires is None else max(0.0, expires - date_value)
        elif "last-modified" in kept:
            modified = _http_date(kept["last-modified"])
            since = 0.0 if modified is None else max(0.0, date_value - modified)
            lifetime = min(since / 10, heuristic)
        else:
            lifetime = heuristic
        apparent_age = max(0.0, response_time - date_value)
        age_value = _seconds(kept.get("age")) or 0.0
        corrected_initial_age = max(apparent_age, age_value + (response_time - request_time))
        fresh_until = response_time + lifetime - corrected_initial_age
        return cls(response_time, fresh_until, kept)

    def revalidated(
        self,
        headers: Mapping[str, str],
        *,
        request_time: float,
        response_time: float,
        heuristic: float = DEFAULT_HEURISTIC_LIFETIME,
    ) -> CachePolicy | None:
        """The policy after a ``304 Not Modified`` with *headers*: the stored headers,
        updated with those of the 304 (RFC 9111 section 4.3.4), from *response_time*."""
        if self.fresh_until is None:
            return CachePolicy.immutable(response_time)
        kept = dict(self.headers)
        kept.update((name, headers[name]) for name in _KEPT if name in headers)
        if "age" not in headers:
            kept.pop("age", None)
        directives = parse_cache_control(kept.get("cache-control", ""))
        if "no-store" in directives:
            return None
        return self._compute(kept, directives, request_time, response_time, heuristic)

    def is_fresh(self, now: float) -> bool:
        """Whether the response may be used at *now* without revalidation."""
        return self.fresh_until is None or now < self.fresh_until

    @property
    def etag(self) -> str | None:
        """The ``ETag`` validator."""
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        """The ``Last-Modified`` validator."""
        return self.headers.get("last-modified")

    @property
    def must_revalidate(self) -> bool:
        """Whether the server forbids using the response once stale (``must-revalidate``).

        puffin never serves stale responses online anyway; offline mode serves them, as
        the user asked for exactly that.
        """
        directives = parse_cache_control(self.headers.get("cache-control", ""))
        return "must-revalidate" in directives or "no-cache" in directives

    def conditional_headers(self) -> dict[str, str]:
        """``If-None-Match`` / ``If-Modified-Since`` for revalidating the response."""
        conditional = {}
        if self.etag is not None:
            conditional["if-none-match"] = self.etag
        if self.last_modified is not None:
            conditional["if-modified-since"] = self.last_modified
        return conditional

    def to_dict(self) -> dict[str, Any]:
        """The policy as JSON-ready data (for `puffin_cache.CachedRecord`)."""
        return {
            "v": _FORMAT,
            "stored": self.stored,
            "fresh_until": self.fresh_until,
            "headers": dict(self.headers),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CachePolicy | None:
        """Read `to_dict` output; None when it is not a policy of this format."""
        if data.get("v") != _FORMAT:
            return None
        stored = data.get("stored")
        fresh_until = data.get("fresh_until")
        headers = data.get("headers")
        if not isinstance(stored, int | float) or not isinstance(headers, dict):
            return None
        if fresh_until is not None and not isinstance(fresh_until, int | float):
            return None
        if isinstance(fresh_until, float) and math.isnan(fresh_until):
            return None
        return cls(float(stored), fresh_until, headers)

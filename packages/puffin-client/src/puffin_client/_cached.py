"""`CachedClient`: HTTP caching semantics over puffin-cache records."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from typing import Any, Final, Generic, Protocol, TypeVar

from puffin_cache import CachedRecord, CacheEntry, Refresh, Timestamp
from puffin_client._base import BaseClient
from puffin_client._policy import DEFAULT_HEURISTIC_LIFETIME, CachePolicy
from puffin_client._response import Response
from puffin_client.errors import FetchError, OfflineError
from puffin_normalize import PackageName

__all__ = ["CachedClient", "Converter", "Serde"]

T = TypeVar("T")

# Statuses RFC 9110 calls heuristically cacheable that a client of indexes meets:
# a "not found" is stored too, so that a warm run with several indexes asks none of them.
_STORABLE: Final = frozenset({200, 203, 404, 410})
_PASSED_ON: Final = frozenset({404, 410})


class Serde(Protocol, Generic[T]):
    """How one kind of response becomes the value callers use, and how that value is
    stored in a record (as plain data: see `puffin_cache.encode_payload`)."""

    def from_response(self, response: Response) -> T:
        """The value of a 2xx, 404 or 410 *response* (raise to refuse it)."""
        ...

    def to_data(self, value: T) -> Any:
        """*value* as plain data."""
        ...

    def from_data(self, data: Any) -> T:
        """The value back from `to_data` output (raise ``ValueError`` if unusable)."""
        ...


class Converter(Protocol):
    """Writes the record of a fetched response somewhere else (see `PageWorker`)."""

    def prepare(self) -> None:
        """A request is about to go out whose response may come to `__call__`."""
        ...

    async def __call__(self, response: Response, policy: CachePolicy, entry: CacheEntry) -> bool:
        """Write the record of *response* to *entry*: True when it did."""
        ...


class CachedClient:
    """GETs through a cache of transformed responses, following HTTP caching rules.

    For each URL and its cache *entry*:

    - a stored response that is still fresh is returned with no request at all;
    - a stale one (or one `Refresh` marks for revalidation) is revalidated with
      ``If-None-Match`` / ``If-Modified-Since``; a ``304`` refreshes its policy and
      keeps the stored value, anything else replaces it;
    - a missing one is fetched; ``no-store`` responses are not written;
    - offline (the `BaseClient` is), any stored response is used whatever its age,
      and a missing one raises `OfflineError` naming the package;
    - ``file://`` URLs are read from disk every time and never stored.

    The record holds the value as the `Serde` turned it into plain data, not the raw
    body, so a warm read decodes no JSON or HTML.
    """

    def __init__(
        self,
        client: BaseClient,
        *,
        refresh: Refresh | None = None,
        heuristic: float = DEFAULT_HEURISTIC_LIFETIME,
    ) -> None:
        self.client = client
        self.refresh = refresh if refresh is not None else Refresh.none()
        self.heuristic = heuristic
        # Records `get_cached` read and found stale, kept for the `get` that follows it
        # (which revalidates them), so that one entry is not decoded twice.
        self._stale: dict[str, tuple[CachePolicy, Any]] = {}

    async def get(
        self,
        url: str,
        entry: CacheEntry,
        serde: Serde[T],
        *,
        package: PackageName | None = None,
        headers: Mapping[str, str] | None = None,
        convert: Converter | None = None,
    ) -> T:
        """The value of *url*, from *entry* when the cache allows, else from the server.

        A *convert* given may write the record of a fetched response to *entry* in the
        caller's stead (see `PageWorker`); when it does not (it returns False), the
        response is read here.

        :raises FetchError: the request failed, or the server answered an error status
            other than 404/410 (those go to *serde*).
        :raises OfflineError: offline and *entry* holds nothing.
        """
        if url.startswith("file:"):
            response = await self.client.get(url, headers=headers)
            return serde.from_response(_checked(response))
        stored: tuple[CachePolicy, T] | None = self._stale.pop(str(entry.path), None)
        if stored is None:
            stored = self._read(entry, serde)
        if stored is not None:
            policy, value = stored
            if self.client.offline:
                return value
            refresh = self.refresh.is_stale(Timestamp(int(policy.stored * 1e9)), package)
            if not refresh and policy.is_fresh(time.time()):
                return value
        elif self.client.offline:
            raise OfflineError(url, package=package)
        request_headers = dict(headers or {})
        if stored is not None:
            request_headers.update(stored[0].conditional_headers())
        if convert is not None:
            convert.prepare()
        request_time = time.time()
        response = await self.client.get(url, headers=request_headers)
        response_time = time.time()
        if response.status == 304 and stored is not None:
            policy, value = stored
            renewed = policy.revalidated(
                response.headers,
                request_time=request_time,
                response_time=response_time,
                heuristic=self.heuristic,
            )
            self._write(entry, renewed, serde.to_data(value))
            return value
        checked = _checked(response)
        policy_or_none = None
        if response.status in _STORABLE:
            policy_or_none = CachePolicy.from_response(
                response.headers,
                request_time=request_time,
                response_time=response_time,
                heuristic=self.heuristic,
            )
        # Read and stored elsewhere, the record is read back as a warm run would.
        stored_elsewhere = (
            convert is not None
            and policy_or_none is not None
            and response.ok
            and await convert(checked, policy_or_none, entry)
        )
        if stored_elsewhere:
            converted = self._read(entry, serde)
            if converted is not None:
                return converted[1]
        value = serde.from_response(checked)
        self._write(entry, policy_or_none, serde.to_data(value))
        return value

    def get_cached(
        self, url: str, entry: CacheEntry, serde: Serde[T], *, package: PackageName | None = None
    ) -> tuple[bool, T | None]:
        """``(True, value)`` when `get` would answer from *entry* without a request (a
        fresh record, or any record offline); ``(False, None)`` when it would not."""
        if url.startswith("file:"):
            return False, None
        stored = self._read(entry, serde)
        if stored is None:
            return False, None
        policy, value = stored
        if self.client.offline:
            return True, value
        refresh = self.refresh.is_stale(Timestamp(int(policy.stored * 1e9)), package)
        if not refresh and policy.is_fresh(time.time()):
            return True, value
        self._stale[str(entry.path)] = stored
        return False, None

    @staticmethod
    def _read(entry: CacheEntry, serde: Serde[T]) -> tuple[CachePolicy, T] | None:
        record = CachedRecord.read(entry.path)
        if record is None:
            return None
        policy = CachePolicy.from_dict(record.policy)
        if policy is None:
            return None
        try:
            return policy, serde.from_data(record.data)
        except (ValueError, TypeError, KeyError, IndexError):
            # Written by an older layout or damaged: a miss, fetched again.
            return None

    @staticmethod
    def _write(entry: CacheEntry, policy: CachePolicy | None, data: Any) -> None:
        if policy is None:
            with contextlib.suppress(OSError):
                entry.path.unlink()
            return
        CachedRecord(policy.to_dict(), data).write(entry.path)


def _checked(response: Response) -> Response:
    if response.ok or response.status in _PASSED_ON:
        return response
    raise FetchError(response.url, f"HTTP {response.status}", status=response.status)

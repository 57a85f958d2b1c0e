"""The body of a streamed httpx GET, resumed where it broke off."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Final

from puffin_client._response import Response, StreamResponse
from puffin_client._transport import SAME_BODY, describe, transport_error
from puffin_client.errors import FetchError

if TYPE_CHECKING:
    import httpx

    from puffin_client._base import BaseClient

__all__ = ["ResumableBody", "headers_of"]

_CHUNK: Final = 256 * 1024


def headers_of(raw: Any) -> dict[str, str]:
    """httpx's headers as a dict of lower-case names."""
    # httpx joins repeated fields with ", ", as RFC 9110 allows for list-valued ones.
    return {key.lower(): value for key, value in raw.items()}


class ResumableBody:
    """The body of one streamed GET, resumed where it broke off when the connection is
    lost mid-way (at most ``retries`` tries in all).

    A resumed request asks for ``Range: bytes=<received>-`` (with ``If-Range`` when the
    first answer had a strong validator); a ``206`` from that offset continues the body,
    and a ``200`` with the first answer's length and validators is read from that offset
    on. Anything else ends the body with the error that broke it. Requests that asked
    for a range themselves, and compressed bodies, are not resumed.
    """

    def __init__(
        self,
        client: BaseClient,
        url: str,
        headers: dict[str, str],
        response: httpx.Response,
        *,
        bulk: bool,
    ) -> None:
        self.client = client
        self.url = url
        self.headers = headers
        self.response = response
        self.bulk = bulk
        self.first = headers_of(response.headers)
        # Ranges count the bytes as sent: a compressed body, decoded here, cannot be
        # resumed from the count of decoded bytes.
        self.resumable = (
            response.status_code == 200
            and "range" not in {name.lower() for name in headers}
            and self.first.get("content-encoding", "identity") in ("", "identity")
        )
        self._skip = 0  # bytes of a resent whole body that the caller has already

    async def aclose(self) -> None:
        await self.response.aclose()

    def stream_response(self) -> StreamResponse:
        async def read() -> bytes:
            return b"".join([chunk async for chunk in self.chunks()])

        final = str(self.response.request.url)
        return StreamResponse(final, self.response.status_code, self.first, self.chunks, read)

    async def chunks(self) -> AsyncIterator[bytes]:
        import httpx

        received = 0
        tries = 1
        while True:
            try:
                async for chunk in self.response.aiter_bytes(_CHUNK):
                    if self._skip:
                        dropped = min(self._skip, len(chunk))
                        self._skip -= dropped
                        chunk = chunk[dropped:]
                        if not chunk:
                            continue
                    received += len(chunk)
                    yield chunk
                return
            except httpx.TimeoutException as exc:
                reason = f"timed out after {self.client.timeout:g} s"
                raise transport_error(self.url, reason, exc)  # noqa: B904
            except httpx.TransportError as exc:
                error: httpx.TransportError = exc
            if not self.resumable or tries >= self.client.retries:
                times = "" if tries == 1 else f" (tried {tries} times)"
                raise transport_error(self.url, f"{describe(error)}{times}", error)
            await self.response.aclose()
            await self.client._sleep(tries)
            tries += 1
            if not await self._resume(received):
                raise transport_error(self.url, describe(error), error)

    async def _resume(self, offset: int) -> bool:
        """Ask for the body from *offset* on; False if the server cannot give it."""
        headers = dict(self.headers)
        headers["range"] = f"bytes={offset}-"
        validator = self.first.get("etag") or self.first.get("last-modified")
        if validator and not validator.startswith("W/"):
            headers["if-range"] = validator
        final = str(self.response.request.url)
        try:
            response = await self.client._follow(final, headers, stream=True, bulk=self.bulk)
        except FetchError:
            return False
        assert not isinstance(response, Response)
        self.response = response
        got = headers_of(response.headers)
        if response.status_code == 206:
            return got.get("content-range", "").startswith(f"bytes {offset}-")
        if response.status_code != 200 or "content-length" not in got:
            return False
        if any(got.get(name) != self.first.get(name) for name in SAME_BODY):
            return False
        self._skip = offset
        return True

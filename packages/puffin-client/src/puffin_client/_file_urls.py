"""``file://`` URLs: their paths, and reading them as if they were answers."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Final
from urllib.parse import unquote, urlsplit

from puffin_client._response import Response, StreamResponse
from puffin_client.errors import FetchError

__all__ = ["file_url_to_path", "read_file_url", "stream_file_url"]

_CHUNK: Final = 256 * 1024


def file_url_to_path(url: str) -> Path:
    """The local path of a ``file://`` URL.

    >>> file_url_to_path("file:///srv/simple/a%20b/").as_posix()
    '/srv/simple/a b'
    """
    parts = urlsplit(url)
    if os.name == "nt":  # drive letters and backslashes
        from urllib.request import url2pathname

        path = url2pathname(parts.path)
    else:
        # What url2pathname does on POSIX, without importing urllib.request (and with it
        # http.client and email), which costs start-up time.
        path = unquote(parts.path)
    if parts.netloc and parts.netloc != "localhost":
        # file://server/share: a UNC path on Windows; elsewhere the host is kept as a
        # leading directory so that the path never silently points somewhere local.
        path = f"//{parts.netloc}{path}"
    return Path(path)


def _file_target(url: str) -> Path | None:
    path = file_url_to_path(url)
    if path.is_dir():
        # A simple index laid out on disk: <project>/index.html (or index.json).
        for name in ("index.html", "index.json"):
            if (path / name).is_file():
                return path / name
        return None
    return path if path.is_file() else None


def _file_headers(path: Path) -> dict[str, str]:
    if path.suffix == ".json":
        kind = "application/vnd.pypi.simple.v1+json"
    elif path.suffix in {".html", ".htm"}:
        kind = "text/html"
    else:
        import mimetypes

        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return {"content-type": kind, "content-length": str(path.stat().st_size)}


def read_file_url(url: str) -> Response:
    target = _file_target(url)
    if target is None:
        return Response(url, 404, {}, b"")
    try:
        return Response(url, 200, _file_headers(target), target.read_bytes())
    except OSError as exc:
        raise FetchError(url, exc.strerror or str(exc)) from exc


def stream_file_url(url: str) -> StreamResponse:
    target = _file_target(url)

    async def chunks() -> AsyncIterator[bytes]:
        if target is None:
            return
        try:
            with open(target, "rb") as file:
                while chunk := file.read(_CHUNK):
                    yield chunk
        except OSError as exc:
            raise FetchError(url, exc.strerror or str(exc)) from exc

    async def read() -> bytes:
        return b"".join([chunk async for chunk in chunks()])

    if target is None:
        return StreamResponse(url, 404, {}, chunks, read)
    return StreamResponse(url, 200, _file_headers(target), chunks, read)

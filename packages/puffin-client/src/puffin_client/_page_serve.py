"""`serve_pages`: the loop of the page helper process (see `PageWorker`).

Kept apart from `puffin_client._page_worker` so that the helper imports the page
readers only, not asyncio, subprocess and the threads the parent uses to feed it.
"""

from __future__ import annotations

import json
import sys
from typing import Any, BinaryIO

__all__ = ["serve_pages"]


def _convert(head: dict[str, Any], body: bytes) -> None:
    """Read the page of *head* and *body*, write its cache record."""
    from puffin_cache import CachedRecord
    from puffin_client._response import Response
    from puffin_client._simple_data import SimpleSerde
    from puffin_normalize import PackageName

    serde = SimpleSerde(PackageName.parse(head["name"]))
    response = Response(head["url"], head["status"], head["headers"], body)
    CachedRecord(head["policy"], serde.to_data(serde.from_response(response))).write(head["record"])


def serve_pages(requests: BinaryIO | None = None, answers: BinaryIO | None = None) -> None:
    """The helper's loop: each request on *requests* (default: standard input) is a
    line of JSON, then the body's ``size`` bytes; each answer on *answers* (default:
    standard output) is a line of JSON, with ``error`` when the page was not written.
    Return at the end of *requests*.

    >>> import io
    >>> answers = io.BytesIO()
    >>> head = {"name": "foo", "url": "https://example.com/simple/foo/", "status": 200,
    ...         "headers": {"content-type": "application/vnd.pypi.simple.v1+json"},
    ...         "policy": {}, "record": "foo.pfcr", "size": 3}
    >>> serve_pages(io.BytesIO(json.dumps(head).encode() + b"\\n[1]"), answers)
    >>> json.loads(answers.getvalue())["error"]
    'FetchError: ...expected a JSON object at the top level'
    """
    if requests is None:
        # The helper process: what it makes (rows, records) holds no cycles and is
        # freed by reference counts; the collector's passes over it cost ~8% of a page.
        import gc

        gc.disable()
        requests = sys.stdin.buffer
    answers = sys.stdout.buffer if answers is None else answers
    while True:
        line = requests.readline()
        if not line:
            return
        if not line.strip():
            continue
        try:
            head = json.loads(line)
            body = requests.read(head["size"])
        except (ValueError, TypeError, KeyError):
            return  # not our parent talking: the stream cannot be followed any further
        if len(body) < head["size"]:
            return  # the parent went away mid-request
        answer: dict[str, Any] = {}
        try:
            _convert(head, body)
        except Exception as exc:  # the parent reads the page again and reports it
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        answers.write(json.dumps(answer).encode() + b"\n")
        answers.flush()

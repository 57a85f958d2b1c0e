"""`serve_unpack`: unpack wheels on request, in a process of its own.

An installer that downloads in one Python process and unpacks in the same one has
its event loop wait for the GIL behind thousands of file writes; a worker process
has a GIL of its own. The installer starts it as
``python -c "import install_wheel, sys; install_wheel.serve_unpack()"`` and talks to
it over its standard input and output, one JSON object per line:

- request: ``{"archive": "<wheel file>", "target": "<directory>"}``, with ``"name"``
  to name the wheel in errors when the file's own name is not the wheel's;
- answer: ``{"error": null}`` once `unpack_wheel` has renamed the target into place,
  else ``{"error": "<message>", "internal": <bool>}`` (``internal`` for an error that
  is not an `InstallWheelError`, that is a bug).

Paths travel as JSON strings; bytes that are not UTF-8 survive as lone surrogates.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from install_wheel._unpack import unpack_wheel
from install_wheel.errors import InstallWheelError

__all__ = ["serve_unpack"]


def _answer(request: object) -> dict[str, object]:
    try:
        if not isinstance(request, dict):
            raise TypeError(f"not a request: {request!r}")
        unpack_wheel(request["archive"], request["target"], name=request.get("name"))
    except InstallWheelError as exc:
        return {"error": str(exc), "internal": False}
    except Exception as exc:  # any failure goes back to the caller, which decides
        return {"error": f"{type(exc).__name__}: {exc}", "internal": True}
    return {"error": None}


def serve_unpack(requests: TextIO | None = None, answers: TextIO | None = None) -> None:
    """Unpack the wheels that *requests* (default: standard input) ask for, one at a
    time, answering each on *answers* (default: standard output); return at the end
    of *requests*.

    A parent that starts it in a session of its own keeps Ctrl-C away from it: the
    wheel at hand is then finished (renamed into place whole) after the parent
    stopped, and the worker ends when it reads the end of its requests.

    >>> import io
    >>> answers = io.StringIO()
    >>> serve_unpack(io.StringIO('{"archive": "/nonexistent.whl", "target": "/tmp/x"}\\n'), answers)
    >>> json.loads(answers.getvalue())["error"]
    'invalid wheel nonexistent.whl: cannot read it: No such file or directory'
    """
    requests = sys.stdin if requests is None else requests
    answers = sys.stdout if answers is None else answers
    for line in requests:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except ValueError as exc:
            answer: dict[str, object] = {"error": f"bad request: {exc}", "internal": True}
        else:
            answer = _answer(request)
        answers.write(json.dumps(answer) + "\n")
        answers.flush()

"""`PageWorker`: large project pages read into cache records by a helper process.

Reading a project page (JSON decoding, a row per file, grouping by version, packing
the cache record) is pure Python work that holds the GIL: for a cold run that fetches
a hundred pages of 13 MB in all, it is a third of a second during which the event
loop, which also starts the downloads, waits. A helper process does it on another
core: it gets the body over a pipe, writes the cache record, and the client reads
that record as a warm run would (a fraction of a millisecond).

The helper starts when the run has asked for a few pages (`START_AFTER`); pages that
arrive before it is started, and those that arrive while it is busy, are read in
this process: a run never waits for the helper to start, and a run that reads a
handful of pages starts none. Whatever goes wrong in the helper (it
cannot start, it dies, a page does not parse) only sends the page back to be read
here, where its errors are reported as usual.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import queue
import subprocess
import threading
from collections import deque
from typing import TYPE_CHECKING, Any, Final

from puffin_client._helper import start_helper

if TYPE_CHECKING:
    from pathlib import Path

    from puffin_client._response import Response
    from puffin_normalize import PackageName

__all__ = ["LARGE_PAGE", "START_AFTER", "PageWorker"]

LARGE_PAGE: Final = 64 * 1024
"""Bodies from this size on are worth sending to the helper (smaller ones parse in
less time than the round trip takes)."""

START_AFTER: Final = 8
"""Requests for pages before the helper starts: a run that reads fewer pages than this
starts no process."""

_BACKLOG: Final = 4 * 1024 * 1024
"""Bytes of pages the helper may have queued; a page beyond that is read here."""

# The helper imports the light `_page_serve` only: not asyncio, subprocess or threads.
_STATEMENT: Final = "from puffin_client._page_serve import serve_pages; serve_pages()"


class PageWorker:
    """One helper process that turns project pages into cache records (see module).

    The process is started with `subprocess.Popen` and fed and read by two threads of
    its own, not through the event loop: the loop may be busy reading a page when the
    helper starts, or when a page should go to it, and neither has to wait for that.
    """

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._jobs: queue.SimpleQueue[tuple[bytes, bytes] | None] = queue.SimpleQueue()
        # Answers come in the order the requests went out: (future, loop, body size).
        self._pending: deque[tuple[asyncio.Future[bool], asyncio.AbstractEventLoop, int]] = deque()
        self._queued = 0
        self._broken = False
        self._threads: list[threading.Thread] = []
        self._requests = 0
        self.converted = 0
        """Pages the helper read (and wrote the records of)."""

    def start(self) -> None:
        """A page is about to be fetched: start the helper if this is the `START_AFTER`th."""
        self._requests += 1
        if self._process is not None or self._broken or self._requests < START_AFTER:
            return
        process = start_helper(_STATEMENT)
        if process is None:
            self._broken = True
            return
        self._process = process
        for target in (self._write_requests, self._read_answers):
            thread = threading.Thread(target=target, args=(process,), daemon=True)
            thread.start()
            self._threads.append(thread)

    async def convert(
        self,
        name: PackageName,
        response: Response,
        policy: dict[str, Any],
        record: Path,
    ) -> bool:
        """Have the helper write the cache record of *name*'s page *response* (with
        the caching *policy*) to *record*; False when the caller must read the page
        itself: the page is small, the helper is not started, busy or gone, or it
        could not read the page.
        """
        body = response.content
        if len(body) < LARGE_PAGE:
            return False
        head = {
            "name": str(name),
            "url": response.url,
            "status": response.status,
            "headers": dict(response.headers),
            "policy": policy,
            "record": os.fspath(record),
            "size": len(body),
        }
        loop = asyncio.get_running_loop()
        done: asyncio.Future[bool] = loop.create_future()
        with self._lock:
            if self._broken or self._process is None or self._queued + len(body) > _BACKLOG:
                return False
            self._pending.append((done, loop, len(body)))
            self._queued += len(body)
            self._jobs.put((json.dumps(head).encode() + b"\n", body))
        return await done

    def _write_requests(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdin is not None
        try:
            while (job := self._jobs.get()) is not None:
                process.stdin.write(job[0])
                process.stdin.write(job[1])
                process.stdin.flush()
        except (OSError, ValueError):
            self._fail()
        finally:
            with contextlib.suppress(OSError):
                process.stdin.close()

    def _read_answers(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        while True:
            try:
                line = process.stdout.readline()
                answer = json.loads(line) if line else None
            except (OSError, ValueError):
                answer = None
            with self._lock:
                if not isinstance(answer, dict) or not self._pending:
                    break  # the helper is gone (or not our helper talking)
                done, loop, size = self._pending.popleft()
                self._queued -= size
            converted = answer.get("error") is None
            self.converted += converted
            loop.call_soon_threadsafe(_settle, done, converted)
        self._fail()

    def _fail(self) -> None:
        """The helper is gone: every page it holds is read by the caller."""
        with self._lock:
            self._broken = True
            pending = list(self._pending)
            self._pending.clear()
            self._queued = 0
        for done, loop, _ in pending:
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
                loop.call_soon_threadsafe(_settle, done, False)

    async def aclose(self) -> None:
        """End the helper (after the page at hand) and wait for it; one with nothing to
        do (still importing, say) is stopped rather than waited for."""
        process = self._process
        if process is None:
            return
        with self._lock:
            idle = not self._pending
        self._jobs.put(None)  # the writer closes the helper's input, which ends it
        if idle and process.poll() is None:
            with contextlib.suppress(OSError):
                process.kill()
        await asyncio.get_running_loop().run_in_executor(None, self._join, process)
        self._process = None

    def _join(self, process: subprocess.Popen[bytes]) -> None:
        process.wait()
        for thread in self._threads:
            thread.join()
        if process.stdout is not None:
            process.stdout.close()


def _settle(done: asyncio.Future[bool], value: bool) -> None:
    if not done.done():
        done.set_result(value)

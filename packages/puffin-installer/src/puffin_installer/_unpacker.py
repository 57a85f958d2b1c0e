"""`Unpacker`: unpack downloaded wheels into the cache, in worker processes or threads."""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from puffin_installer.errors import DownloadError

__all__ = ["Unpacker", "default_processes"]

# Run by each worker process (`puffin_client.start_helper` gives it this import path).
_WORKER_STATEMENT = "import install_wheel; install_wheel.serve_unpack()"


def _cost(archive: Path) -> int:
    """The work of unpacking *archive*, in files: its members (from the end of central
    directory record), plus one per 128 KiB of it (a file costs about as much to create
    as 400 KiB to write, and a wheel inflates to about three times its size)."""
    try:
        with open(archive, "rb") as file:
            size = file.seek(0, os.SEEK_END)
            file.seek(max(0, size - 22))
            end = file.read(22)
    except OSError:
        return 0
    members = 0
    if len(end) == 22 and end[:4] == b"PK\x05\x06":  # no archive comment, not zip64
        members = int.from_bytes(end[10:12], "little")
    return members + size // (128 * 1024)


def default_processes() -> int:
    """Worker processes for a machine: one per core, at most four (more only wait on
    the file system).

    Not one core fewer for the downloads, which run in this process: they finish
    while the last and largest wheels are still unpacking, and a single worker then
    unpacks them one after the other (on two cores, a cold sync of ~100 wheels spent
    its last ~0.8 s so, which a second worker halves).

    >>> 1 <= default_processes() <= 4
    True
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on macOS and Windows
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


class _WorkerGone(Exception):
    """The worker process ended (or never started) before it answered."""


class _Worker:
    """One ``serve_unpack`` process; it unpacks one wheel at a time.

    It is started with `subprocess.Popen` and talked to by blocking reads and writes
    in a thread (see `Unpacker`), not through the event loop, which may be busy
    reading index pages when a wheel is ready to unpack.
    """

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.proven = False  # answered once: its failures are not start-up failures

    def run(self, archive: Path, target: Path, name: str | None) -> dict[str, Any]:
        """Unpack *archive* into *target*: the worker's answer (blocks until then)."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        request = {"archive": os.fspath(archive), "target": os.fspath(target)}
        if name is not None:
            request["name"] = name
        try:
            stdin.write(json.dumps(request).encode() + b"\n")
            stdin.flush()
            line = stdout.readline()
        except (OSError, ValueError) as exc:
            raise _WorkerGone(str(exc)) from exc
        if not line:
            raise _WorkerGone(f"exit status {self.process.wait()}")
        try:
            answer = json.loads(line)
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            # Not our worker talking (an interpreter that is not Python, a frozen app).
            raise _WorkerGone(f"unexpected output {line[:100]!r}")
        self.proven = True
        return answer

    def close(self) -> None:
        """End the worker (it stops at the end of its requests) and reap it."""
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self.process.wait()


class Unpacker:
    """Unpacks wheels with `install_wheel.unpack_wheel`, in *processes* worker processes
    (each with a GIL of its own, so that the event loop of the downloads never waits
    behind file writes), or in the *threads* pool when *processes* is 0 or the workers
    cannot start. A worker that comes free takes the waiting wheel with the most work
    (members and bytes, see `_cost`): the longest unpacks start first, and the run does
    not end with one worker unpacking a big wheel while the others idle. Use it as
    ``async with``: the workers end on exit, after the wheel
    each one is unpacking (a cancelled unpack still completes, so the cache never
    holds half an entry, only whole ones).
    """

    def __init__(self, threads: ThreadPoolExecutor, *, processes: int = 0) -> None:
        self.threads = threads
        self.processes = processes
        self._workers: list[_Worker] = []
        self._idle: list[_Worker] = []
        # Unpacks waiting for a worker, the most work first: (-cost, arrival, future).
        # A future's result is the worker handed over, or None once every worker died.
        self._waiting: list[tuple[int, int, asyncio.Future[_Worker | None]]] = []
        self._arrivals = 0
        self._alive = 0
        self._running: set[asyncio.Future[dict[str, Any]]] = set()

    async def __aenter__(self) -> Unpacker:
        if self.processes <= 0:
            return self
        from puffin_client import start_helper

        for _ in range(self.processes):
            process = start_helper(_WORKER_STATEMENT)
            if process is None:
                break  # no processes here: threads do the work
            worker = _Worker(process)
            self._workers.append(worker)
            self._idle.append(worker)
            self._alive += 1
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._running:
            await asyncio.wait(self._running)
        if self._workers:
            loop = asyncio.get_running_loop()
            await asyncio.gather(
                *(loop.run_in_executor(self.threads, worker.close) for worker in self._workers)
            )

    async def unpack(
        self,
        label: str,
        archive: Path,
        target: Path,
        *,
        name: str | None = None,
        in_memory: bool = False,
    ) -> None:
        """Unpack the wheel file *archive* into *target* (see `install_wheel.unpack_wheel`);
        errors name the wheel *name* (default: the file's name).

        An *in_memory* archive (a ``/proc/<pid>/fd/<n>`` path of this process) that a
        worker fails on is unpacked again here, whose answer counts: a worker that may
        not open another process's descriptors fails every wheel so.

        :raises DownloadError: the wheel is refused or cannot be written (for *label*).
        """
        loop = asyncio.get_running_loop()
        cost = _cost(archive) if self._alive > 0 else 0
        while self._alive > 0:
            worker = await self._acquire(cost)
            if worker is None:
                continue  # every worker died: threads do the work
            job = loop.run_in_executor(self.threads, worker.run, archive, target, name)
            self._running.add(job)
            job.add_done_callback(partial(self._release, worker))
            try:
                answer = await asyncio.shield(job)
            except _WorkerGone as exc:
                if worker.proven:
                    raise DownloadError(label, f"the unpacking process stopped: {exc}") from exc
                continue  # it never worked: try another worker, or threads
            error = answer.get("error")
            if error is None:
                return
            if in_memory:
                break
            if answer.get("internal"):
                raise RuntimeError(f"unpacking {label} failed: {error}")
            raise DownloadError(label, str(error))
        await self._in_thread(label, archive, target, name)

    async def _acquire(self, cost: int) -> _Worker | None:
        """An idle worker; when none is, wait for one, behind the unpacks with more work
        (largest first: the big wheels, downloaded last, do not end the run alone)."""
        if self._idle and not self._waiting:
            return self._idle.pop()
        waiter: asyncio.Future[_Worker | None] = asyncio.get_running_loop().create_future()
        self._arrivals += 1
        heapq.heappush(self._waiting, (-cost, self._arrivals, waiter))
        self._hand_over()
        try:
            return await waiter
        except asyncio.CancelledError:
            handed = waiter.result() if waiter.done() and not waiter.cancelled() else None
            if handed is not None:  # handed over just as this unpack was cancelled
                self._idle.append(handed)
                self._hand_over()
            raise

    def _hand_over(self) -> None:
        """Give idle workers to the waiting unpacks with the most work."""
        while self._waiting and (self._idle or self._alive == 0):
            _, _, waiter = heapq.heappop(self._waiting)
            if waiter.done():
                continue  # cancelled while waiting
            waiter.set_result(self._idle.pop() if self._alive > 0 else None)

    def _release(self, worker: _Worker, job: asyncio.Future[dict[str, Any]]) -> None:
        self._running.discard(job)
        if not job.cancelled() and job.exception() is None:
            self._idle.append(worker)
        else:
            self._alive -= 1
        self._hand_over()

    async def _in_thread(self, label: str, archive: Path, target: Path, name: str | None) -> None:
        from install_wheel import InstallWheelError, unpack_wheel

        loop = asyncio.get_running_loop()
        unpack = partial(unpack_wheel, archive, target, name=name)
        try:
            await loop.run_in_executor(self.threads, unpack)
        except InstallWheelError as exc:
            raise DownloadError(label, str(exc)) from exc

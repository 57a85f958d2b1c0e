"""The spawner process: forks and measures each benchmarked command (run as a script).

Why a separate, small process: on Linux, a process's peak RSS survives
``exec``, and a child forked (or vforked) from the benchmark process would
start out with the benchmark's whole footprint as its peak. Forked from this
process instead (``python -S -I``, importing only built-in modules: not
``json`` nor ``typing``, which pull in ``re``, nor ``signal``, which pulls in
``enum``), a child starts at a few megabytes, below any tool measured.

Protocol, over binary stdin and stdout: each message is an 8-byte big-endian
length and a `marshal`-encoded dict. A request holds ``argv``, ``env``,
``cwd``, ``stdout``, ``stderr`` (files to write to) and ``timeout``; the
reply holds ``status`` (the raw wait status), ``maxrss`` (the child's
``ru_maxrss`` from ``os.wait4``), ``seconds`` and ``timed_out``. End of input
ends the process.
"""

from __future__ import annotations

import marshal
import os
import select
import sys
import time

# Not `from typing import TYPE_CHECKING`: importing typing would grow this process.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any

_SIGKILL = 9

__all__ = ["read_message", "serve", "write_message"]

_LENGTH = 8


def read_message(stream: IO[bytes]) -> Any:
    """One length-prefixed marshal message from *stream*; None at end of input."""
    header = stream.read(_LENGTH)
    if len(header) < _LENGTH:
        return None
    return marshal.loads(stream.read(int.from_bytes(header, "big")))


def write_message(stream: IO[bytes], message: Any) -> None:
    """Write *message* with its length prefix and flush."""
    data = marshal.dumps(message)
    stream.write(len(data).to_bytes(_LENGTH, "big") + data)
    stream.flush()


def _child(request: dict[str, Any]) -> None:
    """In the forked child: wire up the files and exec; never returns."""
    try:
        stdin = os.open(os.devnull, os.O_RDONLY)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        stdout = os.open(request["stdout"], flags, 0o644)
        stderr = os.open(request["stderr"], flags, 0o644)
        os.dup2(stdin, 0)
        os.dup2(stdout, 1)
        os.dup2(stderr, 2)
        if request["cwd"] is not None:
            os.chdir(request["cwd"])
        os.execvpe(request["argv"][0], request["argv"], request["env"])
    except BaseException as error:
        os.write(2, f"puffin-bench: cannot run {request['argv'][0]}: {error}\n".encode())
    finally:
        os._exit(127)


def _wait_or_kill(pid: int, timeout: float | None) -> bool:
    """Wait until the child exits or *timeout* passes; kill it then. True if it was killed."""
    if timeout is None or not hasattr(os, "pidfd_open"):
        return False
    pidfd = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([pidfd], [], [], timeout)
    finally:
        os.close(pidfd)
    if ready:
        return False
    os.kill(pid, _SIGKILL)
    return True


def _measure(request: dict[str, Any]) -> dict[str, Any]:
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        _child(request)
    timed_out = _wait_or_kill(pid, request["timeout"])
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    return {
        "status": status,
        "maxrss": usage.ru_maxrss,
        "seconds": seconds,
        "timed_out": timed_out,
    }


def serve(stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """Answer requests from *stdin* on *stdout* until the input ends."""
    while (request := read_message(stdin)) is not None:
        write_message(stdout, _measure(request))


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)

"""Entries damaged by other tools or by writers killed mid-way: a miss, then rewritten.

test_puffin_cache_record covers records with wrong bytes; these tests put odd things
at an entry's path (a named pipe, links that go nowhere or round in circles), and kill
writers at their worst moment. A SIGKILL cannot be caught, so the writers run in a
child process that ends itself with ``os._exit`` there; the parent then reads (a miss
or the old entry, never a partial one, never a hang) and writes again.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from puffin_cache import (
    TEMP_PREFIX,
    Cache,
    CacheBucket,
    CachedRecord,
    LockedFile,
    persist_dir,
    read_record,
    write_record,
)

POLICY = {"max-age": 600}


def _read_soon(path: Path) -> CachedRecord | None:
    """`CachedRecord.read` that fails the test instead of hanging on a blocking open."""
    result: list[CachedRecord | None] = []
    reader = threading.Thread(target=lambda: result.append(CachedRecord.read(path)), daemon=True)
    reader.start()
    reader.join(timeout=5)
    if reader.is_alive():
        # Unblock the reader (a writer opens the pipe) so the thread can end.
        with open(path, "wb"):
            pass
        pytest.fail(f"reading {path} hangs")
    return result[0]


class TestOddFilesAtAnEntry:
    @pytest.mark.parametrize("kind", ["fifo", "dangling-link", "link-loop", "socket", "dir"])
    def test_is_a_miss_and_never_hangs(self, tmp_path: Path, kind: str) -> None:
        path = tmp_path / "simple-v0" / "pypi" / "foo.pfcr"
        path.parent.mkdir(parents=True)
        server = None
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "dangling-link":
            path.symlink_to(tmp_path / "nowhere")
        elif kind == "link-loop":
            path.symlink_to(path)
        elif kind == "socket":
            server = socket.socket(socket.AF_UNIX)
            server.bind(str(path))
        else:
            path.mkdir()
        try:
            assert _read_soon(path) is None
            assert read_record(path) is None if kind != "fifo" else True
        finally:
            if server is not None:
                server.close()

    @pytest.mark.parametrize("kind", ["fifo", "dangling-link", "link-loop"])
    def test_is_rewritten(self, tmp_path: Path, kind: str) -> None:
        path = tmp_path / "foo.pfcr"
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "dangling-link":
            path.symlink_to(tmp_path / "nowhere")
        else:
            path.symlink_to(path)
        CachedRecord(POLICY, ["files"]).write(path)
        assert not path.is_symlink() and path.is_file()
        assert CachedRecord.read(path) == CachedRecord(POLICY, ["files"])
        assert not (tmp_path / "nowhere").exists()


# Child processes that end themselves (no cleanup, as under SIGKILL) at one moment.
_KILLED_WRITER = textwrap.dedent("""\
    import os, sys
    from pathlib import Path
    import puffin_cache._atomic as atomic
    from puffin_cache import CachedRecord, LockedFile, persist_dir
    moment, path = sys.argv[1], Path(sys.argv[2])

    if moment == "mid-record":
        real_open = open
        class Half:
            def __init__(self, file): self.file = file
            def __enter__(self): return self
            def __exit__(self, *exc): self.file.close()
            def write(self, data):
                self.file.write(data[: len(data) // 2]); self.file.flush(); os._exit(137)
        atomic.open = lambda fd, mode: Half(real_open(fd, mode))
        CachedRecord({"max-age": 1}, ["new"] * 1000).write(path)
    elif moment == "before-rename":
        atomic.os.replace = lambda source, target: os._exit(137)
        CachedRecord({"max-age": 1}, ["new"]).write(path)
    elif moment == "mid-directory":
        temp = path.parent / ".tmp-0123456789ab-dir"
        temp.mkdir()
        (temp / "a.py").write_text("a = 1\\n")
        (temp / "b.py").write_bytes(b"b = ")
        os._exit(137)
    elif moment == "holding-lock":
        LockedFile(path, timeout=5).acquire()
        print("locked", flush=True)
        os._exit(137)
""")


def _killed(moment: str, path: Path) -> str:
    completed = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITER, moment, str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert completed.returncode == 137, completed.stderr
    return completed.stdout


def _temps(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(TEMP_PREFIX))


class TestKilledWriters:
    @pytest.mark.parametrize("moment", ["mid-record", "before-rename"])
    def test_old_record_or_none_then_rewritten(self, tmp_path: Path, moment: str) -> None:
        path = tmp_path / "foo.pfcr"
        CachedRecord(POLICY, ["old"]).write(path)
        _killed(moment, path)
        # The entry is still the old one; the dead writer's temporary file is all that
        # is left, under a name no reader looks at.
        assert CachedRecord.read(path) == CachedRecord(POLICY, ["old"])
        assert len(_temps(tmp_path)) == 1
        CachedRecord(POLICY, ["new"]).write(path)
        assert CachedRecord.read(path) == CachedRecord(POLICY, ["new"])

    def test_killed_first_writer_leaves_a_miss(self, tmp_path: Path) -> None:
        path = tmp_path / "foo.pfcr"
        _killed("mid-record", path)
        assert CachedRecord.read(path) is None and read_record(path) is None
        write_record(path, POLICY, b"payload")
        assert read_record(path) == (POLICY, b"payload")

    def test_half_built_directory_is_not_the_entry(self, tmp_path: Path) -> None:
        cache = Cache.from_path(tmp_path / "cache")
        bucket = cache.bucket(CacheBucket.WHEELS)
        target = bucket / "foo-1.0-py3-none-any"
        _killed("mid-directory", target)
        assert not target.exists()
        with cache.temp_dir(CacheBucket.WHEELS) as temp:
            (temp / "a.py").write_text("a = 1\n")
            (temp / "b.py").write_text("b = 2\n")
            assert persist_dir(temp, target) == target
        assert sorted(p.name for p in target.iterdir()) == ["a.py", "b.py"]
        assert (target / "b.py").read_text() == "b = 2\n"
        # The leftover stays out of the way, and `clean` removes it with the rest.
        assert _temps(bucket) == [".tmp-0123456789ab-dir"]
        cache.clean()
        assert not bucket.exists()

    def test_lock_of_a_killed_holder_is_free(self, tmp_path: Path) -> None:
        target = tmp_path / "wheels-v0" / "foo-1.0-py3-none-any"
        assert _killed("holding-lock", target) == "locked\n"
        started = time.monotonic()
        with LockedFile(target, timeout=5) as lock:
            assert lock.is_locked
        assert time.monotonic() - started < 1

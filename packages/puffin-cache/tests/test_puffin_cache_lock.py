"""Tests of the cache locks."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from puffin_cache import Cache, CacheBucket, LockedFile, LockTimeout, PuffinCacheError, lock_path


class TestLockedFile:
    def test_lock_lives_beside_the_target(self, tmp_path: Path) -> None:
        target = tmp_path / "wheels-v0" / "pypi" / "foo-1.0-py3-none-any"
        with LockedFile(target, timeout=5) as lock:
            assert lock.is_locked
            assert lock.path == lock_path(target) == target.parent / "foo-1.0-py3-none-any.lock"
            assert lock.path.exists()
        assert not lock.is_locked

    def test_timeout_names_the_path(self, tmp_path: Path) -> None:
        target = tmp_path / "entry"
        with LockedFile(target, timeout=5), pytest.raises(LockTimeout) as info:
            LockedFile(target, timeout=0.1).acquire()
        error = info.value
        assert isinstance(error, PuffinCacheError)
        assert isinstance(error, TimeoutError)
        assert error.path == tmp_path / "entry.lock"
        assert str(tmp_path / "entry.lock") in str(error)
        assert "0.1s" in str(error)

    def test_excludes_another_process(self, tmp_path: Path) -> None:
        target = tmp_path / "entry"
        code = (
            "import sys, time\n"
            "from puffin_cache import LockedFile\n"
            "with LockedFile(sys.argv[1], timeout=5):\n"
            "    print('locked', flush=True)\n"
            "    time.sleep(0.6)\n"
        )
        with subprocess.Popen(
            [sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE, text=True
        ) as child:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "locked"
            with pytest.raises(LockTimeout):
                LockedFile(target, timeout=0.1).acquire()
            start = time.monotonic()
            with LockedFile(target, timeout=10):
                waited = time.monotonic() - start
            child.wait(timeout=10)
        assert child.returncode == 0
        assert waited > 0.1

    def test_serializes_threads(self, tmp_path: Path) -> None:
        counter = tmp_path / "counter"
        counter.write_text("0")

        def bump() -> None:
            for _ in range(20):
                with LockedFile(counter, timeout=10):
                    value = int(counter.read_text())
                    counter.write_text(str(value + 1))

        threads = [threading.Thread(target=bump) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert counter.read_text() == "80"

    def test_not_reentrant_and_release_when_free_does_nothing(self, tmp_path: Path) -> None:
        lock = LockedFile(tmp_path / "entry", timeout=5)
        lock.release()
        assert not lock.is_locked
        with lock:
            if sys.platform != "win32":  # filelock counts nested acquires instead
                with pytest.raises(RuntimeError, match="not re-entrant"):
                    lock.acquire()
        assert not lock.is_locked
        assert LockedFile(tmp_path / "entry", timeout=5).try_acquire()

    @pytest.mark.skipif(sys.platform == "win32", reason="flock locks are POSIX")
    def test_a_lock_file_replaced_while_locking_is_opened_again(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # `puffin clean` (or a crash clean-up) may remove the file between our open and
        # our lock: a lock on the old file would exclude nobody who opens the new one.
        import fcntl

        target = tmp_path / "entry"
        real_flock = fcntl.flock
        calls = []

        def flock(fd: int, operation: int) -> None:
            calls.append(fd)
            if len(calls) == 1:
                lock_path(target).unlink()
                lock_path(target).write_text("")
            real_flock(fd, operation)

        monkeypatch.setattr(fcntl, "flock", flock)
        with LockedFile(target, timeout=5) as lock:
            assert len(calls) == 2
            monkeypatch.setattr(fcntl, "flock", real_flock)
            assert not LockedFile(target, timeout=5).try_acquire()
        assert not lock.is_locked

    def test_waits_with_a_free_lock_taken_at_once(self, tmp_path: Path) -> None:
        target = tmp_path / "deep" / "er" / "entry"
        holder = LockedFile(target, timeout=5)
        holder.acquire()
        released = threading.Timer(0.2, holder.release)
        released.start()
        start = time.monotonic()
        with LockedFile(target, timeout=5):
            assert time.monotonic() - start >= 0.15
        released.join()


class TestCacheLock:
    def test_locks_entries_shards_and_paths(self, tmp_path: Path) -> None:
        cache = Cache.from_path(tmp_path)
        entry = cache.entry(CacheBucket.BUILT_WHEELS, "pypi", "foo-1.0")
        with cache.lock(entry) as lock:
            assert lock.path == entry.lock_path
        shard = cache.shard(CacheBucket.GIT, "db", "abc")
        assert cache.lock(shard).path == tmp_path / "git-v0" / "db" / "abc.lock"
        assert cache.lock(tmp_path / "x", timeout=1).timeout == 1
        assert "locked=False" in repr(cache.lock(entry))


class TestAsyncLock:
    def test_async_with_waits_without_blocking_the_loop(self, tmp_path: Path) -> None:
        target = tmp_path / "entry"
        events: list[str] = []

        async def holder() -> None:
            async with LockedFile(target, timeout=5):
                events.append("held")
                await asyncio.sleep(0.2)
                events.append("released")

        async def waiter() -> None:
            await asyncio.sleep(0.05)
            async with LockedFile(target, timeout=5):
                events.append("acquired")

        async def ticker() -> None:
            for _ in range(3):
                await asyncio.sleep(0.03)
                events.append("tick")

        async def main() -> None:
            await asyncio.gather(holder(), waiter(), ticker())

        asyncio.run(main())
        assert events.index("acquired") > events.index("released")
        assert events.count("tick") == 3
        assert events.index("tick") < events.index("released")

    def test_cancelled_waiter_does_not_keep_the_lock(self, tmp_path: Path) -> None:
        target = tmp_path / "entry"

        async def main() -> None:
            with LockedFile(target, timeout=5):
                waiter = LockedFile(target, timeout=5)

                async def wait() -> None:
                    async with waiter:
                        pass

                task = asyncio.create_task(wait())
                await asyncio.sleep(0.05)
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
            # The thread gets the lock once it is free and gives it back immediately.
            for _ in range(100):
                await asyncio.sleep(0.01)
                if not waiter.is_locked:
                    break
            with LockedFile(target, timeout=2):
                pass

        asyncio.run(main())

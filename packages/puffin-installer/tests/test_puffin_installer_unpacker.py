"""`Unpacker`: wheels unpacked by worker processes, with threads as the fallback."""

from __future__ import annotations

import asyncio
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from zipfile import ZipFile

import pytest

from puffin_installer import DownloadError, _unpacker
from puffin_installer._unpacker import Unpacker, default_processes
from puffin_installer_support import build_wheel


def _unpack_all(
    jobs: list[tuple[Path, Path]], *, processes: int
) -> tuple[list[BaseException | None], int]:
    """Unpack every (archive, target) at once; each job's error, and the live workers."""

    async def run() -> tuple[list[BaseException | None], int]:
        with ThreadPoolExecutor(2) as threads:
            async with Unpacker(threads, processes=processes) as unpacker:
                results = await asyncio.gather(
                    *(unpacker.unpack(a.name, a, t) for a, t in jobs), return_exceptions=True
                )
                alive = unpacker._alive
        return [r if isinstance(r, BaseException) else None for r in results], alive

    return asyncio.run(run())


def _evil(directory: Path) -> Path:
    path = directory / "evil-1.0-py3-none-any.whl"
    with ZipFile(path, "w") as archive:
        archive.writestr("../escaped.py", "x = 1\n")
    return path


class TestUnpacker:
    @pytest.mark.parametrize("processes", [0, 2])
    def test_unpacks_every_wheel(self, tmp_path: Path, processes: int) -> None:
        wheels = [build_wheel(tmp_path / "d", f"p{i}", "1.0") for i in range(5)]
        jobs = [(w, tmp_path / "cache" / w.stem) for w in wheels]
        errors, alive = _unpack_all(jobs, processes=processes)
        assert errors == [None] * 5
        assert alive == processes
        for wheel, target in jobs:
            assert (target / wheel.name.split("-")[0] / "__init__.py").is_file()
        assert sorted(os.listdir(tmp_path / "cache")) == sorted(w.stem for w in wheels)

    @pytest.mark.parametrize("processes", [0, 1])
    def test_refused_archive_names_the_dist(self, tmp_path: Path, processes: int) -> None:
        evil = _evil(tmp_path)
        good = build_wheel(tmp_path / "d", "good", "1.0")
        jobs = [(evil, tmp_path / "cache" / "evil"), (good, tmp_path / "cache" / "good")]
        errors, _ = _unpack_all(jobs, processes=processes)
        assert isinstance(errors[0], DownloadError)
        assert str(errors[0]).startswith(f"failed to download {evil.name}: ")
        assert "'..' component" in str(errors[0])
        assert errors[1] is None
        assert not (tmp_path / "escaped.py").exists()
        assert os.listdir(tmp_path / "cache") == ["good"]

    def test_threads_when_no_process_starts(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        errors, alive = _unpack_all([(wheel, tmp_path / "out")], processes=2)
        assert errors == [None] and alive == 0
        assert (tmp_path / "out" / "foo" / "__init__.py").is_file()

    def test_threads_when_the_workers_die_at_once(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(_unpacker, "_WORKER_STATEMENT", "sys.exit(3)")
        wheels = [build_wheel(tmp_path / "d", f"p{i}", "1.0") for i in range(3)]
        errors, alive = _unpack_all([(w, tmp_path / w.stem) for w in wheels], processes=2)
        assert errors == [None] * 3 and alive == 0
        assert all((tmp_path / w.stem).is_dir() for w in wheels)

    def test_threads_when_the_workers_talk_nonsense(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        code = "sys.stdin.readline(); print('usage: app [options]')"
        monkeypatch.setattr(_unpacker, "_WORKER_STATEMENT", code)
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        errors, alive = _unpack_all([(wheel, tmp_path / "out")], processes=1)
        assert errors == [None] and alive == 0
        assert (tmp_path / "out" / "foo" / "__init__.py").is_file()

    def test_threads_in_a_frozen_application(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(sys, "frozen", True, raising=False)
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        errors, alive = _unpack_all([(wheel, tmp_path / "out")], processes=1)
        assert errors == [None] and alive == 0

    def test_a_cancelled_unpack_still_completes_whole(self, tmp_path: Path) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        target = tmp_path / "cache" / "foo"

        async def run() -> None:
            with ThreadPoolExecutor(1) as threads:
                async with Unpacker(threads, processes=1) as unpacker:
                    task = asyncio.ensure_future(unpacker.unpack("foo", wheel, target))
                    while not unpacker._running:  # the worker has the wheel
                        await asyncio.sleep(0.001)
                    task.cancel()
                    with pytest.raises(asyncio.CancelledError):
                        await task

        asyncio.run(run())
        assert (target / "foo" / "__init__.py").is_file()
        assert os.listdir(tmp_path / "cache") == ["foo"]

    def test_an_unpack_cancelled_before_a_worker_took_it_leaves_nothing(
        self, tmp_path: Path
    ) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        first, second = tmp_path / "cache" / "first", tmp_path / "cache" / "second"

        async def run() -> None:
            with ThreadPoolExecutor(2) as threads:
                async with Unpacker(threads, processes=1) as unpacker:
                    busy = asyncio.ensure_future(unpacker.unpack("foo", wheel, first))
                    await asyncio.sleep(0)  # the only worker has the first wheel
                    waiting = asyncio.ensure_future(unpacker.unpack("foo", wheel, second))
                    await asyncio.sleep(0)
                    waiting.cancel()
                    with pytest.raises(asyncio.CancelledError):
                        await waiting
                    await busy

        asyncio.run(run())
        assert (first / "foo" / "__init__.py").is_file()
        assert not second.exists()

    def test_waiting_unpacks_get_the_worker_largest_first(self, tmp_path: Path) -> None:
        def wheel(name: str, files: int) -> Path:
            modules = {f"{name}/m{i}.py": f"x = {i}\n" for i in range(files)}
            return build_wheel(tmp_path / "d", name, "1.0", files=modules)

        first, small, big, medium = (
            wheel("first", 1),
            wheel("small", 2),
            wheel("big", 300),
            wheel("medium", 40),
        )
        order: list[str] = []

        async def run() -> None:
            with ThreadPoolExecutor(1) as threads:
                async with Unpacker(threads, processes=1) as unpacker:

                    async def one(archive: Path) -> None:
                        await unpacker.unpack(
                            archive.name, archive, tmp_path / "out" / archive.stem
                        )
                        order.append(archive.name.split("-")[0])

                    # The first takes the one worker; the others wait for it.
                    await asyncio.gather(*(one(w) for w in (first, small, big, medium)))

        asyncio.run(run())
        assert order == ["first", "big", "medium", "small"]

    def test_an_unpack_cancelled_while_waiting_leaves_the_worker_to_others(
        self, tmp_path: Path
    ) -> None:
        wheels = [build_wheel(tmp_path / "d", f"w{i}", "1.0") for i in range(3)]

        async def run() -> list[str]:
            with ThreadPoolExecutor(1) as threads:
                async with Unpacker(threads, processes=1) as unpacker:
                    tasks = [
                        asyncio.ensure_future(unpacker.unpack(w.name, w, tmp_path / w.stem))
                        for w in wheels
                    ]
                    await asyncio.sleep(0)  # all three have asked for the worker
                    tasks[1].cancel()
                    await asyncio.gather(*tasks, return_exceptions=True)
                    assert unpacker._idle and not unpacker._waiting
            return sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("w"))

        assert asyncio.run(run()) == [wheels[0].stem, wheels[2].stem]

    def test_cost_counts_members_and_size(self, tmp_path: Path) -> None:
        files = {f"c/m{i}.py": f"x = {i}\n" for i in range(30)}
        wheel = build_wheel(tmp_path, "c", "1.0", files=files)
        members = len(ZipFile(wheel).infolist())
        assert _unpacker._cost(wheel) == members + wheel.stat().st_size // (128 * 1024)
        (tmp_path / "big.whl").write_bytes(b"not a zip" * 100_000)
        assert _unpacker._cost(tmp_path / "big.whl") == 900_000 // (128 * 1024)
        assert _unpacker._cost(tmp_path / "missing.whl") == 0

    def test_default_processes_one_per_core(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(2)), raising=False)
        assert default_processes() == 2
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
        assert default_processes() == 4
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
        assert default_processes() == 1

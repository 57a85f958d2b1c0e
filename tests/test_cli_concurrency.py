"""Several puffin processes over one cache, and puffin killed (SIGKILL) mid-way.

Two ``pip-sync`` runs started together into two environments over one empty cache
must both succeed with complete environments. A ``pip-sync`` killed at any moment
(while resolving, downloading from a slow index, unpacking, linking) must leave
nothing that a rerun trips over or serves: the rerun succeeds and every installed
file matches the hash its RECORD gives.
"""

from __future__ import annotations

import base64
import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from puffin_fault_index import Fault, FaultProxy
from puffin_index import PackageIndex, site_packages
from puffin_test_support import Context

SMALL = [f"pkg{number}" for number in range(9)]
BIG_FILES = 600
"""Modules in the one big wheel, so that unpacking and linking it take a while."""
PACKAGES = [*SMALL, "big"]
PINS = "".join(f"{name}==1.0\n" for name in PACKAGES)


@pytest.fixture
def index(package_index: PackageIndex) -> PackageIndex:
    """Nine small wheels and one of `BIG_FILES` modules, every one at 1.0."""
    for name in SMALL:
        package_index.add(name, "1.0")
    files = {f"big/m{number}.py": f"VALUE = {number}\n" * 20 for number in range(BIG_FILES)}
    files["big/__init__.py"] = "VERSION = '1.0'\n"
    package_index.add("big", "1.0", files=files)
    return package_index


@pytest.fixture
def slow_index(index: PackageIndex) -> Iterator[FaultProxy]:
    """The index behind a proxy that sends every wheel in 20 pieces, 30 ms apart."""
    with FaultProxy(index.url.rsplit("/", 1)[0]) as proxy:
        proxy.inject(r"/files/", Fault.THROTTLE, delay=0.03)
        yield proxy


def _venv(context: Context, name: str) -> Path:
    completed = context.process("venv", name, "--python", sys.executable)
    assert completed.returncode == 0, completed.stderr
    return context.temp_dir / name


def _sync(
    context: Context, venv: Path, index_url: str, cache: Path | None = None
) -> subprocess.Popen[str]:
    (context.temp_dir / "requirements.txt").write_text(PINS)
    env = dict(context.env)
    if cache is not None:
        env["PUFFIN_CACHE_DIR"] = str(cache)
    return subprocess.Popen(
        context.command(
            "pip-sync", "requirements.txt", "-i", index_url, "--python", venv / "bin" / "python"
        ),
        cwd=context.temp_dir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=120)
    return process.returncode, stderr


def _check_complete(venv: Path) -> None:
    """Every package is installed once, every file its RECORD lists is there with the
    recorded hash and size, and every package imports."""
    site = site_packages(venv)
    dist_infos = sorted(path.name for path in site.glob("*.dist-info"))
    assert dist_infos == sorted(f"{name}-1.0.dist-info" for name in PACKAGES)
    for name in PACKAGES:
        record = site / f"{name}-1.0.dist-info" / "RECORD"
        rows = [line.rsplit(",", 2) for line in record.read_text().splitlines()]
        assert len(rows) > (BIG_FILES if name == "big" else 3)
        for path, digest, size in rows:
            target = (site / path).resolve()
            assert target.is_file(), f"{name}: {path} is missing"
            if not digest:
                continue
            data = target.read_bytes()
            algorithm, _, expected = digest.partition("=")
            actual = base64.urlsafe_b64encode(hashlib.new(algorithm, data).digest())
            assert actual.rstrip(b"=").decode() == expected, f"{name}: {path} differs"
            assert len(data) == int(size), f"{name}: {path} has another size"
    last = f"big.m{BIG_FILES - 1}"
    code = f"import {', '.join(PACKAGES)}, {last}; print(big.VERSION, {last}.VALUE)"
    completed = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=False
    )
    assert completed.stdout == f"1.0 {BIG_FILES - 1}\n", completed.stderr


def _unpacked_wheels_complete(cache: Path, wheels: Path) -> None:
    """Every unpacked wheel in the cache (temporary directories aside) holds exactly the
    files of its wheel, with the same bytes."""
    import zipfile

    for directory in (cache / "wheels-v0").rglob("*-1.0-py3-none-any"):
        if directory.name.startswith(".") or not directory.is_dir():
            continue
        with zipfile.ZipFile(wheels / f"{directory.name}.whl") as archive:
            members = {info.filename: archive.read(info) for info in archive.infolist()}
        found = {
            path.relative_to(directory).as_posix(): path.read_bytes()
            for path in directory.rglob("*")
            if path.is_file()
        }
        assert found == members, f"{directory} is not the whole wheel"


class TestConcurrentRuns:
    def test_two_syncs_over_one_empty_cache(
        self, context: Context, index: PackageIndex, slow_index: FaultProxy
    ) -> None:
        first, second = _venv(context, "one"), _venv(context, "two")
        runs = [_sync(context, venv, slow_index.index_url) for venv in (first, second)]
        results = [_finish(run) for run in runs]
        assert [code for code, _ in results] == [0, 0], results
        _check_complete(first)
        _check_complete(second)
        _unpacked_wheels_complete(context.cache_dir, index.directory)

    def test_two_syncs_download_each_wheel_once(
        self, context: Context, index: PackageIndex, slow_index: FaultProxy
    ) -> None:
        first, second = _venv(context, "one"), _venv(context, "two")
        runs = [_sync(context, venv, slow_index.index_url) for venv in (first, second)]
        assert [_finish(run)[0] for run in runs] == [0, 0]
        for name in PACKAGES:
            assert slow_index.count(rf"/files/{name}-1\.0-") == 1, name

    def test_two_compiles_over_one_empty_cache(
        self, context: Context, index: PackageIndex, slow_index: FaultProxy
    ) -> None:
        (context.temp_dir / "requirements.in").write_text("".join(f"{n}\n" for n in PACKAGES))
        runs = [
            subprocess.Popen(
                context.command(
                    "pip-compile", "requirements.in", "-i", slow_index.index_url, "--no-header"
                ),
                cwd=context.temp_dir,
                env=context.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=120) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
        assert outputs[0][0] == outputs[1][0]
        assert "big==1.0" in outputs[0][0]


def _kill_when(run: subprocess.Popen[str], ready: Callable[[], bool], limit: float = 30) -> None:
    """SIGKILL *run* as soon as *ready* says so (polled every millisecond)."""
    started = time.monotonic()
    while run.poll() is None and not ready() and time.monotonic() - started < limit:
        time.sleep(0.001)
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=60)


def _downloading(proxy: FaultProxy) -> Callable[[], bool]:
    """Whether a download has started: a wheel asked of the index (which sends it slowly;
    it waits in memory, not in the cache, since the index lists its size)."""
    return lambda: proxy.count(r"\.whl$") > 0


def _installing(venv: Path) -> Callable[[], bool]:
    """Whether linking has started: a new entry in site-packages."""
    site = site_packages(venv)
    before = set(os.listdir(site))
    return lambda: set(os.listdir(site)) != before


class TestKilled:
    """``pip-sync`` killed while it starts up and resolves (0.2 s), while it downloads
    from the slow index (0.5 s, 1.0 s, and as the first download starts) and as it
    starts linking files into the environment; then run again."""

    def _rerun_completes(
        self, context: Context, venv: Path, proxy: FaultProxy, cache: Path, wheels: Path
    ) -> None:
        # Whatever the killed run left in the cache is whole, or out of the way.
        _unpacked_wheels_complete(cache, wheels)
        proxy.clear()
        code, stderr = _finish(_sync(context, venv, proxy.index_url, cache))
        assert code == 0, stderr
        _check_complete(venv)
        _unpacked_wheels_complete(cache, wheels)

    @pytest.mark.parametrize("after", [0.2, 0.5, 1.0, "downloading"])
    def test_cold_sync_killed(
        self,
        context: Context,
        index: PackageIndex,
        slow_index: FaultProxy,
        tmp_path: Path,
        after: float | str,
    ) -> None:
        venv = _venv(context, "venv")
        cache = tmp_path / "killed-cache"
        run = _sync(context, venv, slow_index.index_url, cache)
        if isinstance(after, float):
            time.sleep(after)
            _kill_when(run, lambda: True)
        else:
            _kill_when(run, _downloading(slow_index))
        self._rerun_completes(context, venv, slow_index, cache, index.directory)

    @pytest.mark.parametrize("link_mode", ["hardlink", "copy"])
    def test_killed_while_linking(
        self,
        context: Context,
        index: PackageIndex,
        slow_index: FaultProxy,
        link_mode: str,
    ) -> None:
        slow_index.clear()
        warm = _venv(context, "warm")
        assert _finish(_sync(context, warm, slow_index.index_url))[0] == 0
        venv = _venv(context, "venv")
        context.env["PUFFIN_LINK_MODE"] = link_mode
        run = _sync(context, venv, slow_index.index_url)
        _kill_when(run, _installing(venv))
        self._rerun_completes(context, venv, slow_index, context.cache_dir, index.directory)


class TestRepair:
    def test_uninstall_cut_short_is_repaired(self, context: Context, index: PackageIndex) -> None:
        # What a --reinstall killed while it uninstalled leaves: RECORD goes first, so
        # the .dist-info has none, and some of the files are gone.
        venv = _venv(context, "venv")
        assert _finish(_sync(context, venv, index.url))[0] == 0
        (dist_info,) = site_packages(venv).glob("big-*.dist-info")
        (dist_info / "RECORD").unlink()
        (site_packages(venv) / "big" / "m5.py").unlink()
        assert _finish(_sync(context, venv, index.url))[0] == 0
        _check_complete(venv)

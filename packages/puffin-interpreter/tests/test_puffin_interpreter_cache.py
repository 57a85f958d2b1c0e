"""Tests of query caching: entries, hits, invalidation by mtime and size, wrappers."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from puffin_cache import Cache, CacheBucket, PuffinCacheError, cache_digest
from puffin_interpreter import Interpreter, InterpreterInfo, _interpreter, find_interpreter
from puffin_interpreter._run import run_query

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fake trees are POSIX shells")

FakePython = Callable[..., Path]
FakeVenv = Callable[..., Path]


def _entry(cache: Cache, executable: Path) -> Path:
    return cache.bucket(CacheBucket.INTERPRETER) / f"{cache_digest(str(executable))}.json"


class _Counter:
    """Wraps `run_query` to count the subprocesses started."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self._real = run_query
        monkeypatch.setattr(_interpreter, "run_query", self)

    def __call__(self, executable: Path) -> InterpreterInfo:
        self.calls += 1
        return self._real(executable)


@pytest.fixture
def venv_python(tmp_path: Path, fake_venv: FakeVenv) -> Path:
    """The interpreter of a venv made with copies, so that tests may touch it."""
    return fake_venv(tmp_path / "venv", copy=True) / "bin" / "python"


class TestCache:
    def test_entry_layout(self, cache: Cache, venv_python: Path) -> None:
        interpreter = Interpreter.query(venv_python, cache)
        record = json.loads(_entry(cache, venv_python).read_text())
        stat = venv_python.stat()
        assert record["executable"] == str(venv_python)
        assert record["mtime_ns"] == stat.st_mtime_ns
        assert record["size"] == stat.st_size
        assert InterpreterInfo.from_dict(record["answer"]) == interpreter.info
        assert _entry(cache, venv_python).parent == cache.root / "interpreter-v0"

    def test_hit_runs_nothing(
        self, cache: Cache, venv_python: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        counter = _Counter(monkeypatch)
        first = Interpreter.query(venv_python, cache)
        second = Interpreter.query(venv_python, cache)
        assert counter.calls == 1
        assert first == second
        assert second.sys_prefix == venv_python.parent.parent

    def test_key_is_the_absolute_path(
        self, cache: Cache, venv_python: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        counter = _Counter(monkeypatch)
        monkeypatch.chdir(venv_python.parent)
        Interpreter.query("python", cache)
        assert _entry(cache, venv_python).is_file()
        Interpreter.query(venv_python, cache)
        assert counter.calls == 1

    def test_mtime_change_invalidates(
        self, cache: Cache, venv_python: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        counter = _Counter(monkeypatch)
        Interpreter.query(venv_python, cache)
        stat = venv_python.stat()
        os.utime(venv_python, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        Interpreter.query(venv_python, cache)
        assert counter.calls == 2
        record = json.loads(_entry(cache, venv_python).read_text())
        assert record["mtime_ns"] == venv_python.stat().st_mtime_ns
        Interpreter.query(venv_python, cache)
        assert counter.calls == 2

    def test_size_change_invalidates(
        self, cache: Cache, venv_python: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        counter = _Counter(monkeypatch)
        Interpreter.query(venv_python, cache)
        entry = _entry(cache, venv_python)
        record = json.loads(entry.read_text())
        entry.write_text(json.dumps(dict(record, size=record["size"] + 1)))
        Interpreter.query(venv_python, cache)
        assert counter.calls == 2

    @pytest.mark.parametrize(
        "content",
        [b"", b"not json", b"[]", b'{"executable": 1}', b"\xff\xfe"],
    )
    def test_corrupt_entry_is_a_miss(
        self, cache: Cache, venv_python: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
    ) -> None:
        counter = _Counter(monkeypatch)
        entry = _entry(cache, venv_python)
        entry.write_bytes(content)
        Interpreter.query(venv_python, cache)
        assert counter.calls == 1
        assert json.loads(entry.read_text())["executable"] == str(venv_python)

    def test_old_answer_format_is_a_miss(
        self, cache: Cache, venv_python: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        counter = _Counter(monkeypatch)
        Interpreter.query(venv_python, cache)
        entry = _entry(cache, venv_python)
        record = json.loads(entry.read_text())
        record["answer"]["format"] = 0
        entry.write_text(json.dumps(record))
        Interpreter.query(venv_python, cache)
        assert counter.calls == 2

    def test_other_executable_in_entry_is_a_miss(
        self, cache: Cache, venv_python: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        counter = _Counter(monkeypatch)
        Interpreter.query(venv_python, cache)
        entry = _entry(cache, venv_python)
        record = json.loads(entry.read_text())
        entry.write_text(json.dumps(dict(record, executable="/elsewhere/python")))
        Interpreter.query(venv_python, cache)
        assert counter.calls == 2

    def test_symlinked_venv_python_is_cached(
        self, cache: Cache, tmp_path: Path, fake_venv: FakeVenv
    ) -> None:
        python = fake_venv(tmp_path / "linked") / "bin" / "python"
        Interpreter.query(python, cache)
        assert _entry(cache, python).is_file()

    def test_wrapper_is_not_cached(
        self,
        cache: Cache,
        tmp_path: Path,
        fake_python: FakePython,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        # What a shim runs can change (pyenv local, PATH) while the shim stays the same.
        counter = _Counter(monkeypatch)
        shim = fake_python(tmp_path / "shims", "python3")
        Interpreter.query(shim, cache)
        Interpreter.query(shim, cache)
        assert counter.calls == 2
        assert not _entry(cache, shim).exists()

    def test_no_cache(self, venv_python: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        counter = _Counter(monkeypatch)
        Interpreter.query(venv_python, None)
        Interpreter.query(venv_python, None)
        assert counter.calls == 2

    def test_discovery_uses_the_cache(
        self,
        cache: Cache,
        tmp_path: Path,
        fake_venv: FakeVenv,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        counter = _Counter(monkeypatch)
        venv = fake_venv(tmp_path / ".venv")
        for _ in range(3):
            assert find_interpreter(cache=cache, env={}, cwd=tmp_path).sys_prefix == venv
        assert counter.calls == 1

    def test_unusable_cache_fails_on_write(
        self, tmp_path: Path, venv_python: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        counter = _Counter(monkeypatch)
        root = tmp_path / "not-a-directory"
        root.write_text("")
        with pytest.raises(PuffinCacheError):
            Interpreter.query(venv_python, Cache.from_path(root))
        assert counter.calls == 1  # the unreadable cache was a miss, not an error

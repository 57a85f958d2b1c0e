"""Timing and peak memory of one child process, through the spawner."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from puffin_bench import SetupError, Spawner, run_measured
from puffin_bench._zygote import read_message, write_message

PY = sys.executable
ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
MB = 1_000_000


@pytest.fixture(scope="module")
def spawner() -> Iterator[Spawner]:
    with Spawner() as running:
        yield running


class TestPeakMemory:
    def test_a_50_megabyte_child_shows_at_least_50_megabytes(self, spawner: Spawner) -> None:
        sample = spawner.run([PY, "-c", "x = bytearray(50_000_000)"], env=ENV)
        assert sample.ok
        assert sample.max_rss >= 50 * MB

    def test_figure_is_that_childs_not_a_running_maximum(self, spawner: Spawner) -> None:
        big = spawner.run([PY, "-c", "x = bytearray(80_000_000)"], env=ENV)
        small = spawner.run([PY, "-S", "-c", "pass"], env=ENV)
        assert big.max_rss >= 80 * MB
        assert small.max_rss < 40 * MB

    def test_small_child_is_not_charged_this_process_footprint(self, spawner: Spawner) -> None:
        # This test process holds far more than the spawner; a child forked from it would
        # start with that as its peak.
        ballast = bytearray(120_000_000)
        sample = spawner.run(["/bin/sh", "-c", "exit 0"], env=ENV)
        assert sample.max_rss < 40 * MB
        assert len(ballast) == 120_000_000

    def test_run_measured_starts_its_own_spawner(self) -> None:
        sample = run_measured([PY, "-c", "x = bytearray(50_000_000)"], env=ENV)
        assert sample.max_rss >= 50 * MB


class TestOutcome:
    def test_wall_time(self, spawner: Spawner) -> None:
        sample = spawner.run([PY, "-c", "import time; time.sleep(0.2)"], env=ENV)
        assert 0.2 <= sample.seconds < 5

    def test_exit_status_and_last_stderr_line(self, spawner: Spawner) -> None:
        script = (
            "import sys; sys.stderr.write('warning: x\\nerror: no such file\\n\\n'); sys.exit(3)"
        )
        sample = spawner.run([PY, "-c", script], env=ENV)
        assert not sample.ok
        assert sample.returncode == 3
        assert sample.stderr_tail == "error: no such file"

    def test_missing_program(self, spawner: Spawner, tmp_path: Path) -> None:
        sample = spawner.run([tmp_path / "nope"], env=ENV)
        assert sample.returncode == 127
        assert "cannot run" in sample.stderr_tail

    def test_environment_and_directory(self, spawner: Spawner, tmp_path: Path) -> None:
        script = (
            "import os, sys; "
            "sys.exit(os.environ.get('ONLY') != 'this' or os.getcwd() != sys.argv[1])"
        )
        env = {**ENV, "ONLY": "this"}
        sample = spawner.run([PY, "-c", script, str(tmp_path.resolve())], env=env, cwd=tmp_path)
        assert sample.ok

    def test_timeout_kills(self, spawner: Spawner) -> None:
        sample = spawner.run([PY, "-c", "import time; time.sleep(30)"], env=ENV, timeout=0.5)
        assert sample.returncode == -9
        assert sample.stderr_tail == "timed out after 0.5 s"
        assert sample.seconds < 10

    def test_stdout_does_not_block(self, spawner: Spawner) -> None:
        sample = spawner.run([PY, "-c", "print('x' * 1_000_000)"], env=ENV)
        assert sample.ok

    def test_not_started(self) -> None:
        with pytest.raises(SetupError, match="not running"):
            Spawner().run(["true"], env=ENV)


class TestProtocol:
    def test_round_trip(self) -> None:
        stream = io.BytesIO()
        write_message(stream, {"argv": ["a", "b"], "timeout": None, "n": 1.5})
        write_message(stream, {"x": 1})
        stream.seek(0)
        assert read_message(stream) == {"argv": ["a", "b"], "timeout": None, "n": 1.5}
        assert read_message(stream) == {"x": 1}
        assert read_message(stream) is None

"""`Spooler`: downloads wait in memory files within a budget, else in temporary files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from puffin_cache import TEMP_PREFIX
from puffin_installer._spool import Spooler, memory_files

needs_memory_files = pytest.mark.skipif(
    not memory_files(), reason="no memory files (memfd_create, /proc) here"
)


def _spooler(budget: int = 1000) -> Spooler:
    return Spooler(budget=budget)


@needs_memory_files
class TestMemory:
    def test_another_process_reads_the_bytes_by_path(self, tmp_path: Path) -> None:
        spool = _spooler().create("foo-1.0-py3-none-any.whl", 5, tmp_path)
        assert spool.in_memory
        with spool.writer() as file:
            file.write(b"hello")
        code = "import sys; print(open(sys.argv[1], 'rb').read())"
        read = subprocess.run(
            [sys.executable, "-c", code, str(spool.path)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert read.stdout.strip() == "b'hello'"
        spool.discard()
        spool.discard()
        assert not spool.path.exists()
        assert list(tmp_path.iterdir()) == []
        with pytest.raises(ValueError, match="discarded"):
            spool.writer()

    def test_the_budget_is_held_until_discarded(self, tmp_path: Path) -> None:
        spooler = _spooler(budget=1000)
        first = spooler.create("a-1.0-py3-none-any.whl", 250, tmp_path)
        second = spooler.create("b-1.0-py3-none-any.whl", 250, tmp_path)
        third = spooler.create("c-1.0-py3-none-any.whl", 250, tmp_path)
        fourth = spooler.create("d-1.0-py3-none-any.whl", 250, tmp_path)
        over = spooler.create("e-1.0-py3-none-any.whl", 250, tmp_path)
        assert [s.in_memory for s in (first, second, third, fourth, over)] == [
            True,
            True,
            True,
            True,
            False,
        ]
        assert over.path.parent == tmp_path
        assert over.path.name.startswith(TEMP_PREFIX)
        assert over.path.name.endswith("-e-1.0-py3-none-any.whl")
        first.discard()
        assert spooler.create("f-1.0-py3-none-any.whl", 250, tmp_path).in_memory


class TestDisk:
    def test_unknown_and_large_sizes_go_to_disk(self, tmp_path: Path) -> None:
        spooler = _spooler(budget=1000)
        for size in (None, 251, -1):
            spool = spooler.create("foo-1.0-py3-none-any.whl", size, tmp_path)
            assert not spool.in_memory
            with spool.writer() as file:
                file.write(b"x")
            assert spool.path.read_bytes() == b"x"
            spool.discard()
            assert not spool.path.exists()

    def test_no_budget_no_memory(self, tmp_path: Path) -> None:
        assert not _spooler(budget=0).create("foo-1.0-py3-none-any.whl", 0, tmp_path).in_memory

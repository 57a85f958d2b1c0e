"""Tests of the linker: hard links, clones and copies, and their fallbacks."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from install_wheel import LinkMode, Scheme, WriteError, install_wheel, unpack_wheel
from install_wheel._link import Linker, copy_file


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "source.py"
    path.write_bytes(b"print('hi')\n" * 1000)
    path.chmod(0o755)
    return path


class TestLinker:
    def test_too_many_links_copies_that_file_only(
        self, source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        real_link = os.link
        calls = []

        def link(src: str, dst: str) -> None:
            calls.append(dst)
            if len(calls) == 1:
                raise OSError(errno.EMLINK, "Too many links")
            real_link(src, dst)

        monkeypatch.setattr(os, "link", link)
        linker = Linker(LinkMode.HARDLINK)
        linker.place(str(source), str(tmp_path / "a"))
        linker.place(str(source), str(tmp_path / "b"))
        assert linker.fell_back
        assert linker.mode is LinkMode.HARDLINK
        assert not os.path.samefile(source, tmp_path / "a")
        assert os.path.samefile(source, tmp_path / "b")

    def test_other_link_errors_are_raised(
        self, source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def link(src: str, dst: str) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "link", link)
        with pytest.raises(OSError, match="No space"):
            Linker(LinkMode.HARDLINK).place(str(source), str(tmp_path / "a"))

    def test_existing_destination_is_never_replaced(self, source: Path, tmp_path: Path) -> None:
        (tmp_path / "a").write_text("mine")
        for mode in LinkMode:
            with pytest.raises(FileExistsError):
                Linker(mode).place(str(source), str(tmp_path / "a"))
        assert (tmp_path / "a").read_text() == "mine"

    def test_copy_keeps_mode_and_bytes(self, source: Path, tmp_path: Path) -> None:
        copy_file(str(source), str(tmp_path / "copy"))
        assert (tmp_path / "copy").read_bytes() == source.read_bytes()
        assert os.stat(tmp_path / "copy").st_mode & 0o111

    @pytest.mark.skipif(not hasattr(os, "copy_file_range"), reason="Linux only")
    def test_copy_without_copy_file_range(
        self, source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def refuse(*args: object) -> int:
            raise OSError(errno.EXDEV, "Invalid cross-device link")

        monkeypatch.setattr(os, "copy_file_range", refuse)
        copy_file(str(source), str(tmp_path / "copy"))
        assert (tmp_path / "copy").read_bytes() == source.read_bytes()


class TestWriteFailures:
    def test_disk_full_rolls_back(
        self,
        fancy_wheel: Path,
        scheme: Scheme,
        tmp_path: Path,
        tree: Callable[[Path], set[str]],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        unpacked = unpack_wheel(fancy_wheel, tmp_path / "cache" / "fancy")
        real_link = os.link
        calls = []

        def link(src: str, dst: str) -> None:
            calls.append(dst)
            if len(calls) == 4:
                raise OSError(errno.ENOSPC, "No space left on device", dst)
            real_link(src, dst)

        monkeypatch.setattr(os, "link", link)
        before = tree(scheme.data)
        with pytest.raises(WriteError, match="No space left on device") as info:
            install_wheel(unpacked, scheme, python_executable=Path(sys.executable))
        assert info.value.path == Path(calls[-1])
        assert " for fancy-1.0.0: " in str(info.value)
        assert tree(scheme.data) == before

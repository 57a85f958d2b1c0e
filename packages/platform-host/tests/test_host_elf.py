"""Tests of the ELF header reader the probe uses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from platform_host import read_elf_header


class TestReadElfHeader:
    def test_reads_64bit_little_endian(self, elf_file: Callable[..., Path]) -> None:
        header = read_elf_header(str(elf_file()))
        assert header is not None
        assert header.to_dict() == {
            "bits": 64,
            "little_endian": True,
            "machine": 62,
            "flags": 0,
            "interpreter": "/lib64/ld-linux-x86-64.so.2",
        }

    def test_reads_32bit_arm_flags(self, elf_file: Callable[..., Path]) -> None:
        path = elf_file(
            bits=32,
            machine=40,
            flags=0x05000400,
            interpreter="/lib/ld-linux-armhf.so.3",
        )
        header = read_elf_header(str(path))
        assert header is not None
        assert (header.bits, header.machine, header.flags) == (32, 40, 0x05000400)
        assert header.interpreter == "/lib/ld-linux-armhf.so.3"

    def test_reads_big_endian(self, elf_file: Callable[..., Path]) -> None:
        path = elf_file(little_endian=False, machine=22, interpreter="/ld")
        header = read_elf_header(str(path))
        assert header is not None
        assert (header.little_endian, header.machine, header.interpreter) == (False, 22, "/ld")

    def test_static_executable_has_no_interpreter(self, elf_file: Callable[..., Path]) -> None:
        header = read_elf_header(str(elf_file(interpreter=None)))
        assert header is not None
        assert header.interpreter is None

    @pytest.mark.parametrize(
        "content",
        [
            b"",
            b"#!/bin/sh\necho hi\n",
            b"\x7fELF\x03\x01" + bytes(60),
            b"\x7fELF\x02\x01" + bytes(8),
        ],
    )
    def test_not_elf_is_none(self, tmp_path: Path, content: bytes) -> None:
        path = tmp_path / "python"
        path.write_bytes(content)
        assert read_elf_header(str(path)) is None

    def test_truncated_program_headers_is_none(self, elf_file: Callable[..., Path]) -> None:
        path = elf_file()
        path.write_bytes(path.read_bytes()[:70])
        assert read_elf_header(str(path)) is None

    def test_missing_file_is_none(self, tmp_path: Path) -> None:
        assert read_elf_header(str(tmp_path / "nope")) is None

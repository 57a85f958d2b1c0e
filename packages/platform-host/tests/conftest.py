"""Fixtures of platform-host: small ELF executables (headers only) written into tmp_path."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import pytest

PT_LOAD = 1
PT_INTERP = 3


def make_elf(
    path: Path,
    *,
    bits: int = 64,
    little_endian: bool = True,
    machine: int = 62,
    flags: int = 0,
    interpreter: str | None = "/lib64/ld-linux-x86-64.so.2",
) -> Path:
    """Write an ELF file with a PT_LOAD and, if *interpreter* is given, a PT_INTERP header."""
    order = "<" if little_endian else ">"
    ident = b"\x7fELF" + bytes([1 if bits == 32 else 2, 1 if little_endian else 2, 1]) + bytes(9)
    if bits == 32:
        header_size, phdr_format = 52, order + "IIIIIIII"
    else:
        header_size, phdr_format = 64, order + "IIQQQQQQ"
    phentsize = struct.calcsize(phdr_format)
    phnum = 2 if interpreter is not None else 1
    interp_offset = header_size + phnum * phentsize
    interp = (interpreter or "").encode() + b"\0"
    if bits == 32:
        header = struct.pack(
            order + "HHIIIIIHHHHHH", 2, machine, 1, 0, header_size, 0, flags, header_size,
            phentsize, phnum, 0, 0, 0,
        )  # fmt: skip
        load = struct.pack(phdr_format, PT_LOAD, 0, 0, 0, 0, 0, 5, 4096)
        interp_header = struct.pack(
            phdr_format, PT_INTERP, interp_offset, 0, 0, len(interp), len(interp), 4, 1
        )
    else:
        header = struct.pack(
            order + "HHIQQQIHHHHHH", 2, machine, 1, 0, header_size, 0, flags, header_size,
            phentsize, phnum, 0, 0, 0,
        )  # fmt: skip
        load = struct.pack(phdr_format, PT_LOAD, 5, 0, 0, 0, 0, 0, 4096)
        interp_header = struct.pack(
            phdr_format, PT_INTERP, 4, interp_offset, 0, 0, len(interp), len(interp), 1
        )
    data = ident + header + load
    if interpreter is not None:
        data += interp_header + interp
    path.write_bytes(data)
    return path


@pytest.fixture
def elf_file(tmp_path: Path) -> Callable[..., Path]:
    """``elf_file(name="python", **fields)`` writes an ELF file into tmp_path."""

    def factory(name: str = "python", **fields: object) -> Path:
        return make_elf(tmp_path / name, **fields)  # type: ignore[arg-type]

    return factory

"""Tests of the public surface: exports, the error tree and messages, small helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

import install_wheel
from install_wheel import (
    CompileError,
    FileConflict,
    InstallWheelError,
    InvalidWheel,
    LinkMode,
    RecordEntry,
    RecordMismatch,
    UninstallError,
    UnsafeArchive,
    WriteError,
    format_record,
    parse_record,
)
from install_wheel._scripts import python_shebang, rewrite_shebang
from install_wheel._wheel_info import parse_entry_points


def test_all_is_sorted_and_complete() -> None:
    assert install_wheel.__all__ == sorted(install_wheel.__all__)
    public = {n for n in dir(install_wheel) if not n.startswith("_") and n != "errors"}
    assert set(install_wheel.__all__) == public


class TestErrors:
    def test_tree(self) -> None:
        for error in (InvalidWheel, FileConflict, WriteError, UninstallError, CompileError):
            assert issubclass(error, InstallWheelError)
        assert issubclass(UnsafeArchive, InvalidWheel)
        assert issubclass(RecordMismatch, InvalidWheel)
        assert issubclass(InvalidWheel, ValueError)

    def test_messages_name_the_wheel_and_member(self) -> None:
        unsafe = UnsafeArchive("a-1-py3-none-any.whl", "../x", "it escapes")
        assert str(unsafe) == "refusing to unpack a-1-py3-none-any.whl: member '../x': it escapes"
        assert (unsafe.member, unsafe.reason) == ("../x", "it escapes")
        mismatch = RecordMismatch("a.whl", "a/b.py", "size 1, RECORD says 2")
        assert str(mismatch) == (
            "RECORD of a.whl does not match member 'a/b.py': size 1, RECORD says 2"
        )
        assert str(InvalidWheel("a.whl", "no WHEEL")) == "invalid wheel a.whl: no WHEEL"
        conflict = FileConflict("b.whl", Path("/site/x.py"), Path("/cache/b/x.py"))
        assert str(conflict) == (
            "installing b.whl would overwrite /site/x.py with /cache/b/x.py; "
            "nothing of b.whl was installed"
        )
        assert (
            str(UninstallError(Path("/site/a.dist-info"), "why"))
            == "cannot uninstall /site/a.dist-info: why"
        )
        assert str(WriteError("a.whl", Path("/x"), "No space left on device")) == (
            "cannot write /x for a.whl: No space left on device"
        )
        assert str(CompileError(Path("/py"), "boom")) == "cannot byte-compile with /py: boom"


class TestRecord:
    def test_round_trip_with_quoting(self) -> None:
        entries = [
            RecordEntry("a,b.py", "sha256=x", 3),
            RecordEntry("c.dist-info/RECORD", None, None),
        ]
        assert parse_record(format_record(entries).decode(), wheel="w") == entries

    def test_odd_rows_read_as_unknown(self) -> None:
        assert parse_record("a.py,sha256=x,notanumber\nb.py\n\n", wheel="w") == [
            RecordEntry("a.py", "sha256=x", None),
            RecordEntry("b.py", None, None),
        ]

    def test_not_csv(self) -> None:
        with pytest.raises(InvalidWheel, match=r"not valid CSV"):
            parse_record("x" * 200_000, wheel="w")  # over csv's field size limit


class TestScripts:
    def test_long_interpreter_path_uses_sh(self) -> None:
        long = "/" + "x" * 130 + "/python"
        assert python_shebang(long).startswith(b"#!/bin/sh\n")

    def test_pythonw_and_crlf(self) -> None:
        assert rewrite_shebang(b"#!pythonw\r\nx\r\n", "/p") == b"#!/p\nx\r\n"
        assert rewrite_shebang(b"#!python3\n", "/p") is None
        assert rewrite_shebang(b"#!python", "/p") == b"#!/p\n"

    def test_entry_points_sections(self) -> None:
        text = "[gui_scripts]\ng = m.n:o.p\n# comment\n[other]\nx = y:z\n[console_scripts]\nc=m:f\n"
        parsed = parse_entry_points(text, wheel="w")
        assert [(e.name, e.module, e.attr, e.section) for e in parsed] == [
            ("g", "m.n", "o.p", "gui"),
            ("c", "m", "f", "console"),
        ]

    def test_default_link_mode(self) -> None:
        assert LinkMode.default() in (LinkMode.HARDLINK, LinkMode.CLONE)

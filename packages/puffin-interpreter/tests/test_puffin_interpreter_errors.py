"""Tests of the error messages and of the public API listing."""

from __future__ import annotations

from pathlib import Path

import pytest

import puffin_interpreter
from puffin_interpreter import (
    InterpreterError,
    InterpreterNotFound,
    InterpreterQueryError,
    InvalidInterpreterInfo,
    InvalidPythonRequest,
    NotAVirtualenv,
    UnsupportedInterpreter,
)


class TestMessages:
    @pytest.mark.parametrize(
        ("error", "message"),
        [
            (
                InterpreterNotFound("3.99", "searched PATH for python3.99, python3, python"),
                "no interpreter found for `3.99`: searched PATH for python3.99, python3, python",
            ),
            (
                InterpreterNotFound(None, "no .venv in /w or a parent"),
                "no interpreter found: no .venv in /w or a parent",
            ),
            (
                InterpreterQueryError(Path("/opt/python"), "SyntaxError: invalid syntax"),
                "failed to query the interpreter `/opt/python`: SyntaxError: invalid syntax",
            ),
            (InvalidInterpreterInfo("bad"), "invalid interpreter information: bad"),
            (InvalidPythonRequest("", "empty"), "invalid Python request '': empty"),
            (
                NotAVirtualenv(Path("/usr"), "no pyvenv.cfg"),
                "`/usr` is not a virtual environment: no pyvenv.cfg",
            ),
            (
                UnsupportedInterpreter(Path("/opt/python"), "unknown implementation"),
                "the interpreter `/opt/python` is not supported: unknown implementation",
            ),
        ],
    )
    def test_message(self, error: InterpreterError, message: str) -> None:
        assert str(error) == message
        assert isinstance(error, InterpreterError)

    def test_fields(self) -> None:
        error = InterpreterQueryError(Path("/x"), "boom")
        assert (error.executable, error.reason) == (Path("/x"), "boom")
        not_found = InterpreterNotFound("3.12", "searched")
        assert (not_found.request, not_found.searched) == ("3.12", "searched")


def test_all_is_sorted_and_complete() -> None:
    assert puffin_interpreter.__all__ == sorted(puffin_interpreter.__all__)
    public = {n for n in dir(puffin_interpreter) if not n.startswith("_")} - {"errors"}
    assert set(puffin_interpreter.__all__) == public

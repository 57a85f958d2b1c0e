"""Tests of PythonRequest parsing."""

from __future__ import annotations

import pytest

from puffin_interpreter import InterpreterError, InvalidPythonRequest, PythonRequest, RequestKind


class TestPythonRequest:
    @pytest.mark.parametrize(
        ("text", "version", "names"),
        [
            ("3", (3,), ("python3", "python")),
            ("3.12", (3, 12), ("python3.12", "python3", "python")),
            ("3.12.1", (3, 12, 1), ("python3.12", "python3", "python")),
            (" 3.7 ", (3, 7), ("python3.7", "python3", "python")),
        ],
    )
    def test_versions(self, text: str, version: tuple[int, ...], names: tuple[str, ...]) -> None:
        request = PythonRequest.parse(text)
        assert request.kind is RequestKind.VERSION
        assert request.version == version
        assert request.command_names() == names
        assert str(request) == text.strip()

    @pytest.mark.parametrize("text", ["python3.12", "pypy3", "python", "cpython3.13t"])
    def test_commands(self, text: str) -> None:
        request = PythonRequest.parse(text)
        assert request.kind is RequestKind.COMMAND
        assert request.command_names() == (text,)

    @pytest.mark.parametrize(
        "text", ["/usr/bin/python3", "./python", ".venv", "~/venv", "venv/bin/python", ".."]
    )
    def test_paths(self, text: str) -> None:
        request = PythonRequest.parse(text)
        assert request.kind is RequestKind.PATH
        assert request.command_names() == ()

    @pytest.mark.parametrize("text", ["", "   ", "3.x", "3.12.1.4", "3.12rc1", "03.12", "3..1"])
    def test_rejects_invalid(self, text: str) -> None:
        with pytest.raises(InvalidPythonRequest) as info:
            PythonRequest.parse(text)
        assert isinstance(info.value, InterpreterError)
        assert isinstance(info.value, ValueError)
        assert repr(text) in str(info.value)
        assert "\n" not in str(info.value)

    @pytest.mark.parametrize(
        ("text", "version", "expected"),
        [
            ("3", (3, 7, 0), True),
            ("3.12", (3, 12, 1), True),
            ("3.12", (3, 1, 2), False),
            ("3.1", (3, 12, 0), False),
            ("3.12.1", (3, 12, 1), True),
            ("3.12.1", (3, 12, 10), False),
            ("python3", (2, 7, 18), True),
        ],
    )
    def test_matches_version(
        self, text: str, version: tuple[int, int, int], expected: bool
    ) -> None:
        assert PythonRequest.parse(text).matches_version(version) is expected

"""Tests of InterpreterInfo and Scheme: the JSON model of the query's answer."""

from __future__ import annotations

import functools
import pickle
import sys
from pathlib import Path
from typing import Any

import pytest

from puffin_interpreter import (
    Interpreter,
    InterpreterError,
    InterpreterInfo,
    InvalidInterpreterInfo,
    Scheme,
)


@functools.cache
def _answer() -> dict[str, Any]:
    return Interpreter.query(sys.executable, None).info.to_dict()


def _changed(**changes: Any) -> dict[str, Any]:
    data = dict(_answer())
    for key, value in changes.items():
        if value is _DELETE:
            del data[key]
        else:
            data[key] = value
    return data


_DELETE = object()


class TestInterpreterInfo:
    def test_round_trip(self) -> None:
        info = InterpreterInfo.from_dict(_answer())
        assert info.to_dict() == _answer()
        assert InterpreterInfo.from_dict(info.to_dict()) == info
        assert hash(InterpreterInfo.from_dict(_answer())) == hash(info)

    def test_mappings_count_for_equality_not_for_hash(self) -> None:
        info = InterpreterInfo.from_dict(_answer())
        markers = {**_answer()["markers"], "os_name": "x"}
        other = InterpreterInfo.from_dict(_changed(markers=markers))
        assert other != info
        assert hash(other) == hash(info)

    def test_repr_names_every_field(self) -> None:
        info = InterpreterInfo.from_dict(_answer())
        assert repr(info).startswith(f"InterpreterInfo(markers={info.markers!r}, sys_executable=")
        assert repr(info).endswith(f", platform_facts={info.platform_facts!r})")

    def test_is_frozen(self) -> None:
        info = InterpreterInfo.from_dict(_answer())
        with pytest.raises(AttributeError):
            info.sys_prefix = Path("/elsewhere")  # type: ignore[misc]
        with pytest.raises(TypeError):
            info.markers["os_name"] = "nt"  # type: ignore[index]

    def test_is_venv(self) -> None:
        assert InterpreterInfo.from_dict(_answer()).is_venv is (sys.prefix != sys.base_prefix)
        same = _changed(sys_base_prefix=_answer()["sys_prefix"])
        assert InterpreterInfo.from_dict(same).is_venv is False

    def test_optional_fields(self) -> None:
        info = InterpreterInfo.from_dict(_changed(base_executable=None, platform=None))
        assert info.base_executable is None
        assert info.platform_facts is None

    def test_ignores_unknown_keys(self) -> None:
        assert InterpreterInfo.from_dict(_changed(future="x")) == InterpreterInfo.from_dict(
            _answer()
        )

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"format": 2}, "answer format 2, expected 1"),
            ({"format": _DELETE}, "answer format None, expected 1"),
            ({"markers": _DELETE}, "'markers' must be an object"),
            ({"markers": {"os_name": "posix"}}, "'implementation_name' must be a non-empty string"),
            ({"sys_prefix": 3}, "'sys_prefix' must be a non-empty string"),
            ({"sys_executable": ""}, "'sys_executable' must be a non-empty string"),
            ({"scheme": []}, "'scheme' must be an object"),
            ({"scheme": {"purelib": "x"}}, "'platlib' must be a non-empty string"),
            ({"pointer_size": "64"}, "'pointer_size' must be an integer"),
            ({"pointer_size": True}, "'pointer_size' must be an integer"),
            ({"gil_disabled": 0}, "'gil_disabled' must be true or false"),
            ({"version_info": [3, 12]}, "'version_info' must be [major, minor, micro, "),
            ({"version_info": [3, 12, 1, 0, 0]}, "'version_info' must be"),
            ({"implementation_version": "3.12"}, "'implementation_version' must be"),
            ({"base_executable": 1}, "'base_executable' must be a string or null"),
            ({"platform": "linux"}, "'platform' must be an object or null"),
            ({"abiflags": None}, "'abiflags' must be a non-empty string"),
        ],
    )
    def test_rejects_malformed(self, changes: dict[str, Any], message: str) -> None:
        with pytest.raises(InvalidInterpreterInfo) as info:
            InterpreterInfo.from_dict(_changed(**changes))
        assert isinstance(info.value, InterpreterError)
        assert isinstance(info.value, ValueError)
        assert str(info.value).startswith(f"invalid interpreter information: {message}")

    def test_rejects_non_object(self) -> None:
        with pytest.raises(InvalidInterpreterInfo, match="must be a JSON object"):
            InterpreterInfo.from_dict([])  # type: ignore[arg-type]

    def test_empty_abiflags_are_fine(self) -> None:
        assert InterpreterInfo.from_dict(_changed(abiflags="")).abiflags == ""


class TestScheme:
    def test_under(self) -> None:
        relative = Scheme(
            purelib=Path("lib/python3.12/site-packages"),
            platlib=Path("lib64/python3.12/site-packages"),
            scripts=Path("bin"),
            data=Path("."),
            include=Path("include/site/python3.12"),
        )
        scheme = relative.under(Path("/venv"))
        assert scheme.purelib == Path("/venv/lib/python3.12/site-packages")
        assert scheme.platlib == Path("/venv/lib64/python3.12/site-packages")
        assert scheme.scripts == Path("/venv/bin")
        assert scheme.data == Path("/venv")
        assert scheme.include == Path("/venv/include/site/python3.12")

    def test_round_trip(self) -> None:
        data = {"purelib": "a", "platlib": "b", "scripts": "c", "data": "d", "include": "e"}
        assert Scheme.from_dict(data).to_dict() == data

    def test_value(self) -> None:
        data = {"purelib": "a", "platlib": "b", "scripts": "c", "data": "d", "include": "e"}
        scheme = Scheme.from_dict(data)
        assert scheme == Scheme(*(Path(value) for value in data.values()))
        assert hash(scheme) == hash(Scheme.from_dict(data))
        assert pickle.loads(pickle.dumps(scheme)) == scheme
        assert repr(scheme) == (
            f"Scheme(purelib={Path('a')!r}, platlib={Path('b')!r}, scripts={Path('c')!r}, "
            f"data={Path('d')!r}, include={Path('e')!r})"
        )
        with pytest.raises(AttributeError):
            scheme.data = Path("x")  # type: ignore[misc]

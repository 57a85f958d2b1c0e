"""The public surface: exports, error tree, docstring examples."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import puffin_bench
from puffin_bench import BenchError, InvalidOption, SetupError

MODULES = [
    "puffin_bench",
    *sorted(
        f"puffin_bench.{info.name}"
        for info in pkgutil.iter_modules(puffin_bench.__path__)
        if info.name != "__main__"
    ),
]


class TestExports:
    def test_all_is_sorted_and_complete(self) -> None:
        exported = puffin_bench.__all__
        assert exported == sorted(exported)
        for name in exported:
            assert getattr(puffin_bench, name) is not None
        public = {
            name
            for name, value in vars(puffin_bench).items()
            if not name.startswith("_")
            and getattr(value, "__module__", "").startswith("puffin_bench")
        }
        assert public <= set(exported)

    def test_public_objects_have_docstrings(self) -> None:
        for name in puffin_bench.__all__:
            value = getattr(puffin_bench, name)
            if isinstance(value, type) or callable(value):
                assert value.__doc__, name


class TestErrors:
    def test_tree(self) -> None:
        assert issubclass(InvalidOption, BenchError)
        assert issubclass(InvalidOption, ValueError)
        assert issubclass(SetupError, BenchError)
        assert not issubclass(SetupError, ValueError)

    def test_messages(self) -> None:
        assert str(InvalidOption("--sets", "x", "no x.in")) == "invalid --sets value 'x': no x.in"
        assert str(SetupError("install the tools", "boom")) == "install the tools failed: boom"
        assert str(SetupError("install the tools", "")) == "install the tools failed"


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0

"""The public surface of puffin_dev: exports, the error tree, docstring examples."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import puffin_dev
from puffin_dev import DevError, InputFileError, InvalidOption

MODULES = [
    "puffin_dev",
    *sorted(
        f"puffin_dev.{info.name}"
        for info in pkgutil.iter_modules(puffin_dev.__path__)
        if info.name != "__main__"
    ),
]


class TestExports:
    def test_all_is_sorted_and_complete(self) -> None:
        exported = puffin_dev.__all__
        assert exported == sorted(exported)
        for name in exported:
            assert getattr(puffin_dev, name) is not None
        public = {
            name
            for name, value in vars(puffin_dev).items()
            if not name.startswith("_")
            and getattr(value, "__module__", "").startswith("puffin_dev")
        }
        assert public <= set(exported)

    def test_public_objects_have_docstrings(self) -> None:
        for name in puffin_dev.__all__:
            value = getattr(puffin_dev, name)
            if isinstance(value, type) or callable(value):
                assert value.__doc__, name


class TestErrors:
    def test_tree(self) -> None:
        assert issubclass(InvalidOption, DevError)
        assert issubclass(InvalidOption, ValueError)
        assert issubclass(InputFileError, DevError)
        assert not issubclass(InputFileError, ValueError)

    def test_messages(self) -> None:
        error = InvalidOption("--jobs", "0", "a number of at least 1")
        assert str(error) == "invalid --jobs '0': expected a number of at least 1"
        assert (error.option, error.value) == ("--jobs", "0")
        assert str(InputFileError("a.txt", "gone")) == "cannot read a.txt: gone"


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0

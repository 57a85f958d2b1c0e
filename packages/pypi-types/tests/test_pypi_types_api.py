"""Tests of the public surface: exports, error tree, docstring examples."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import pypi_types
from pypi_types import InvalidDirectUrl, InvalidMetadata, InvalidSimpleResponse, PypiTypesError

MODULES = [
    "pypi_types",
    *sorted(f"pypi_types.{info.name}" for info in pkgutil.iter_modules(pypi_types.__path__)),
]


def test_all_is_sorted_and_complete() -> None:
    assert pypi_types.__all__ == sorted(pypi_types.__all__)
    for name in pypi_types.__all__:
        assert getattr(pypi_types, name) is not None
    public = {
        name
        for name, value in vars(pypi_types).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("pypi_types")
    }
    assert public <= set(pypi_types.__all__)


@pytest.mark.parametrize("error", [InvalidDirectUrl, InvalidMetadata, InvalidSimpleResponse])
def test_error_tree(error: type[Exception]) -> None:
    assert issubclass(error, PypiTypesError)
    assert issubclass(error, ValueError)


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_public_objects_have_docstrings() -> None:
    for name in pypi_types.__all__:
        value = getattr(pypi_types, name)
        if callable(value):
            assert value.__doc__, name

"""The public surface: exports, the error tree and its messages, docstring examples."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import puffin_client
from puffin_client import (
    ClientError,
    FetchError,
    IndexConfigError,
    MetadataError,
    OfflineError,
    PackageNotFound,
)

MODULES = [
    "puffin_client",
    *sorted(f"puffin_client.{info.name}" for info in pkgutil.iter_modules(puffin_client.__path__)),
]


def test_all_is_sorted_and_complete() -> None:
    assert puffin_client.__all__ == sorted(puffin_client.__all__)
    for name in puffin_client.__all__:
        assert getattr(puffin_client, name) is not None
    public = {
        name
        for name, value in vars(puffin_client).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("puffin_client")
    }
    assert public <= set(puffin_client.__all__)


@pytest.mark.parametrize(
    "error", [FetchError, OfflineError, PackageNotFound, MetadataError, IndexConfigError]
)
def test_error_tree(error: type[Exception]) -> None:
    assert issubclass(error, ClientError)


def test_offline_is_a_fetch_error() -> None:
    assert issubclass(OfflineError, FetchError)


def test_messages_are_one_line_and_redacted() -> None:
    errors: list[Exception] = [
        FetchError("https://u:pw@example.com/simple/x/", "HTTP 503"),
        OfflineError("https://u:pw@example.com/simple/x/", package="x"),
        PackageNotFound("x", ["https://u:pw@example.com/simple", "https://example.org/simple"]),
        MetadataError("x-1.0-py3-none-any.whl", "no METADATA", url="https://u:pw@example.com/x"),
        IndexConfigError("PIP_NO_INDEX", "bad value"),
    ]
    for error in errors:
        message = str(error)
        assert "\n" not in message
        assert ":pw@" not in message
        assert ":pw@" not in repr(error)
    assert str(errors[2]) == (
        "package x was not found in the indexes "
        "https://u:****@example.com/simple, https://example.org/simple"
    )


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_public_objects_have_docstrings() -> None:
    for name in puffin_client.__all__:
        value = getattr(puffin_client, name)
        if callable(value):
            assert value.__doc__, name

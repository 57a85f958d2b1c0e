"""Tests of the public surface: exports, error tree, docstring examples."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import distribution_types
from distribution_types import (
    DistributionTypesError,
    DuplicateDist,
    InvalidDistInfo,
    InvalidDistUrl,
    InvalidIndexUrl,
    MissingGitCommit,
    UnsupportedUrl,
)

MODULES = [
    "distribution_types",
    *sorted(
        f"distribution_types.{info.name}"
        for info in pkgutil.iter_modules(distribution_types.__path__)
    ),
]


class TestExports:
    def test_all_is_sorted_and_complete(self) -> None:
        exported = distribution_types.__all__
        assert exported == sorted(exported)
        for name in exported:
            assert getattr(distribution_types, name) is not None
        public = {
            name
            for name, value in vars(distribution_types).items()
            if not name.startswith("_")
            and getattr(value, "__module__", "").startswith("distribution_types")
        }
        assert public <= set(exported)

    def test_public_objects_have_docstrings(self) -> None:
        for name in distribution_types.__all__:
            value = getattr(distribution_types, name)
            if isinstance(value, type) or callable(value):
                assert value.__doc__, name


class TestErrors:
    @pytest.mark.parametrize(
        "error", [InvalidIndexUrl, UnsupportedUrl, InvalidDistUrl, InvalidDistInfo, DuplicateDist]
    )
    def test_parse_errors_are_value_errors(self, error: type[Exception]) -> None:
        assert issubclass(error, DistributionTypesError)
        assert issubclass(error, ValueError)

    def test_missing_commit_is_not_a_value_error(self) -> None:
        assert issubclass(MissingGitCommit, DistributionTypesError)
        assert not issubclass(MissingGitCommit, ValueError)

    def test_messages_redact_credentials(self) -> None:
        url = "https://user:secret@example.com/a.exe"
        for error in (UnsupportedUrl(url, "why"), InvalidDistUrl(url, "why")):
            assert "secret" not in str(error)
            assert "user:****@example.com" in str(error)
            assert error.url == url
        assert "secret" not in str(MissingGitCommit("git+https://secret@example.com/r"))
        assert "secret" not in str(InvalidIndexUrl("ftp://secret@example.com/", "why"))

    def test_invalid_dist_info_names_the_path(self) -> None:
        error = InvalidDistInfo("/site/foo-1.0.dist-info", "no METADATA file")
        assert (
            str(error) == "invalid installed distribution /site/foo-1.0.dist-info: no METADATA file"
        )


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0

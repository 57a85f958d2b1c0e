"""The public surface added for resolving against indexes: options, errors, doctests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import puffin_resolver
from puffin_normalize import PackageName
from puffin_resolver import (
    BuildOptions,
    DistributionFailed,
    PackageFetchError,
    PrereleaseMode,
    ResolveError,
    UrlRequirementError,
)

MODULES = [
    "puffin_resolver",
    *sorted(
        f"puffin_resolver.{info.name}" for info in pkgutil.iter_modules(puffin_resolver.__path__)
    ),
]


class TestApi:
    @pytest.mark.parametrize("module", MODULES)
    def test_docstring_examples(self, module: str) -> None:
        assert doctest.testmod(importlib.import_module(module)).failed == 0

    @pytest.mark.parametrize("error", [PackageFetchError, DistributionFailed, UrlRequirementError])
    def test_errors_share_the_root(self, error: type[Exception]) -> None:
        assert issubclass(error, ResolveError)

    def test_prerelease_modes_are_uvs(self) -> None:
        assert [mode.value for mode in PrereleaseMode] == [
            "disallow",
            "allow",
            "if-necessary",
            "explicit",
            "if-necessary-or-explicit",
        ]


class TestBuildOptions:
    def test_names_beat_all(self) -> None:
        foo, bar = PackageName.parse("foo"), PackageName.parse("bar")
        options = BuildOptions(no_binary=frozenset({":all:"}), only_binary=frozenset({foo}))
        assert options.no_binary_package(bar) and not options.no_binary_package(foo)
        assert options.no_build_package(foo) and not options.no_build_package(bar)

    def test_no_build_is_only_binary_all(self) -> None:
        options = BuildOptions(no_build=True)
        assert options.no_build_package(PackageName.parse("foo"))
        assert not options.no_binary_package(PackageName.parse("foo"))

"""The public surface added for resolving against indexes: options, errors, doctests."""

from __future__ import annotations

import copy
import doctest
import importlib
import pickle
import pkgutil
import subprocess
import sys

import pytest

import puffin_resolver
from puffin_normalize import PackageName
from puffin_resolver import (
    BuildOptions,
    DistributionFailed,
    PackageFetchError,
    PrereleaseMode,
    ResolveError,
    ResolveOptions,
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

    def test_exports_sorted_and_each_resolves(self) -> None:
        assert puffin_resolver.__all__ == sorted(puffin_resolver.__all__)
        for name in puffin_resolver.__all__:
            assert getattr(puffin_resolver, name) is not None
        assert set(puffin_resolver.__all__) <= set(dir(puffin_resolver))
        with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
            _ = puffin_resolver.Nothing  # type: ignore[attr-defined]

    def test_resolving_leaves_reports_unimported(self) -> None:
        # What a successful resolution needs, imported in a fresh interpreter: the
        # report modules are loaded only when there is no solution to explain.
        code = (
            "import sys; from puffin_resolver import Resolver, Manifest, SourcedRequirement;"
            "print(sorted(m for m in sys.modules if m.startswith('puffin_resolver.')))"
        )
        output = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        for module in ("_memory", "_report", "_simplify", "_words"):
            assert f"puffin_resolver.{module}'" not in output

    def test_values_are_frozen_compared_and_copied_by_fields(self) -> None:
        options = BuildOptions(no_binary=frozenset({"a"}), no_build=True)
        assert options == BuildOptions(no_binary=frozenset({"a"}), no_build=True)
        assert hash(options) == hash(BuildOptions(no_binary=frozenset({"a"}), no_build=True))
        assert options != BuildOptions(no_binary=frozenset({"a"}))
        assert repr(options) == (
            "BuildOptions(no_binary=frozenset({'a'}), only_binary=frozenset(), no_build=True)"
        )
        with pytest.raises(AttributeError, match="cannot assign to field 'no_build'"):
            options.no_build = False  # type: ignore[misc]
        copied = pickle.loads(pickle.dumps(options))
        assert copied == options and copied.no_build_package("b")
        assert copy.deepcopy(ResolveOptions()) == ResolveOptions()

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

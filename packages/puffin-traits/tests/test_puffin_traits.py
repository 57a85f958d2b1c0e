"""The small values of puffin_traits, and that a fake context conforms to the protocol."""

from __future__ import annotations

from typing import TYPE_CHECKING

import puffin_traits
from puffin_normalize import PackageName
from puffin_traits import BuildForbidden, BuildKind, BuildOptions, NoBuild

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from distribution_types import Resolution
    from puffin_cache import Cache
    from puffin_interpreter import Interpreter, Virtualenv
    from puffin_pep508 import Requirement
    from puffin_traits import BuildContext, SourceBuild


class TestNoBuild:
    def test_none_allows_everything(self) -> None:
        assert not NoBuild.none().forbids(PackageName.parse("a"))
        assert not NoBuild.none().forbids(None)

    def test_packages_are_normalized(self) -> None:
        rule = NoBuild.packages(["Foo.Bar"])
        assert rule.forbids(PackageName.parse("foo-bar"))
        assert not rule.forbids(PackageName.parse("foo"))

    def test_all_forbids_unnamed(self) -> None:
        assert NoBuild.all().forbids(None)


class TestBuildOptions:
    def test_settings_round_trip(self) -> None:
        options = BuildOptions(config_settings={"b": ["1", "2"], "a": "x"})
        assert options.settings() == {"a": "x", "b": ["1", "2"]}
        assert options == BuildOptions(config_settings={"a": "x", "b": ["1", "2"]})
        assert hash(options) == hash(BuildOptions(config_settings={"a": "x", "b": ["1", "2"]}))

    def test_default_builds_everything(self) -> None:
        assert BuildOptions().no_build == NoBuild.none()


class TestBuildKind:
    def test_hook_suffix(self) -> None:
        assert BuildKind.WHEEL.hook_suffix == "wheel"
        assert BuildKind.EDITABLE.hook_suffix == "editable"


class TestErrors:
    def test_forbidden_names_package_and_flag(self) -> None:
        error = BuildForbidden("foo==1.0", "--no-build-package foo")
        assert str(error) == (
            "foo==1.0 would have to be built from source, and --no-build-package foo forbids it"
        )
        assert isinstance(error, puffin_traits.TraitsError)


class _Context:
    """A context whose every build method fails: what resolver tests pass."""

    def __init__(self, cache: Cache, interpreter: Interpreter) -> None:
        self._cache = cache
        self._interpreter = interpreter

    @property
    def cache(self) -> Cache:
        return self._cache

    @property
    def interpreter(self) -> Interpreter:
        return self._interpreter

    @property
    def build_options(self) -> BuildOptions:
        return BuildOptions()

    def resolve(self, requirements: Sequence[Requirement]) -> Resolution:
        raise AssertionError("no resolution in this test")

    def install(self, resolution: Resolution, venv: Virtualenv) -> None:
        raise AssertionError("no install in this test")

    def setup_build(
        self, source: Path, subdirectory: str | None, package_id: str, kind: BuildKind
    ) -> SourceBuild:
        raise AssertionError("no build in this test")


def _conforms(context: _Context) -> BuildContext:  # checked by mypy
    return context


class TestExports:
    def test_all_sorted_and_complete(self) -> None:
        names = puffin_traits.__all__
        assert names == sorted(names)
        assert all(hasattr(puffin_traits, name) for name in names)

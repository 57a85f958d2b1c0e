"""BuildDispatch: the build chain guard, the concurrency slots, the protocol."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pytest

import puffin_dispatch
from distribution_types import IndexLocations
from puffin_cache import Cache
from puffin_dispatch import BuildDispatch, BuildRequirementsError, CyclicBuild
from puffin_interpreter import find_interpreter
from puffin_traits import BuildKind

if TYPE_CHECKING:
    from pathlib import Path

    from puffin_traits import BuildContext, SourceBuild


class _Build:
    def __init__(self) -> None:
        self.closed = False

    def metadata(self) -> Path | None:
        return None

    def wheel(self, wheel_dir: Path) -> str:
        raise AssertionError("not built here")

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def dispatch(tmp_path: Path) -> BuildDispatch:
    cache = Cache.from_path(tmp_path / "cache")
    interpreter = find_interpreter(None, cache=cache, allow_system=True)
    return BuildDispatch(cache, interpreter, IndexLocations(no_index=True), concurrency=1)


class TestChain:
    def test_a_build_needing_itself_is_cyclic(
        self, dispatch: BuildDispatch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        import puffin_build

        def setup(
            context: BuildContext, source: Path, sub: str | None, package_id: str, kind: BuildKind
        ) -> SourceBuild:
            # Resolving this build's requirements needs a build of b, which needs a.
            other = "b==1.0" if package_id == "a==1.0" else "a==1.0"
            return context.setup_build(source, sub, other, kind)

        monkeypatch.setattr(puffin_build.SourceBuild, "setup", setup)
        with pytest.raises(CyclicBuild) as caught:
            dispatch.setup_build(tmp_path, None, "a==1.0", BuildKind.WHEEL)
        assert str(caught.value) == "cyclic build dependency: a==1.0 -> b==1.0 -> a==1.0"

    def test_slots_are_given_back(
        self, dispatch: BuildDispatch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        import puffin_build

        made: list[_Build] = []

        def setup(
            context: BuildContext, source: Path, sub: str | None, package_id: str, kind: BuildKind
        ) -> SourceBuild:
            made.append(_Build())
            return made[-1]

        monkeypatch.setattr(puffin_build.SourceBuild, "setup", setup)
        first = dispatch.setup_build(tmp_path, None, "a==1.0", BuildKind.WHEEL)
        # concurrency=1: a second top-level build waits until the first is closed.
        started = threading.Event()

        def second() -> None:
            dispatch.setup_build(tmp_path, None, "b==1.0", BuildKind.WHEEL).close()
            started.set()

        thread = threading.Thread(target=second)
        thread.start()
        assert not started.wait(0.2)
        first.close()
        assert started.wait(5)
        thread.join()
        assert [build.closed for build in made] == [True, True]


class TestResolve:
    def test_an_unreachable_requirement_is_a_build_requirements_error(self, tmp_path: Path) -> None:
        from puffin_pep508 import Requirement

        cache = Cache.from_path(tmp_path / "cache")
        interpreter = find_interpreter(None, cache=cache, allow_system=True)
        locations = IndexLocations(no_index=True)
        dispatch = BuildDispatch(cache, interpreter, locations, offline=True)
        with pytest.raises(
            BuildRequirementsError, match=r"cannot install the build requirements \(nothing-here\)"
        ):
            dispatch.resolve([Requirement.parse("nothing-here")])


class TestExports:
    def test_all_sorted_and_complete(self) -> None:
        names = puffin_dispatch.__all__
        assert names == sorted(names)
        assert all(hasattr(puffin_dispatch, name) for name in names)


def _conforms(dispatch: BuildDispatch) -> BuildContext:  # checked by mypy
    return dispatch

"""Tests of the solver: the PubGrub write-up's scenarios, providers, random registries."""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Mapping

import pytest

import puffin_resolver
from puffin_pep440 import Version, VersionSpecifiers
from puffin_resolver import (
    DefaultFormatter,
    InMemoryProvider,
    NoSolution,
    ProviderError,
    Range,
    ResolveError,
    Unavailable,
    render_report,
    resolve,
)

ROOT_VERSION = Version.parse("1.0.0")


def registry(text: str) -> InMemoryProvider[str]:
    """Lines of ``package version; dependency specifiers; ...`` (the write-up's notation)."""
    provider = InMemoryProvider[str]()
    for line in text.strip().splitlines():
        head, *dependencies = (part.strip() for part in line.split(";"))
        package, version = head.split()
        parsed: dict[str, str] = {}
        for dependency in filter(None, dependencies):
            name, _, specifiers = dependency.partition(" ")
            parsed[name] = specifiers
        provider.add(package, version, parsed)
    return provider


def solve(provider: InMemoryProvider[str]) -> dict[str, str]:
    return {name: str(version) for name, version in resolve(provider, "root", ROOT_VERSION).items()}


class TestWriteUpScenarios:
    """The examples of the PubGrub write-up (doc/solver.md in dart-lang/pub)."""

    def test_no_conflicts(self) -> None:
        provider = registry(
            """
            root 1.0.0; foo >=1.0.0, <2.0.0
            foo 1.0.0; bar >=1.0.0, <2.0.0
            bar 1.0.0
            bar 2.0.0
            """
        )
        assert solve(provider) == {"root": "1.0.0", "foo": "1.0.0", "bar": "1.0.0"}

    def test_avoiding_conflict_during_decision_making(self) -> None:
        provider = registry(
            """
            root 1.0.0; foo >=1.0.0, <2.0.0; bar >=1.0.0, <2.0.0
            foo 1.1.0; bar >=2.0.0, <3.0.0
            foo 1.0.0
            bar 1.0.0
            bar 1.1.0
            bar 2.0.0
            """
        )
        assert solve(provider) == {"root": "1.0.0", "foo": "1.0.0", "bar": "1.1.0"}
        # foo 1.1.0 was considered (its dependencies read) but never selected.
        assert ("bar", Range.from_specifiers(VersionSpecifiers.parse(">=2.0.0,<3.0.0"))) in (
            provider.announced
        )

    def test_performing_conflict_resolution(self) -> None:
        provider = registry(
            """
            root 1.0.0; foo >=1.0.0
            foo 2.0.0; bar >=1.0.0, <2.0.0
            foo 1.0.0
            bar 1.0.0; foo >=1.0.0, <2.0.0
            """
        )
        assert solve(provider) == {"root": "1.0.0", "foo": "1.0.0"}

    def test_conflict_resolution_with_a_partial_satisfier(self) -> None:
        provider = registry(
            """
            root 1.0.0; foo >=1.0.0, <2.0.0; target >=2.0.0, <3.0.0
            foo 1.1.0; left >=1.0.0, <2.0.0; right >=1.0.0, <2.0.0
            foo 1.0.0
            left 1.0.0; shared >=1.0.0
            right 1.0.0; shared <2.0.0
            shared 2.0.0
            shared 1.0.0; target >=1.0.0, <2.0.0
            target 2.0.0
            target 1.0.0
            """
        )
        assert solve(provider) == {"root": "1.0.0", "foo": "1.0.0", "target": "2.0.0"}

    def test_linear_error_reporting(self) -> None:
        provider = registry(
            """
            root 1.0.0; foo >=1.0.0, <2.0.0; baz >=1.0.0, <2.0.0
            foo 1.0.0; bar >=2.0.0, <3.0.0
            bar 2.0.0; baz >=3.0.0, <4.0.0
            baz 1.0.0
            baz 3.0.0
            """
        )
        with pytest.raises(NoSolution) as caught:
            solve(provider)
        assert caught.value.root == "root"
        assert caught.value.root_version == ROOT_VERSION

    def test_branching_error_reporting(self) -> None:
        provider = registry(
            """
            root 1.0.0; foo >=1.0.0, <2.0.0
            foo 1.0.0; a >=1.0.0, <2.0.0; b >=1.0.0, <2.0.0
            foo 1.1.0; x >=1.0.0, <2.0.0; y >=1.0.0, <2.0.0
            a 1.0.0; b >=2.0.0, <3.0.0
            b 1.0.0
            b 2.0.0
            x 1.0.0; y >=2.0.0, <3.0.0
            y 1.0.0
            y 2.0.0
            """
        )
        with pytest.raises(NoSolution):
            solve(provider)


class TestSolver:
    def test_root_alone(self) -> None:
        provider = registry("root 1.0.0")
        assert solve(provider) == {"root": "1.0.0"}

    def test_highest_versions_without_conflicts(self) -> None:
        provider = registry(
            """
            root 1.0.0; a; b <3
            a 1.0.0; b
            a 2.0.0; b >=2
            b 1.0.0
            b 2.0.0
            b 3.0.0
            """
        )
        assert solve(provider) == {"root": "1.0.0", "a": "2.0.0", "b": "2.0.0"}

    def test_backjumps_over_unrelated_decisions(self) -> None:
        lines = ["root 1.0.0; a; z"]
        lines += [f"a {major}.0.0; b =={major}.0.0" for major in range(1, 6)]
        lines += [f"b {major}.0.0; c <2" for major in range(2, 6)]
        lines += ["b 1.0.0", "c 1.0.0", "c 2.0.0"]
        lines += [f"z {major}.0.0" for major in range(1, 30)]
        assert solve(registry("\n".join(lines))) == {
            "root": "1.0.0",
            "a": "5.0.0",
            "b": "5.0.0",
            "c": "1.0.0",
            "z": "29.0.0",
        }

    def test_unselected_packages_are_left_out(self) -> None:
        provider = registry(
            """
            root 1.0.0; a
            a 2.0.0; b ==9.9
            a 1.0.0
            b 1.0.0
            """
        )
        assert solve(provider) == {"root": "1.0.0", "a": "1.0.0"}

    def test_unavailable_versions_are_skipped(self) -> None:
        provider = registry("root 1.0.0; a\na 1.0.0")
        provider.add("a", "2.0.0", Unavailable("its metadata is invalid"))
        assert solve(provider) == {"root": "1.0.0", "a": "1.0.0"}

    def test_self_dependency(self) -> None:
        provider = registry(
            """
            root 1.0.0; a
            a 3.0.0; a <3
            a 2.0.0; a >=2
            a 1.0.0
            """
        )
        assert solve(provider) == {"root": "1.0.0", "a": "2.0.0"}

    def test_dependency_on_the_root(self) -> None:
        provider = registry(
            """
            root 1.0.0; a
            a 2.0.0; root >=2
            a 1.0.0; root
            """
        )
        assert solve(provider) == {"root": "1.0.0", "a": "1.0.0"}

    def test_prereleases_are_the_providers_policy(self) -> None:
        provider = registry("root 1.0.0; a <2\na 1.0.0\na 2.0a1\na 1.5rc1")
        assert solve(provider)["a"] == "1.5rc1"  # the range admits it; the provider picks it

    def test_local_versions_match_an_exact_pin(self) -> None:
        provider = registry("root 1.0.0; a ==1.0\na 1.0+cpu\na 1.1")
        assert solve(provider)["a"] == "1.0+cpu"

    def test_dependencies_are_announced_for_prefetching(self) -> None:
        provider = registry("root 1.0.0; a >=1; b\na 1.0.0; c <2\nb 1.0.0\nc 1.0.0")
        solve(provider)
        announced = [(name, str(range)) for name, range in provider.announced]
        assert announced == [("a", ">=1"), ("b", "*"), ("c", "<2")]

    def test_empty_dependency_range(self) -> None:
        provider = registry("root 1.0.0; a >2, <1\na 1.0.0")
        with pytest.raises(NoSolution) as caught:
            solve(provider)
        assert str(caught.value) == "Because root depends on a∅, version solving failed."

    def test_exact_priorities_decide_order(self) -> None:
        class Ordered(InMemoryProvider[str]):
            def __init__(self) -> None:
                super().__init__()
                self.asked: list[str] = []

            def prioritize(self, package: str, range: Range) -> int:
                return {"a": 1, "b": 3, "c": 2}[package]

            def choose_version(self, package: str, range: Range) -> Version | None:
                self.asked.append(package)
                return super().choose_version(package, range)

        provider = Ordered()
        for name in "abc":
            provider.add(name, "1.0")
        provider.add("root", "1.0.0", {"a": "", "b": "", "c": ""})
        solve(provider)
        assert provider.asked == ["b", "c", "a"]


class _Failing(InMemoryProvider[str]):
    def __init__(self, method: str) -> None:
        super().__init__()
        self.method = method
        self.add("root", "1.0.0", {"a": "<2"})
        self.add("a", "1.0.0")

    def _maybe_fail(self, method: str) -> None:
        if method == self.method:
            raise RuntimeError(f"{method} exploded")

    def prioritize(self, package: str, range: Range) -> int:
        self._maybe_fail("prioritize")
        return super().prioritize(package, range)

    def choose_version(self, package: str, range: Range) -> Version | None:
        self._maybe_fail("choose_version")
        if self.method == "out of range":
            return Version.parse("9.9")
        return super().choose_version(package, range)

    def get_dependencies(self, package: str, version: Version) -> Mapping[str, Range] | Unavailable:
        if package == "a":
            self._maybe_fail("get_dependencies")
        return super().get_dependencies(package, version)

    def on_package_added(self, package: str, range: Range) -> None:
        self._maybe_fail("on_package_added")


class TestProviderErrors:
    @pytest.mark.parametrize(
        "method", ["prioritize", "choose_version", "get_dependencies", "on_package_added"]
    )
    def test_provider_errors_are_wrapped(self, method: str) -> None:
        with pytest.raises(ProviderError) as caught:
            resolve(_Failing(method), "root", ROOT_VERSION)
        error = caught.value
        assert isinstance(error, ResolveError)
        assert isinstance(error.__cause__, RuntimeError)
        assert (error.method, error.package) == (method, "a")
        assert str(error) == f"{method} failed for a: {method} exploded"

    def test_a_version_outside_the_range_is_refused(self) -> None:
        with pytest.raises(ProviderError, match="outside the allowed range"):
            resolve(_Failing("out of range"), "root", ROOT_VERSION)

    def test_unknown_version_is_a_provider_error(self) -> None:
        provider = registry("root 1.0.0; a")

        class Lying(InMemoryProvider[str]):
            def choose_version(self, package: str, range: Range) -> Version | None:
                return Version.parse("1.0")

        lying = Lying()
        lying.add("root", "1.0.0", {"a": ""})
        with pytest.raises(ProviderError, match="get_dependencies failed for a"):
            resolve(lying, "root", ROOT_VERSION)
        assert provider.versions("a") == []


# Random registries against brute force ----------------------------------------

_SPECIFIERS = [
    "",
    ">=2",
    "<2",
    "==1",
    "!=2",
    ">=2, <3",
    "==3",
    ">1",
    "<=1",
    "~=1.0",
    ">2.0",
    "<=2.0",
    "==2.*",
    "!=1.0",
    "<3.0",
]
_VERSIONS = ["1.0", "1.0+cpu", "2.0", "2.0.post1", "3.0a1", "3.0", "4.0"]


def _random_registry(rng: random.Random) -> InMemoryProvider[str]:
    provider = InMemoryProvider[str]()
    names = ["a", "b", "c", "d", "e"][: rng.randint(2, 5)]
    for name in names:
        for version in rng.sample(_VERSIONS, rng.randint(1, 3)):
            if rng.random() < 0.07:
                provider.add(name, version, Unavailable("broken"))
                continue
            count = rng.randint(0, min(2, len(names)))
            dependencies = {other: rng.choice(_SPECIFIERS) for other in rng.sample(names, count)}
            if rng.random() < 0.03:
                dependencies["ghost"] = ""  # a package without versions
            provider.add(name, version, dependencies)
    picked = rng.sample(names, rng.randint(1, min(3, len(names))))
    root = {name: rng.choice(_SPECIFIERS) for name in picked}
    provider.add("root", "1.0.0", root)
    return provider


def _satisfies(provider: InMemoryProvider[str], selection: Mapping[str, Version]) -> bool:
    for package, version in selection.items():
        dependencies = provider.get_dependencies(package, version)
        if isinstance(dependencies, Unavailable):
            return False
        for dependency, range in dependencies.items():
            chosen = selection.get(dependency)
            if chosen is None or not range.contains(chosen):
                return False
    return True


def _brute_force(provider: InMemoryProvider[str], names: list[str]) -> bool:
    options = [[None, *provider.versions(name)] for name in names]
    for combination in itertools.product(*options):
        selection = {name: v for name, v in zip(names, combination, strict=True) if v is not None}
        selection["root"] = ROOT_VERSION
        if _satisfies(provider, selection):
            return True
    return False


class TestRandomRegistries:
    def test_solutions_hold_and_failures_are_real(self) -> None:
        solved = failed = 0
        for seed in range(1000):
            rng = random.Random(seed)
            provider = _random_registry(rng)
            names = [name for name in "abcde" if provider.versions(name)]
            try:
                solution = resolve(provider, "root", ROOT_VERSION)
            except NoSolution as error:
                failed += 1
                assert not _brute_force(provider, names), f"seed {seed}: a solution exists"
                text = str(error)
                assert text.endswith("version solving failed."), f"seed {seed}"
                known = DefaultFormatter("root", known_versions=provider.versions)
                assert render_report(error.tree, known)
                assert render_report(error.tree, known, collapse=False)
                continue
            solved += 1
            assert solution["root"] == ROOT_VERSION
            assert _satisfies(provider, solution), f"seed {seed}: {solution}"
            # Every selected package is needed by another selected one.
            needed = {"root"}
            for package, version in solution.items():
                dependencies = provider.get_dependencies(package, version)
                assert not isinstance(dependencies, Unavailable)
                needed.update(dependencies)
            assert set(solution) <= needed, f"seed {seed}"
        assert solved > 150 and failed > 300, (solved, failed)


def _at_least(major: int) -> Range:
    return Range.higher_than(Version.from_release(major))


class TestPerformance:
    def test_a_hundred_packages_of_three_hundred_versions(self) -> None:
        rng = random.Random(7)
        provider = InMemoryProvider[str]()
        names = [f"p{i}" for i in range(100)]
        versions = [
            Version.from_release(major, minor) for major in range(30) for minor in range(10)
        ]
        for i, name in enumerate(names):
            later = names[i + 1 : i + 12]
            chosen = rng.sample(later, min(4, len(later)))
            for version in versions:
                provider.add(
                    name,
                    version,
                    {
                        dep: Range.higher_than(
                            Version.from_release(rng.randrange(version.major + 1))
                        )
                        for dep in chosen
                    },
                )
        provider.add("root", ROOT_VERSION, {name: Range.full() for name in names[:10]})
        start = time.perf_counter()
        solution = resolve(provider, "root", ROOT_VERSION)
        elapsed = time.perf_counter() - start
        assert len(solution) > 90
        assert all(version == versions[-1] for name, version in solution.items() if name != "root")
        assert elapsed < 1.0


class TestPublicApi:
    def test_all_is_sorted_and_complete(self) -> None:
        assert puffin_resolver.__all__ == sorted(puffin_resolver.__all__)
        # dir(), not vars(): names load on first use (PEP 562), and dir() lists them all.
        public = {name for name in dir(puffin_resolver) if not name.startswith("_")}
        assert public - {"errors", "TYPE_CHECKING"} == set(puffin_resolver.__all__)

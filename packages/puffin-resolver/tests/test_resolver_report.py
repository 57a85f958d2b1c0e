"""Tests of the failure report: the tree walk, the default wording, custom formatters."""

from __future__ import annotations

from collections.abc import Hashable
from textwrap import dedent

import pytest

from puffin_pep440 import Version, VersionSpecifiers
from puffin_resolver import (
    DefaultFormatter,
    Dependency,
    DerivationTree,
    Derived,
    InMemoryProvider,
    NoSolution,
    NotRoot,
    NoVersions,
    Range,
    Term,
    Unavailable,
    UnavailableVersions,
    collapse_no_versions,
    render_report,
    resolve,
)

ROOT_VERSION = Version.parse("1.0.0")


def r(text: str) -> Range:
    return Range.from_specifiers(VersionSpecifiers.parse(text))


def positive(text: str) -> Term:
    return Term(r(text), positive=True)


def negative(text: str) -> Term:
    return Term(r(text), positive=False)


def failure(lines: str) -> tuple[NoSolution, InMemoryProvider[str]]:
    """Resolve ``root`` in a registry of ``package version; dependency spec; ...`` lines."""
    provider = InMemoryProvider[str]()
    for line in dedent(lines).strip().splitlines():
        head, *dependencies = (part.strip() for part in line.split(";"))
        package, version = head.split()
        parsed = {}
        for dependency in filter(None, dependencies):
            name, _, specifiers = dependency.partition(" ")
            parsed[name] = specifiers
        provider.add(package, version, parsed)
    with pytest.raises(NoSolution) as caught:
        resolve(provider, "root", ROOT_VERSION)
    return caught.value, provider


def known(provider: InMemoryProvider[str]) -> DefaultFormatter[str]:
    return DefaultFormatter("root", known_versions=provider.versions)


LINEAR = """
    root 1.0.0; foo >=1.0.0, <2.0.0; baz >=1.0.0, <2.0.0
    foo 1.0.0; bar >=2.0.0, <3.0.0
    bar 2.0.0; baz >=3.0.0, <4.0.0
    baz 1.0.0
    baz 3.0.0
"""

BRANCHING = """
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


class TestSolverReports:
    def test_missing_versions_of_a_dependency(self) -> None:
        error, _ = failure(
            """
            root 1.0.0; a ==1.0
            a 1.0; b >=2
            b 1.0
            """
        )
        assert str(error) == (
            "Because a==1.0 depends on b>=2 and only b<2 is available, a==1.0 cannot be used.\n"
            "And because root depends on a==1.0, version solving failed."
        )

    def test_linear_error_reporting(self) -> None:
        error, provider = failure(LINEAR)
        assert str(error) == (
            "Because foo>=1.0.0, <2.0.0 depends on bar>=2.0.0, <3.0.0 which depends on"
            " baz>=3.0.0, <4.0.0, foo>=1.0.0, <2.0.0 requires baz>=3.0.0, <4.0.0.\n"
            "And because root depends on both foo>=1.0.0, <2.0.0 and baz>=1.0.0, <2.0.0,"
            " version solving failed."
        )
        assert render_report(error.tree, known(provider)) == (
            "Because all versions of foo depend on bar>=2.0.0, <3.0.0 which depends on"
            " baz>=3.0.0, <4.0.0, all versions of foo require baz>=3.0.0, <4.0.0.\n"
            "And because root depends on both foo>=1.0.0, <2.0.0 and baz>=1.0.0, <2.0.0,"
            " version solving failed."
        )

    def test_branching_error_reporting(self) -> None:
        error, provider = failure(BRANCHING)
        assert render_report(error.tree, known(provider)) == dedent(
            """\
            Because foo==1.0.0 depends on a>=1.0.0, <2.0.0 which depends on b>=2.0.0, <3.0.0, foo==1.0.0 requires b>=2.0.0, <3.0.0.
            And because foo==1.0.0 depends on b>=1.0.0, <2.0.0, foo==1.0.0 cannot be used. (1)

            Because foo==1.1.0 depends on x>=1.0.0, <2.0.0 which depends on y>=2.0.0, <3.0.0, foo==1.1.0 requires y>=2.0.0, <3.0.0.
            And because foo==1.1.0 depends on y>=1.0.0, <2.0.0, foo==1.1.0 cannot be used.
            And because foo==1.0.0 cannot be used (1), no version of foo can be used.
            And because root depends on foo>=1.0.0, <2.0.0, version solving failed."""  # noqa: E501
        )
        assert "foo>=1.0.0, !=1.1.0, <2.0.0 cannot be used. (1)" in str(error)

    def test_local_versions_of_a_pin(self) -> None:
        error, provider = failure(
            """
            root 1.0.0; a ==1.0
            a 1.0+cpu; b >=2
            a 1.0; b >=2
            b 1.0
            """
        )
        assert render_report(error.tree, known(provider)) == (
            "Because a==1.0 depends on b>=2 and a==1.0+cpu depends on b>=2,"
            " all versions of a require b>=2.\n"
            "And because root depends on a==1.0 and only b<2 is available,"
            " version solving failed."
        )

    def test_conflicting_pins(self) -> None:
        error, provider = failure(
            """
            root 1.0.0; a; b
            a 1.0; c ==1
            a 2.0; c ==2
            b 1.0; c ==3
            c 1
            c 2
            c 3
            """
        )
        assert render_report(error.tree, known(provider)) == (
            "Because a==2.0 depends on c==2 and a==1.0 depends on c==1,"
            " all versions of a require c==1 | ==2.\n"
            "And because all versions of b depend on c==3, b and a are incompatible.\n"
            "And because root depends on both a and b, version solving failed."
        )

    def test_unavailable_versions(self) -> None:
        provider = InMemoryProvider[str]()
        provider.add("root", "1.0.0", {"a": ">=2"})
        provider.add("a", "2.0", Unavailable("its metadata is invalid"))
        provider.add("a", "1.0")
        with pytest.raises(NoSolution) as caught:
            resolve(provider, "root", ROOT_VERSION)
        assert str(caught.value) == (
            "Because root depends on a>=2 and a>=2.0 is unavailable (its metadata is invalid),"
            " version solving failed."
        )
        assert render_report(caught.value.tree, known(provider)) == (
            "Because root depends on a>=2 and a==2.0 is unavailable (its metadata is invalid),"
            " version solving failed."
        )

    def test_the_root_itself_is_unavailable(self) -> None:
        provider = InMemoryProvider[str]()
        provider.add("root", "1.0.0", Unavailable("pyproject.toml is invalid"))
        with pytest.raises(NoSolution) as caught:
            resolve(provider, "root", ROOT_VERSION)
        assert str(caught.value) == (
            "Because root is unavailable (pyproject.toml is invalid), version solving failed."
        )

    def test_a_chain_of_dependencies(self) -> None:
        provider = InMemoryProvider[str]()
        provider.add("root", "1.0.0", {"p0": ""})
        for i in range(60):
            provider.add(f"p{i}", "1.0", {f"p{i + 1}": ""})
        with pytest.raises(NoSolution) as caught:
            resolve(provider, "root", ROOT_VERSION)
        lines = render_report(caught.value.tree, known(provider)).splitlines()
        assert lines[0] == (
            "Because all versions of p0 depend on p1 and only p1==1.0 is available,"
            " all versions of p0 require p1==1.0."
        )
        assert lines[1:-1] == [
            f"And because all versions of p{i} depend on p{i + 1},"
            f" all versions of p0 require p{i + 1}."
            for i in range(1, 60)
        ]
        assert lines[-1] == (
            "And because root depends on p0 and there are no versions of p60,"
            " version solving failed."
        )


# The walk over hand-built trees ----------------------------------------------


def dependency(package: str, range: str, on: str, on_range: str) -> Dependency[str]:
    return Dependency(package, r(range), on, r(on_range))


class TestWalk:
    def test_shared_derivations_are_numbered_and_cited(self) -> None:
        first = Derived(
            {"a": positive(""), "c": negative(">=2")},
            dependency("a", "", "b", ">=1"),
            dependency("b", "", "c", ">=2"),
            shared_id=1,
        )
        second = Derived(
            {"a": positive(""), "c": negative("<2")},
            dependency("a", "", "d", ">=1"),
            dependency("d", "", "c", "<2"),
            shared_id=2,
        )
        both = Derived({"a": positive(""), "x": negative("")}, first, second)
        again = Derived({"a": positive("")}, first, second)
        tree = Derived(
            {"root": positive("")},
            Derived({"x": positive("")}, both, again),
            dependency("root", "", "a", ""),
        )
        assert render_report(tree, DefaultFormatter("root")) == dedent(
            """\
            Because all versions of a depend on b>=1 which depends on c>=2, all versions of a require c>=2. (1)
            Because all versions of a depend on d>=1 which depends on c<2, all versions of a require c<2. (2)
            Thus, all versions of a require x. (3)

            Because all versions of a require c>=2 (1) and all versions of a require c<2 (2), no version of a can be used.
            And because all versions of a require x (3), no version of x can be used.
            And because root depends on a, version solving failed."""  # noqa: E501
        )

    def test_a_cited_derivation_with_a_fact(self) -> None:
        shared = Derived(
            {"a": positive("")},
            dependency("a", "", "b", ">=2"),
            NoVersions("b", r(">=2")),
            shared_id=7,
        )
        tree = Derived(
            {"root": positive("")},
            Derived(
                {"root": positive(""), "c": positive("")},
                shared,
                dependency("c", "", "a", ""),
            ),
            Derived(
                {"root": positive(""), "c": negative("")}, shared, dependency("root", "", "a", "")
            ),
        )
        text = render_report(tree, DefaultFormatter("root"))
        assert text == dedent(
            """\
            Because all versions of a depend on b>=2 and only b<2 is available, no version of a can be used. (1)
            And because all versions of c depend on a, root and c are incompatible. (2)

            Because root depends on a and no version of a can be used (1), root requires c.
            And because root and c are incompatible (2), version solving failed."""  # noqa: E501
        )

    def test_deep_trees_do_not_recurse(self) -> None:
        depth = 5000
        tree: DerivationTree[str] = NoVersions("p0", Range.full())
        for i in range(depth):
            tree = Derived(
                {f"p{i + 1}": positive("")}, tree, dependency(f"p{i + 1}", "", f"p{i}", "")
            )
        tree = Derived({"root": positive("")}, tree, dependency("root", "", f"p{depth}", ""))
        lines = render_report(tree, DefaultFormatter("root")).splitlines()
        assert len(lines) == depth // 2 + 1  # pairs of facts share a line
        assert lines[-1] == (
            f"And because root depends on p{depth} which depends on p{depth - 1},"
            " version solving failed."
        )

    def test_a_fact_alone(self) -> None:
        assert render_report(NotRoot("root", ROOT_VERSION)) == (
            "Because we are solving dependencies of root, version solving failed."
        )


class TestDefaultFormatter:
    words = DefaultFormatter[str]("root")

    @pytest.mark.parametrize(
        ("external", "text"),
        [
            (NoVersions("b", Range.full()), "there are no versions of b"),
            (NoVersions("b", r(">=2")), "only b<2 is available"),
            (NoVersions("b", r("<2")), "there are no versions of b<2"),
            (NoVersions("b", r(">=1, <2")), "there are no versions of b>=1, <2"),
            (NoVersions("b", r(">1")), "there are no versions of b>1"),
            (NoVersions("b", r(">=2, <3").complement()), "only b>=2, <3 is available"),
            (UnavailableVersions("b", r("==1.0"), "no wheel"), "b==1.0 is unavailable (no wheel)"),
            (UnavailableVersions("b", r(""), "gone"), "all versions of b are unavailable (gone)"),
            (dependency("a", "==1.0", "b", ""), "a==1.0 depends on b"),
            (dependency("a", "", "b", "<2"), "all versions of a depend on b<2"),
            (dependency("root", "", "b", "<2"), "root depends on b<2"),
            (NotRoot("root", ROOT_VERSION), "we are solving dependencies of root"),
        ],
    )
    def test_external(self, external: NoVersions[str], text: str) -> None:
        assert self.words.external(external) == text

    def test_externals(self) -> None:
        words = self.words
        chain = words.externals(dependency("a", "", "b", ">=2"), dependency("b", ">=1", "c", "<3"))
        assert chain == "all versions of a depend on b>=2 which depends on c<3"
        reversed_chain = words.externals(
            dependency("b", ">=1", "c", "<3"), dependency("a", "", "b", ">=2")
        )
        assert reversed_chain == chain
        no_chain = words.externals(dependency("a", "", "b", ">=2"), dependency("b", "<3", "c", ""))
        assert no_chain == "all versions of a depend on b>=2 and b<3 depends on c"
        both = words.externals(dependency("a", "==1", "b", ">=2"), dependency("a", "==1", "c", ""))
        assert both == "a==1 depends on both b>=2 and c"
        ordered = words.externals(NoVersions("b", r(">=2")), dependency("a", "==1", "b", ">=2"))
        assert ordered == "a==1 depends on b>=2 and only b<2 is available"

    @pytest.mark.parametrize(
        ("terms", "text"),
        [
            ({}, "version solving failed"),
            ({"root": positive("")}, "version solving failed"),
            ({"a": positive("==1")}, "a==1 cannot be used"),
            ({"a": positive("")}, "no version of a can be used"),
            ({"a": negative(">=1")}, "a>=1 is required"),
            ({"a": positive("==1"), "b": negative("<2")}, "a==1 requires b<2"),
            ({"b": negative("<2"), "a": positive("")}, "all versions of a require b<2"),
            ({"root": positive(""), "b": negative("<2")}, "root requires b<2"),
            ({"a": positive("==1"), "b": positive("")}, "a==1 and b are incompatible"),
            ({"a": negative("==1"), "b": negative("")}, "a==1 or b is required"),
            (
                {"a": positive("==1"), "b": negative("<2"), "c": positive(">3")},
                "a==1, not b<2 and c>3 are incompatible",
            ),
        ],
    )
    def test_terms(self, terms: dict[str, Term], text: str) -> None:
        assert self.words.terms(terms) == text

    def test_known_versions_name_the_subject_simply(self) -> None:
        versions = {"a": [Version.parse("1.0"), Version.parse("2.0")], "b": []}
        words = DefaultFormatter[str]("root", known_versions=lambda p: versions[p])
        assert words.external(dependency("a", ">=2", "b", ">=1")) == "a==2.0 depends on b>=1"
        assert words.external(dependency("a", ">=1", "b", ">=1")) == (
            "all versions of a depend on b>=1"
        )
        assert words.external(dependency("a", "<1", "b", "")) == "a<1 depends on b"
        assert words.terms({"a": positive("<3")}) == "no version of a can be used"


class TestCustomFormatter:
    def test_packages_named_by_the_caller(self) -> None:
        """Extras as virtual packages ``(name, extra)``, named the caller's way."""

        class Extras(DefaultFormatter[Hashable]):
            def package(self, package: Hashable) -> str:
                if isinstance(package, tuple):
                    return f"{package[0]}[{package[1]}]"
                return "your project" if package == self.root else str(package)

        provider = InMemoryProvider[Hashable]()
        provider.add("root", "1.0.0", {("a", "cli"): ">=1"})
        provider.add(("a", "cli"), "1.0", {"a": "==1.0", "click": ">=8"})
        provider.add("a", "1.0")
        with pytest.raises(NoSolution) as caught:
            resolve(provider, "root", ROOT_VERSION)
        assert render_report(caught.value.tree, Extras("root")) == (
            "Because a[cli]>=1.0 depends on click>=8 and only click<8 is available,"
            " a[cli]>=1.0 cannot be used.\n"
            "And because your project depends on a[cli]>=1, version solving failed."
        )


class TestCollapse:
    def test_gaps_are_folded_into_the_dependency(self) -> None:
        error, _ = failure(
            """
            root 1.0.0; a ==1.0
            a 1.0; b >=2
            b 1.0
            """
        )
        raw = render_report(error.tree, DefaultFormatter("root"), collapse=False)
        # Uncollapsed, the lack of a's local versions is a step of its own.
        assert raw.splitlines()[0] == "Because a==1.0 depends on b>=2, a==1.0 requires b>=2."
        assert str(error).splitlines()[0] == (
            "Because a==1.0 depends on b>=2 and only b<2 is available, a==1.0 cannot be used."
        )
        collapsed = collapse_no_versions(error.tree)
        assert isinstance(collapsed, Derived)
        assert isinstance(collapsed.cause1, Derived)
        assert not isinstance(error.tree, Derived) or collapsed is not error.tree

    def test_the_lack_of_a_dependency_is_kept(self) -> None:
        tree: DerivationTree[str] = Derived(
            {"a": positive("==1.0")},
            dependency("a", "==1.0", "b", ">=2"),
            NoVersions("b", r(">=2")),
        )
        assert collapse_no_versions(tree) is tree

    def test_facts_about_the_same_package_merge(self) -> None:
        tree: DerivationTree[str] = Derived(
            {"a": positive(">=1")},
            UnavailableVersions("a", r("==1"), "broken"),
            NoVersions("a", r(">1")),
        )
        assert collapse_no_versions(tree) == UnavailableVersions("a", r(">=1"), "broken")

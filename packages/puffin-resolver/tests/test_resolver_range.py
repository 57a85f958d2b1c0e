"""Tests of `Range`: constructors, text, set algebra, and PEP 440 specifier translation."""

from __future__ import annotations

import pickle
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from puffin_pep440 import InvalidSpecifier, Version, VersionSpecifier, VersionSpecifiers
from puffin_resolver import Range

DATA = Path(__file__).resolve().parents[2] / "puffin-pep440" / "tests" / "data"


def v(text: str) -> Version:
    return Version.parse(text)


def r(text: str) -> Range:
    return Range.from_specifiers(VersionSpecifiers.parse(text))


class TestConstructors:
    def test_empty_and_full(self) -> None:
        assert Range.empty().is_empty()
        assert not Range.empty().contains(v("1.0"))
        assert Range.full().is_full()
        assert Range.full().contains(Version.MIN)
        assert str(Range.empty()) == "∅"
        assert str(Range.full()) == "*"

    def test_singleton(self) -> None:
        one = Range.singleton(v("1.0"))
        assert one.contains(v("1.0.0"))
        assert not one.contains(v("1.0+local"))
        assert one.as_singleton() == v("1.0")
        assert r(">=1.0").as_singleton() is None
        assert r("==1.0").as_singleton() is None  # it holds the local versions too

    def test_bounds(self) -> None:
        one, two = v("1.0"), v("2.0")
        assert Range.higher_than(one).contains(one)
        assert not Range.strictly_higher_than(one).contains(one)
        assert Range.strictly_higher_than(one).contains(v("1.0+local"))
        assert Range.lower_than(one).contains(one)
        assert not Range.strictly_lower_than(one).contains(one)
        assert Range.strictly_lower_than(one).contains(v("1.0rc1"))
        between = Range.between(one, two)
        assert between.contains(one) and between.contains(v("2.0a1"))
        assert not between.contains(two)
        assert Range.between(two, one).is_empty()

    def test_min_is_the_lowest_version(self) -> None:
        assert Range.higher_than(Version.MIN) == Range.full()
        assert Range.strictly_lower_than(Version.MIN) == Range.empty()
        assert Range.lower_than(Version.MIN) == Range.singleton(Version.MIN)

    def test_equality_and_hash(self) -> None:
        assert r(">=1.0, <2.0") == r("<2.0, >=1.0")
        assert hash(r(">=1.0, <2.0")) == hash(r("<2.0, >=1.0"))
        assert r(">=1.0") != r(">1.0")
        assert r(">=1.0") != ">=1.0"
        assert len({r("==1.0"), r("== 1.0"), r("!=1.0")}) == 2

    def test_pickle_and_repr(self) -> None:
        original = r(">=1.0, !=1.5, <2.0")
        assert pickle.loads(pickle.dumps(original)) == original
        assert repr(r(">1.0")) == "<Range('>1.0')>"

    def test_version_lookups_bisect(self) -> None:
        versions = [v(text) for text in ("0.9", "1.0", "1.0.post1", "1.5", "2.0a1", "2.0", "3.0")]
        assert r(">=1.0, <2.0").highest_in(versions) == v("1.5")
        assert r(">=1.0, <2.0").lowest_in(versions) == v("1.0")
        assert r(">=1.0, <2.0").count_in(versions) == 3
        assert r(">1.0").lowest_in(versions) == v("1.5")
        assert r(">5").highest_in(versions) is None
        assert r("<0.5").lowest_in(versions) is None
        assert r("!=1.5").count_in(versions) == 6
        assert Range.empty().count_in(versions) == 0
        holes = Range.full()
        for version in versions[::2]:
            holes = holes.difference(Range.singleton(version))
        assert holes.count_in(versions) == 3
        assert holes.highest_in(versions) == v("2.0")

    def test_contains_operator(self) -> None:
        assert v("1.5") in r(">=1.0")
        assert "1.5" not in r(">=1.0")


class TestText:
    @pytest.mark.parametrize(
        ("specifiers", "text"),
        [
            ("", "*"),
            (">=1.0, <2.0", ">=1.0, <2.0"),
            (">=2", ">=2"),
            ("==1.0", "==1.0"),
            ("==1.0+local", "==1.0+local"),
            ("!=1.0", "!=1.0"),
            (">1.0", ">1.0"),
            (">1.0a1", ">1.0a1"),
            (">1.0.post1", ">=1.0.post2.dev0"),
            ("<=1.0", "<=1.0"),
            ("<=1.0a1.post1", "<=1.0a1.post1"),
            ("<1.0.post2", "<1.0.post2"),
            ("<2.0a1", "<2.0a1"),
            ("<1.0.dev3", "<1.0.dev3"),
            ("~=1.4.2", ">=1.4.2, <1.5"),
            ("==1.*", "==1.*"),
            ("!=1.*", "!=1.*"),
            (">=1.0, !=1.5, <2", ">=1.0, !=1.5, <2"),
            (">=1.0, !=1.5.*, !=1.7", ">=1.0, !=1.5.*, !=1.7"),
            (">=2, <1", "∅"),
            ("===1.0", "==1.0"),
            ("===nonsense", "∅"),
        ],
    )
    def test_specifiers_read_back(self, specifiers: str, text: str) -> None:
        assert str(r(specifiers)) == text

    def test_complements(self) -> None:
        assert str(r(">1.0").complement()) == "<=1.0.post*"
        assert str(r(">=1.0, <2.0").complement()) == "<1.0 | >=2.0.dev0"
        assert str(r("!=1.5").complement()) == "==1.5"
        assert str(Range.singleton(v("1.0")).complement()) == "!=1.0"

    def test_plain_bounds(self) -> None:
        assert str(Range.strictly_lower_than(v("2.0"))) == "<2.0"
        assert str(Range.strictly_higher_than(v("2.0"))) == ">2.0"
        assert str(Range.lower_than(v("2.0"))) == "<=2.0"
        assert str(Range.between(v("1.0"), v("2.0")).union(r(">=3"))) == ">=1.0, <2.0 | >=3"


# Property tests --------------------------------------------------------------

# A pool of versions with every kind of part, so that pre-, post-, dev- and
# local versions meet the bounds of every operator.
_POOL_TEXT = [
    "0.dev0",
    "0.1",
    "1.0.dev0",
    "1.0a1.dev1",
    "1.0a1",
    "1.0a1.post1",
    "1.0a2.dev0",
    "1.0b1",
    "1.0rc1",
    "1.0",
    "1.0+local",
    "1.0+local.2",
    "1.0.post0.dev0",
    "1.0.post1",
    "1.0.post1+x",
    "1.0.0.1",
    "1.1.dev0",
    "1.1",
    "1.5",
    "2.0.dev0",
    "2.0rc1",
    "2.0",
    "2.0.1",
    "3.0",
    "1!0.5",
]
POOL = sorted(v(text) for text in _POOL_TEXT)
_OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "~="]


@st.composite
def ranges(draw: st.DrawFn, *, max_parts: int = 4) -> Range:
    """Unions and intersections of specifier ranges and raw intervals over the pool."""
    parts = []
    for _ in range(draw(st.integers(1, max_parts))):
        kind = draw(st.sampled_from(["spec", "raw", "single", "holes"]))
        if kind == "spec":
            operator = draw(st.sampled_from(_OPERATORS))
            version = draw(st.sampled_from(POOL))
            if version.local is not None and operator not in ("==", "!="):
                version = version.without_local()
            if operator == "~=" and len(version.release) < 2:
                operator = ">="
            parts.append(r(f"{operator}{version}"))
        elif kind == "raw":
            low, high = sorted(draw(st.lists(st.sampled_from(POOL), min_size=2, max_size=2)))
            parts.append(
                draw(
                    st.sampled_from(
                        [
                            Range.between(low, high),
                            Range.strictly_higher_than(low).intersection(Range.lower_than(high)),
                            Range.higher_than(low),
                            Range.strictly_lower_than(high),
                        ]
                    )
                )
            )
        elif kind == "single":
            parts.append(Range.singleton(draw(st.sampled_from(POOL))))
        else:
            # Many intervals, to exercise the bisecting paths.
            holes = draw(st.lists(st.sampled_from(POOL), min_size=6, max_size=14))
            result = Range.full()
            for hole in holes:
                result = result.difference(Range.singleton(hole))
            parts.append(result)
    result = parts[0]
    for part in parts[1:]:
        result = result.union(part) if draw(st.booleans()) else result.intersection(part)
    return result


def members(range: Range) -> frozenset[Version]:
    return frozenset(version for version in POOL if range.contains(version))


class TestAlgebra:
    @settings(max_examples=120, deadline=None)
    @given(ranges(), ranges())
    def test_operations_agree_with_membership(self, a: Range, b: Range) -> None:
        assert members(a.union(b)) == members(a) | members(b)
        assert members(a.intersection(b)) == members(a) & members(b)
        assert members(a.difference(b)) == members(a) - members(b)
        assert members(a.complement()) == frozenset(POOL) - members(a)
        if a.subset_of(b):
            assert members(a) <= members(b)
        if a.is_disjoint(b):
            assert not members(a) & members(b)

    @settings(max_examples=120, deadline=None)
    @given(ranges(), ranges(), ranges())
    def test_laws(self, a: Range, b: Range, c: Range) -> None:
        # Canonical form: equal sets are equal values, whatever the path.
        assert a.union(b) == b.union(a)
        assert a.intersection(b) == b.intersection(a)
        assert a.union(b).union(c) == a.union(b.union(c))
        assert a.intersection(b).intersection(c) == a.intersection(b.intersection(c))
        assert a.intersection(b.union(c)) == a.intersection(b).union(a.intersection(c))
        assert a.union(b.intersection(c)) == a.union(b).intersection(a.union(c))
        assert a.complement().complement() == a
        assert a.union(b).complement() == a.complement().intersection(b.complement())
        assert a.intersection(b).complement() == a.complement().union(b.complement())
        assert a.union(a) == a == a.intersection(a)
        assert a.union(a.complement()) == Range.full()
        assert a.intersection(a.complement()) == Range.empty()
        assert a.union(Range.empty()) == a == a.intersection(Range.full())

    @settings(max_examples=120, deadline=None)
    @given(ranges(), ranges())
    def test_relations(self, a: Range, b: Range) -> None:
        assert a.subset_of(b) == (a.intersection(b) == a) == (a.union(b) == b)
        assert a.is_disjoint(b) == a.intersection(b).is_empty()
        assert a.is_disjoint(b) == a.subset_of(b.complement())
        assert a.intersection(b).subset_of(a)
        assert a.subset_of(a.union(b))

    @settings(max_examples=80, deadline=None)
    @given(ranges(), st.sampled_from(POOL))
    def test_lookups(self, a: Range, version: Version) -> None:
        inside = [candidate for candidate in POOL if a.contains(candidate)]
        assert a.count_in(POOL) == len(inside)
        assert a.highest_in(POOL) == (inside[-1] if inside else None)
        assert a.lowest_in(POOL) == (inside[0] if inside else None)
        assert a.contains(version) == (version in inside)

    @settings(max_examples=80, deadline=None)
    @given(ranges())
    def test_text_is_total(self, a: Range) -> None:
        text = str(a)
        assert text
        assert ("∅" in text) == a.is_empty()


# Specifier translation against puffin-pep440 ----------------------------------


@cache
def _corpus_specifiers() -> list[VersionSpecifiers]:
    found = []
    for line in (DATA / "specifiers.txt").read_text().splitlines():
        try:
            found.append(VersionSpecifiers.parse(line))
        except InvalidSpecifier:
            continue
    return found


@cache
def _corpus_versions() -> list[Version]:
    parsed = []
    for line in (DATA / "versions.txt").read_text().splitlines():
        try:
            parsed.append(Version.parse(line))
        except ValueError:
            continue
    # A deterministic sample, spread over the sorted corpus.
    return sorted(set(parsed))[::97] + POOL


def _neighbours(version: Version) -> list[Version]:
    """Versions at and around *version*: where specifier bounds sit."""
    base = version.without_local()
    release = base.release
    bumped = (*release[:-1], release[-1] + 1)
    found = [
        version,
        base,
        base.replace(local="local.1"),
        base.replace(dev=0, local=None),
        base.replace(pre=("a", 1), post=None, dev=None),
        base.replace(pre=("rc", 0), post=None, dev=0),
        base.replace(post=0, dev=0),
        base.replace(post=1),
        base.replace(post=1, local="x"),
        base.replace(post=(base.post or 0) + 1, dev=0),
        base.replace(release=(*release, 1)),
        base.replace(release=(*release, 0, 0, 1)),
        base.replace(release=bumped, pre=None, post=None, dev=0),
        base.replace(release=bumped, pre=None, post=None, dev=None),
        base.replace(release=(*bumped[:-1], 0) if len(bumped) > 1 else (0,)),
    ]
    if base.pre is not None:
        letter, number = base.pre
        found.append(base.replace(pre=(letter, number + 1), post=None, dev=0))
        found.append(base.replace(pre=(letter, number), post=None, dev=None))
    if base.dev is not None:
        found.append(base.replace(dev=base.dev + 1))
    return found


def _own_versions(specifiers: VersionSpecifiers) -> list[Version]:
    found = []
    for specifier in specifiers:
        try:
            found.extend(_neighbours(specifier.version))
        except ValueError:  # "===" with a string that is no version
            continue
    return found


class TestFromSpecifiers:
    def test_corpus_agrees_with_pep440(self) -> None:
        """Every corpus specifier set, on sampled versions and around its own bounds."""
        sample = _corpus_versions()
        checked = 0
        for specifiers in _corpus_specifiers():
            if any(spec.arbitrary is not None for spec in specifiers):
                continue
            translated = Range.from_specifiers(specifiers)
            for version in [*sample, *_own_versions(specifiers)]:
                expected = specifiers.contains(version, prereleases=True)
                assert translated.contains(version) == expected, (str(specifiers), str(version))
                checked += 1
        assert checked > 200_000

    @pytest.mark.parametrize("operator", ["==", "!=", "<", "<=", ">", ">=", "~="])
    def test_each_operator_around_every_pool_version(self, operator: str) -> None:
        for bound in POOL:
            text = f"{operator}{bound if operator in ('==', '!=') else bound.without_local()}"
            try:
                specifier = VersionSpecifier.parse(text)
            except InvalidSpecifier:
                continue  # ~= of a one-number release
            translated = Range.from_specifier(specifier)
            for version in [*POOL, *_neighbours(bound)]:
                expected = specifier.contains(version, prereleases=True)
                assert translated.contains(version) == expected, (text, str(version))

    @pytest.mark.parametrize("prefix", ["1", "1.0", "2.3.4", "1!2"])
    def test_wildcards(self, prefix: str) -> None:
        for operator in ("==", "!="):
            specifier = VersionSpecifier.parse(f"{operator}{prefix}.*")
            translated = Range.from_specifier(specifier)
            bound = v(prefix)
            for version in [*POOL, *_neighbours(bound)]:
                expected = specifier.contains(version, prereleases=True)
                assert translated.contains(version) == expected, (str(specifier), str(version))

    def test_wildcard_bounds_are_the_lowest_versions(self) -> None:
        wildcard = r("==1.*")
        assert wildcard.contains(v("1.dev0"))
        assert wildcard.contains(v("1.99.post3+x"))
        assert not wildcard.contains(v("2.dev0"))
        assert not wildcard.contains(v("0.99"))

    def test_pre_post_local_rules(self) -> None:
        assert not r("<2.0").contains(v("2.0a1"))
        assert r("<2.0a2").contains(v("2.0a1"))
        assert not r(">1.0").contains(v("1.0.post1"))
        assert r(">1.0.post1").contains(v("1.0.post2"))
        assert r(">1.0").contains(v("1.0.1a1"))
        assert r("==1.0").contains(v("1.0+local"))
        assert not r("==1.0+other").contains(v("1.0+local"))
        assert r("<=1.0").contains(v("1.0+local"))
        assert not r(">1.0").contains(v("1.0+local"))
        assert r("~=1.4.2").contains(v("1.4.9.post1"))
        assert not r("~=1.4.2").contains(v("1.5a1"))

    def test_arbitrary_equality_is_the_parsed_version(self) -> None:
        assert r("===1.0") == Range.singleton(v("1.0"))
        assert r("===1.0").contains(v("1.0.0"))  # PEP 440 compares the text; ranges cannot
        assert r("===foobar").is_empty()

    def test_spelling_is_kept_per_text(self) -> None:
        assert str(r(">=2.0.0")) == ">=2.0.0"
        assert str(r(">=2")) == ">=2"
        assert r(">=2") == r(">=2.0.0")

"""Property tests: spellings built from the grammar round-trip; any text parses or fails cleanly.

Unlike test_pep440_properties.py, which builds `Version` objects and glues
fixed pieces, these tests write the text themselves, in every spelling PEP 440
allows (case, separators, ``v``, padding zeros, surrounding whitespace), so that
the value each string must parse to is known by construction.
"""

from __future__ import annotations

import itertools
import sys
import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from packaging.specifiers import InvalidSpecifier as PackagingInvalidSpecifier
from packaging.specifiers import Specifier, SpecifierSet
from packaging.version import InvalidVersion as PackagingInvalidVersion
from packaging.version import Version as PackagingVersion

from puffin_pep440 import (
    InvalidSpecifier,
    InvalidVersion,
    Operator,
    Version,
    VersionSpecifier,
    VersionSpecifiers,
)

# Parsing takes microseconds: the deadline catches catastrophic backtracking,
# and leaves room for a slow CI machine.
_SETTINGS = settings(max_examples=200, deadline=timedelta(milliseconds=200))

# Small numbers collide and exercise trailing zeros; huge ones exceed 64 bits.
_numbers = st.one_of(st.integers(0, 3), st.integers(0, 2**64 + 10), st.integers(0, 10**40))
# A number as written, with optional leading zeros, and its value.
_numerals = st.tuples(st.sampled_from(["", "", "0", "00"]), _numbers).map(
    lambda pair: (pair[0] + str(pair[1]), pair[1])
)
_maybe_numeral = st.none() | _numerals
_space = st.text(" \t\n\r\x0b\x0c", max_size=2)
_prefix = st.sampled_from(["", "", "v", "V"])
_separator = st.sampled_from(["", ".", "-", "_"])
_cases = st.sampled_from([str.lower, str.upper, str.capitalize])
_PRE_SPELLINGS = {
    "a": "a",
    "alpha": "a",
    "b": "b",
    "beta": "b",
    "c": "rc",
    "rc": "rc",
    "pre": "rc",
    "preview": "rc",
}
_pre_spellings = st.sampled_from(sorted(_PRE_SPELLINGS))
_post_spellings = st.sampled_from(["post", "rev", "r"])
_local_words = st.lists(
    _numbers.map(str) | st.text("abcXYZ019", min_size=1, max_size=4), min_size=1, max_size=4
)
_local_separators = st.lists(st.sampled_from(".-_"), min_size=3, max_size=3)


@dataclass(frozen=True)
class Spelt:
    """A version's text, and the version it must parse to."""

    text: str
    expected: Version


@st.composite
def spelt_versions(draw: st.DrawFn, *, public: bool = False) -> Spelt:
    """Any valid version string in any spelling; *public* ones have no local label."""
    case = draw(_cases)
    text = draw(_space) + draw(_prefix)
    epoch = draw(_maybe_numeral)
    if epoch is not None:
        text += epoch[0] + "!"
    release = draw(st.lists(_numerals, min_size=1, max_size=6))
    text += ".".join(written for written, _ in release)

    pre: tuple[str, int] | None = None
    pre_has_number = True
    if draw(st.booleans()):
        spelling = draw(_pre_spellings)
        number = draw(_maybe_numeral)
        text += draw(_separator) + case(spelling)
        if number is not None:
            text += draw(_separator) + number[0]
        pre = (_PRE_SPELLINGS[spelling], 0 if number is None else number[1])
        pre_has_number = number is not None

    post: int | None = None
    if draw(st.booleans()):
        number = draw(_maybe_numeral)
        # "1.0a-1" reads as "1.0a1": an implicit post-release needs a number before it.
        if pre_has_number and number is not None and draw(st.booleans()):
            text += "-" + number[0]
        else:
            text += draw(_separator) + case(draw(_post_spellings))
            if number is not None:
                text += draw(_separator) + number[0]
        post = 0 if number is None else number[1]

    dev: int | None = None
    if draw(st.booleans()):
        number = draw(_maybe_numeral)
        text += draw(_separator) + case("dev")
        if number is not None:
            text += draw(_separator) + number[0]
        dev = 0 if number is None else number[1]

    local: tuple[int | str, ...] | None = None
    if not public and draw(st.booleans()):
        words = draw(_local_words)
        separators = draw(_local_separators)
        text += "+" + "".join(
            separator + word for separator, word in zip(["", *separators], words, strict=False)
        )
        local = tuple(int(word) if word.isdigit() else word.lower() for word in words)

    text += draw(_space)
    epoch_value = 0 if epoch is None else epoch[1]
    expected = Version(
        [value for _, value in release], epoch=epoch_value, pre=pre, post=post, dev=dev, local=local
    )
    return Spelt(text, expected)


# Any code point, surrogates and controls included, with the characters of the
# grammar and their Unicode look-alikes over-represented.
_any_char = st.characters(codec=None, categories=None, exclude_categories=())
_tricky = st.sampled_from(
    [*"0123456789.!+-_*=<>~,;() \t\nvVaArcpostdevRCx", "\u0661", "\u017f", "\u212a", "\xa0"]
)
_any_text = st.text(_any_char | _tricky, max_size=40)


# Built once: a strategy built inside a draw is validated again on every call.
_EDITS = st.sampled_from(["insert", "delete", "replace"])
_EDIT_PIECES = _tricky | _any_char


def _edit(draw: st.DrawFn, text: str) -> str:
    """*text* with one to three characters inserted, deleted or replaced."""
    for _ in range(draw(st.integers(1, 3))):
        pos = draw(st.integers(0, len(text)))
        edit = draw(_EDITS)
        piece = "" if edit == "delete" else draw(_EDIT_PIECES)
        text = text[:pos] + piece + text[pos + (edit != "insert") :]
    return text


@st.composite
def mutated_versions(draw: st.DrawFn) -> str:
    return _edit(draw, draw(_all_versions).text)


def _packaging_version(text: str) -> PackagingVersion | None:
    try:
        return PackagingVersion(text)
    except PackagingInvalidVersion:
        return None


def _ours_or_none(text: str) -> Version | None:
    """Parse *text*, checking that a failure is an `InvalidVersion` that points into it."""
    try:
        return Version.parse(text)
    except InvalidVersion as error:
        assert isinstance(error, ValueError)
        assert error.text == text
        assert 0 <= error.start <= error.start + error.length <= len(text)
        assert error.message in str(error)
        return None


def _too_many_digits(text: str) -> bool:
    """Whether a run of digits exceeds int()'s limit (packaging raises a bare ValueError)."""
    run = longest = 0
    for char in text:
        run = run + 1 if "0" <= char <= "9" else 0
        longest = max(longest, run)
    return longest > sys.get_int_max_str_digits()


# Built once: a strategy built inside a draw is validated again on every call.
_specifier_operators = st.sampled_from([op for op in Operator if op is not Operator.EXACT_EQUAL])
_public_versions = spelt_versions(public=True)
_all_versions = spelt_versions()


@st.composite
def spelt_specifiers(draw: st.DrawFn) -> tuple[str, VersionSpecifier]:
    """A valid specifier with its operator and version in any spelling, and its value."""
    operator = draw(_specifier_operators)
    if operator.is_wildcard:
        epoch = draw(_maybe_numeral)
        release = draw(st.lists(_numerals, min_size=1, max_size=4))
        body = draw(_prefix)
        if epoch is not None:
            body += epoch[0] + "!"
        body += ".".join(written for written, _ in release) + ".*"
        version = Version([value for _, value in release], epoch=0 if epoch is None else epoch[1])
    else:
        public = operator not in (Operator.EQUAL, Operator.NOT_EQUAL)
        spelt = draw(_public_versions if public else _all_versions)
        body, version = spelt.text.strip(), spelt.expected
        assume(operator is not Operator.TILDE_EQUAL or len(version.release) >= 2)
    text = draw(_space) + str(operator) + draw(_space) + body + draw(_space)
    return text, VersionSpecifier(operator, version)


_specifiers = spelt_specifiers()
_specifier_lists = st.lists(_specifiers, max_size=3)


@st.composite
def mutated_specifiers(draw: st.DrawFn) -> str:
    return _edit(draw, draw(_specifiers)[0])


@st.composite
def mutated_specifier_lists(draw: st.DrawFn) -> str:
    return _edit(draw, ",".join(text for text, _ in draw(_specifier_lists)))


def _assert_same_as_packagings(ours: VersionSpecifier, theirs: Specifier) -> None:
    """Compare with packaging's reading of the same specifier.

    Not with ``Specifier.__eq__``, which compares a wildcard's prefix as written
    (``==00.*`` and ``==0.*`` are unequal there).
    """
    assert theirs.operator == str(ours.operator)
    if ours.arbitrary is not None:
        assert theirs.version == ours.arbitrary
        return
    assert theirs.version.endswith(".*") == ours.operator.is_wildcard
    assert str(PackagingVersion(theirs.version.removesuffix(".*"))) == str(ours.version)


class TestVersionRoundTrip:
    @_SETTINGS
    @given(spelt_versions())
    @example(
        Spelt(
            " V01!0002.0.0-ALPHA_1.REV-3-dev+Ubuntu-01 ",
            Version.parse("1!2.0.0a1.post3.dev0+ubuntu.1"),
        )
    )
    def test_text_parses_to_its_parts(self, spelt: Spelt) -> None:
        version = Version.parse(spelt.text)
        assert version == spelt.expected
        assert hash(version) == hash(spelt.expected)
        normal = str(version)
        assert normal == str(spelt.expected)
        assert normal == str(PackagingVersion(spelt.text))
        # The normal form is a fixed point.
        again = Version.parse(normal)
        assert again == version
        assert str(again) == normal

    @_SETTINGS
    @given(st.lists(spelt_versions(), min_size=2, max_size=6))
    def test_sorting_is_packagings(self, spelt: list[Spelt]) -> None:
        ours = sorted(Version.parse(item.text) for item in spelt)
        theirs = sorted(PackagingVersion(item.text) for item in spelt)
        assert [PackagingVersion(str(version)) for version in ours] == theirs
        for lower, higher in itertools.pairwise(ours):
            assert lower <= higher
            assert not lower > higher
            if lower == higher:
                assert hash(lower) == hash(higher)
            assert (lower < higher) != (lower == higher)


class TestSpecifierRoundTrip:
    @_SETTINGS
    @given(spelt_specifiers())
    def test_text_parses_to_its_parts(self, spelt: tuple[str, VersionSpecifier]) -> None:
        text, expected = spelt
        parsed = VersionSpecifier.parse(text)
        assert parsed == expected
        assert str(parsed) == str(expected)
        assert VersionSpecifier.parse(str(parsed)) == parsed
        assert str(VersionSpecifier.parse(str(parsed))) == str(parsed)
        _assert_same_as_packagings(parsed, Specifier(text))

    @_SETTINGS
    @given(st.lists(spelt_specifiers(), max_size=4), st.sampled_from([",", ", ", " , ", ",,"]))
    def test_lists_round_trip(self, spelt: list[tuple[str, VersionSpecifier]], comma: str) -> None:
        text = comma.join(item for item, _ in spelt)
        parsed = VersionSpecifiers.parse(text)
        assert list(parsed) == [expected for _, expected in spelt]
        again = VersionSpecifiers.parse(str(parsed))
        assert again == parsed
        assert list(again) == list(parsed)
        assert str(again) == str(parsed)
        for ours, (item, _) in zip(parsed, spelt, strict=True):
            _assert_same_as_packagings(ours, Specifier(item))
        assert len(SpecifierSet(text)) <= len(parsed)


class TestRobustness:
    @_SETTINGS
    @given(_any_text)
    def test_any_text_is_a_version_or_invalid_version(self, text: str) -> None:
        ours = _ours_or_none(text)
        if not _too_many_digits(text):
            theirs = _packaging_version(text)
            assert (None if ours is None else str(ours)) == (
                None if theirs is None else str(theirs)
            )

    @_SETTINGS
    @given(mutated_versions())
    def test_edited_versions_agree_with_packaging(self, text: str) -> None:
        ours = _ours_or_none(text)
        if not _too_many_digits(text):
            theirs = _packaging_version(text)
            assert (None if ours is None else str(ours)) == (
                None if theirs is None else str(theirs)
            )

    @_SETTINGS
    @given(_any_text | mutated_specifiers())
    def test_any_text_is_a_specifier_or_invalid_specifier(self, text: str) -> None:
        try:
            ours: str | None = str(VersionSpecifier.parse(text))
        except InvalidSpecifier as error:
            assert isinstance(error, ValueError)
            assert 0 <= error.start <= error.start + error.length <= len(text)
            assert error.message in str(error)
            ours = None
        try:
            theirs = Specifier(text)
        except PackagingInvalidSpecifier:
            assert ours is None
        else:
            assert ours is not None
            _assert_same_as_packagings(VersionSpecifier.parse(text), theirs)

    @_SETTINGS
    @given(_any_text | mutated_specifier_lists())
    def test_any_text_is_specifiers_or_invalid_specifier(self, text: str) -> None:
        try:
            ours = len(VersionSpecifiers.parse(text))
        except InvalidSpecifier as error:
            assert 0 <= error.start <= error.start + error.length <= len(text)
            assert error.message in str(error)
            ours = -1
        try:
            theirs = len(SpecifierSet(text))
        except PackagingInvalidSpecifier:
            theirs = -1
        # packaging drops duplicates, so it may count fewer.
        assert (ours == -1) == (theirs == -1)
        assert theirs <= ours

    @pytest.mark.parametrize(
        "text",
        [
            "1" * 10_000,
            "1." * 5_000,
            "1." * 5_000 + "0",
            "1" + "-" * 10_000,
            "1.0" + "a" * 10_000,
            "1.0" + "-_." * 3_000 + "a",
            "1.0+" + "a." * 5_000,
            "1.0+" + "a-" * 5_000 + "!",
            "1!" * 5_000 + "1",
            " " * 10_000 + "1" + " " * 10_000 + "x",
            "v" * 10_000,
            "1.0" + "post" * 2_500 + "x",
            "1.0" + ".dev" * 2_500,
        ],
    )
    def test_long_input_is_quick(self, text: str) -> None:
        started = time.perf_counter()
        _ours_or_none(text)
        for spec in (f"=={text}", f">={text}", f"~= {text}.*", f"==={text}"):
            try:
                VersionSpecifier.parse(spec)
            except InvalidSpecifier as error:
                assert error.message
        try:
            VersionSpecifiers.parse(f">=1,{text}," * 2)
        except InvalidSpecifier as error:
            assert error.message
        assert time.perf_counter() - started < 2.0

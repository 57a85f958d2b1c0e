"""Property tests: names built from their grammar round-trip; any text parses or fails cleanly."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from packaging.utils import InvalidName as PackagingInvalidName
from packaging.utils import canonicalize_name
from packaging.utils import is_normalized_name as packaging_is_normalized

from puffin_normalize import ExtraName, InvalidName, PackageName, is_normalized, normalize

# A generous deadline: a name parses in microseconds, so only a pathological
# regex would come near it, even on a slow CI machine.
_SETTINGS = settings(max_examples=200, deadline=timedelta(milliseconds=200))

_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_segments = st.text(_ALNUM, min_size=1, max_size=8)
_separators = st.text("-_.", min_size=1, max_size=3)


@st.composite
def names(draw: st.DrawFn) -> tuple[str, str]:
    """A valid name spelt with any case and separators, and its normal form."""
    parts = draw(st.lists(_segments, min_size=1, max_size=5))
    text = parts[0]
    for part in parts[1:]:
        text += draw(_separators) + part
    return text, "-".join(parts).lower()


# Any code point at all, surrogates and controls included, with the characters
# of the grammar and their Unicode look-alikes over-represented.
_any_char = st.characters(codec=None, categories=None, exclude_categories=())
_tricky = st.sampled_from([*"aZ09-_. \t\n\r\x00", "\u212a", "\u017f", "\u0661", "\u00df"])
_any_text = st.text(_any_char | _tricky, max_size=40)


# Built once: a strategy built inside a draw is validated again on every call.
_EDITS = st.sampled_from(["insert", "delete", "replace"])
_EDIT_PIECES = _tricky | _any_char


@st.composite
def mutated_names(draw: st.DrawFn) -> str:
    """A valid name with a few characters inserted, deleted or replaced."""
    text, _ = draw(names())
    for _ in range(draw(st.integers(1, 3))):
        pos = draw(st.integers(0, len(text)))
        edit = draw(_EDITS)
        piece = "" if edit == "delete" else draw(_EDIT_PIECES)
        text = text[:pos] + piece + text[pos + (edit != "insert") :]
    return text


def _packaging_normal_form(text: str) -> str | None:
    try:
        return canonicalize_name(text, validate=True)
    except PackagingInvalidName:
        return None


def _parse_or_none(text: str) -> PackageName | None:
    try:
        name = PackageName.parse(text)
    except InvalidName as error:
        assert isinstance(error, ValueError)
        assert error.name == text
        assert str(error)
        return None
    assert isinstance(name, PackageName)
    return name


class TestNameRoundTrip:
    @_SETTINGS
    @given(names())
    def test_parse_gives_the_normal_form(self, spelt: tuple[str, str]) -> None:
        text, normal = spelt
        name = PackageName.parse(text)
        assert name == normal == normalize(text)
        assert str(name) == canonicalize_name(text, validate=True)
        assert is_normalized(name)
        assert PackageName.parse(str(name)) == name
        assert str(PackageName.parse(str(name))) == str(name)

    @_SETTINGS
    @given(names())
    def test_spellings_agree(self, spelt: tuple[str, str]) -> None:
        text, normal = spelt
        assert ExtraName.parse(text) == PackageName.parse(text)
        assert hash(PackageName.parse(text)) == hash(PackageName.parse(normal.upper()))

    @_SETTINGS
    @given(names())
    def test_dist_info_name_round_trips(self, spelt: tuple[str, str]) -> None:
        name = PackageName.parse(spelt[0])
        assert PackageName.parse(name.as_dist_info_name()) == name

    @_SETTINGS
    @given(names())
    def test_is_normalized_is_packagings(self, spelt: tuple[str, str]) -> None:
        for text in spelt:
            assert is_normalized(text) == packaging_is_normalized(text)


class TestNameRobustness:
    @_SETTINGS
    @given(_any_text)
    @example("foo\n")
    @example("\u212a")
    @example("x\u017f")
    def test_any_text_parses_or_raises_invalid_name(self, text: str) -> None:
        name = _parse_or_none(text)
        assert (None if name is None else str(name)) == _packaging_normal_form(text)

    @_SETTINGS
    @given(mutated_names())
    def test_edited_names_agree_with_packaging(self, text: str) -> None:
        name = _parse_or_none(text)
        assert (None if name is None else str(name)) == _packaging_normal_form(text)
        assert is_normalized(text) == packaging_is_normalized(text)

    @pytest.mark.parametrize(
        "text",
        [
            "a" * 10_000,
            "a" + "-" * 10_000,
            "a" + "-" * 10_000 + "!",
            "a" + "._" * 5_000 + "b",
            "a-" * 5_000,
            "A" * 10_000 + "\n",
        ],
    )
    def test_long_input_is_quick(self, text: str) -> None:
        started = time.perf_counter()
        _parse_or_none(text)
        is_normalized(text)
        assert time.perf_counter() - started < 1.0

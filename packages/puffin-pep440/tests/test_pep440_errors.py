"""Tests of the error classes: fields, messages and positions."""

from __future__ import annotations

import doctest
import pickle

import pytest

import puffin_pep440
from puffin_pep440 import (
    InvalidSpecifier,
    InvalidVersion,
    Pep440Error,
    Version,
    VersionSpecifier,
    VersionSpecifiers,
    _operator,
    _specifier,
    _specifiers,
    _version,
    errors,
)


class TestInvalidVersion:
    @pytest.mark.parametrize(
        ("text", "message", "start", "length"),
        [
            ("", "empty version", 0, 0),
            ("  ", "empty version", 0, 2),
            ("foo", "a version starts with a number, not 'foo'", 0, 3),
            ("v", "expected a number after 'v'", 1, 0),
            ("1.0foo", "unexpected 'foo' after '1.0'", 3, 3),
            (" 1.0foo ", "unexpected 'foo' after '1.0'", 4, 3),
            ("1..0", "unexpected '.' after '1'", 1, 1),
            ("1.0-", "unexpected '-' after '1.0'", 3, 1),
            ("1.0 a1", "unexpected whitespace after '1.0'", 3, 1),
            ("1!2!3", "unexpected '!': an epoch comes first, once", 3, 1),
            ("1.0+a..b", "unexpected '.' in the local version label", 5, 1),
            ("1.0+", "expected a local version label", 4, 0),
            ("1.0.dev1.post1", "the order is: release, pre-release", 8, 6),
        ],
    )
    def test_fields(self, text: str, message: str, start: int, length: int) -> None:
        with pytest.raises(InvalidVersion) as info:
            Version.parse(text)
        error = info.value
        assert error.text == text
        assert message in error.message
        assert (error.start, error.length) == (start, length)

    def test_str_is_one_line_naming_input_and_cause(self) -> None:
        with pytest.raises(InvalidVersion) as info:
            Version.parse("1.0\nfoo")
        assert str(info.value) == "invalid version '1.0\\nfoo': unexpected whitespace after '1.0'"

    def test_number_beyond_int_limit(self) -> None:
        with pytest.raises(InvalidVersion, match="digits"):
            Version.parse("1." + "9" * 5000)
        with pytest.raises(InvalidVersion, match="digits"):
            Version.parse("1.0.post" + "9" * 5000)

    def test_pickles(self) -> None:
        error = InvalidVersion("x", "bad", start=1, length=2)
        copy = pickle.loads(pickle.dumps(error))
        assert (copy.text, copy.message, copy.start, copy.length) == ("x", "bad", 1, 2)

    def test_raised_error_explains_itself_on_demand(self) -> None:
        with pytest.raises(InvalidVersion) as info:
            Version.parse("1.0-foo")
        copy = pickle.loads(pickle.dumps(info.value))
        assert (copy.text, copy.start, copy.length) == ("1.0-foo", 3, 4)
        expected = "invalid version '1.0-foo': unexpected '-foo' after '1.0'"
        assert str(copy) == str(info.value) == expected
        with pytest.raises(AttributeError):
            _ = info.value.other  # type: ignore[attr-defined]


class TestInvalidSpecifier:
    @pytest.mark.parametrize(
        ("text", "message", "start", "length"),
        [
            ("", "empty specifier", 0, 0),
            ("1.0", "expected an operator", 0, 0),
            ("=>1", "unknown operator '=>'", 0, 2),
            (" ~1", "unknown operator '~'", 1, 1),
            ("==>1", "expected a version after '==', found '>'", 2, 1),
            ("<==1", "expected a version after '<=', found '='", 2, 1),
            (">= ", "expected a version after '>='", 2, 0),
            (">=1.*", "a wildcard '.*' follows only '==' or '!='", 3, 2),
            ("==1.0 .*", "unexpected whitespace before '.*'", 5, 1),
            ("==1.0a1.*", "a wildcard '.*' follows a release such as '1.2'", 2, 7),
            ("~=1", "'~=' needs a release of two numbers or more", 2, 1),
            (">1.0+abc", "'>' takes no local version label", 4, 4),
            ("~=1.0+abc", "'~=' takes no local version label", 5, 4),
            ("== 1.0foo", "unexpected 'foo' after '1.0'", 6, 3),
            ("===a b", "may not contain whitespace, ';' or ')'", 4, 1),
            ("===a)", "may not contain whitespace, ';' or ')'", 4, 1),
        ],
    )
    def test_fields(self, text: str, message: str, start: int, length: int) -> None:
        with pytest.raises(InvalidSpecifier) as info:
            VersionSpecifier.parse(text)
        error = info.value
        assert isinstance(error, Pep440Error)
        assert isinstance(error, ValueError)
        assert error.text == text
        assert message in error.message
        assert (error.start, error.length) == (start, length)
        assert str(error) == f"invalid specifier {text!r}: {error.message}"

    @pytest.mark.parametrize(
        ("text", "bad_part"),
        [
            (">=1.0, <2foo", "foo"),
            (",,==>1", ">"),
            (">=1, ~=1", "1"),
            (">=1,>=2,=<3", "=<"),
        ],
    )
    def test_list_positions_point_into_the_whole_text(self, text: str, bad_part: str) -> None:
        with pytest.raises(InvalidSpecifier) as info:
            VersionSpecifiers.parse(text)
        error = info.value
        assert error.text == text
        assert text[error.start : error.start + error.length] == bad_part


def test_all_is_sorted_and_complete() -> None:
    assert puffin_pep440.__all__ == sorted(puffin_pep440.__all__)
    public = {name for name in dir(puffin_pep440) if not name.startswith("_")}
    assert public - {"errors"} == set(puffin_pep440.__all__)


@pytest.mark.parametrize("module", [_operator, _specifier, _specifiers, _version, errors])
def test_doctests(module: object) -> None:
    globs = {name: getattr(puffin_pep440, name) for name in puffin_pep440.__all__}
    result = doctest.testmod(module, extraglobs=globs, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.attempted > 0
    assert result.failed == 0

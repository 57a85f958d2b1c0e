"""Tests of PackageName and ExtraName."""

from __future__ import annotations

import pytest

import puffin_normalize
from puffin_normalize import ExtraName, InvalidName, NormalizeError, PackageName, normalize


class TestPackageName:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("django", "django"),
            ("Django", "django"),
            ("zope.interface", "zope-interface"),
            ("Foo__Bar--baz..qux", "foo-bar-baz-qux"),
            ("a", "a"),
            ("A1", "a1"),
            ("typing_extensions", "typing-extensions"),
            ("ruamel.yaml.clib", "ruamel-yaml-clib"),
            ("f--a", "f-a"),
            ("f-_-a", "f-a"),
        ],
    )
    def test_normalizes(self, raw: str, expected: str) -> None:
        assert PackageName.parse(raw) == expected
        assert str(PackageName.parse(raw)) == expected

    @pytest.mark.parametrize(
        "raw",
        [
            "",
            "-foo",
            "foo-",
            "foo bar",
            "foö",
            ".a",
            "a_",
            "a/b",
            # Found by the property tests: `$` let a trailing newline through,
            # and case folding let non-ASCII letters pass for "k" and "s".
            "foo\n",
            "Foo\n",
            "\u212a",
            "x\u017f",
        ],
    )
    def test_rejects_invalid(self, raw: str) -> None:
        with pytest.raises(InvalidName) as info:
            PackageName.parse(raw)
        assert isinstance(info.value, NormalizeError)
        assert isinstance(info.value, ValueError)
        assert repr(raw) in str(info.value)

    def test_equal_spellings_hash_alike(self) -> None:
        assert {PackageName.parse("A.B"), PackageName.parse("a_b")} == {"a-b"}

    def test_repr(self) -> None:
        assert repr(PackageName.parse("Foo")) == "<PackageName('foo')>"

    def test_dist_info_name(self) -> None:
        assert PackageName.parse("foo.bar-baz").as_dist_info_name() == "foo_bar_baz"


class TestExtraName:
    def test_normalizes_like_names(self) -> None:
        assert ExtraName.parse("Socks.Proxy") == "socks-proxy"

    def test_error_says_extra(self) -> None:
        with pytest.raises(InvalidName, match="invalid extra name"):
            ExtraName.parse("bad extra")


@pytest.mark.parametrize(
    ("name", "normalized"),
    [
        ("a-b", True),
        ("a--b", False),
        ("a_b", False),
        ("A", False),
        ("a\n", False),
        ("\u017f", False),
    ],
)
def test_is_normalized(name: str, normalized: bool) -> None:
    assert puffin_normalize.is_normalized(name) is normalized


def test_normalize_function() -> None:
    assert normalize("A-_.B") == "a-b"


def test_all_is_sorted_and_complete() -> None:
    assert puffin_normalize.__all__ == sorted(puffin_normalize.__all__)
    public = {n for n in dir(puffin_normalize) if not n.startswith("_")}
    assert set(puffin_normalize.__all__) <= public

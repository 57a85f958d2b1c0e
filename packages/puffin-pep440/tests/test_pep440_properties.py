"""Property tests: round trips, and agreement with packaging on generated input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.specifiers import InvalidSpecifier as PackagingInvalidSpecifier
from packaging.specifiers import Specifier
from packaging.version import InvalidVersion as PackagingInvalidVersion
from packaging.version import Version as PackagingVersion

from puffin_pep440 import InvalidSpecifier, InvalidVersion, Version, VersionSpecifier

_numbers = st.one_of(st.integers(0, 3), st.integers(0, 10**30))
_local_part = st.one_of(st.integers(0, 20), st.text("abcxyz", min_size=1, max_size=3))


@st.composite
def versions(draw: st.DrawFn, *, small: bool = False) -> Version:
    """Any version; *small* ones are close together, so that they often collide."""
    numbers = st.integers(0, 1) if small else _numbers
    return Version(
        draw(st.lists(st.integers(0, 2) if small else _numbers, min_size=1, max_size=3)),
        epoch=draw(st.sampled_from([0, 0, 0, 1])),
        pre=draw(st.none() | st.tuples(st.sampled_from(["a", "b", "rc", "alpha", "c"]), numbers)),
        post=draw(st.none() | numbers),
        dev=draw(st.none() | numbers),
        local=draw(st.none() | st.lists(_local_part, min_size=1, max_size=2 if small else 3)),
    )


# Pieces of version syntax, valid and not, glued at random.
_pieces = st.sampled_from(
    [
        "0",
        "1",
        "01",
        "10",
        ".",
        "-",
        "_",
        "!",
        "+",
        "*",
        " ",
        "v",
        "a",
        "B",
        "c",
        "rc",
        "alpha",
        "pre",
        "Preview",
        "post",
        "rev",
        "r",
        "dev",
        "x",
        "\u017f",
        "\u0661",
        "\u00a0",
    ]
)
_operators = st.sampled_from(["==", "!=", "<=", ">=", "<", ">", "~=", "===", "=", "=>", ""])


def _packaging_str(text: str) -> str | None:
    try:
        return str(PackagingVersion(text))
    except PackagingInvalidVersion:
        return None


class TestVersionProperties:
    @given(versions())
    def test_string_round_trips(self, version: Version) -> None:
        again = Version.parse(str(version))
        assert again == version
        assert str(again) == str(version)
        assert hash(again) == hash(version)

    @given(versions())
    def test_normal_form_is_packagings(self, version: Version) -> None:
        assert _packaging_str(str(version)) == str(version)

    @given(versions(), versions())
    def test_order_is_packagings(self, left: Version, right: Version) -> None:
        theirs_left, theirs_right = PackagingVersion(str(left)), PackagingVersion(str(right))
        assert (left < right) == (theirs_left < theirs_right)
        assert (left == right) == (theirs_left == theirs_right)
        assert (left <= right) == (theirs_left <= theirs_right)

    @settings(max_examples=500)
    @given(st.lists(_pieces, max_size=9).map("".join))
    def test_validity_is_packagings(self, text: str) -> None:
        try:
            ours: str | None = str(Version.parse(text))
        except InvalidVersion as error:
            assert 0 <= error.start <= len(text)
            assert 0 <= error.start + error.length <= len(text)
            ours = None
        assert ours == _packaging_str(text)


class TestSpecifierProperties:
    @settings(max_examples=500)
    @given(_operators, st.sampled_from(["", " "]), st.lists(_pieces, max_size=6).map("".join))
    def test_validity_is_packagings(self, operator: str, space: str, rest: str) -> None:
        text = operator + space + rest
        try:
            Specifier(text)
            theirs = True
        except PackagingInvalidSpecifier:
            theirs = False
        try:
            VersionSpecifier.parse(text)
            ours = True
        except InvalidSpecifier as error:
            assert 0 <= error.start <= error.start + error.length <= len(text)
            ours = False
        assert ours == theirs

    @settings(max_examples=400)
    @given(
        st.sampled_from(["==", "!=", "<=", ">=", "<", ">", "~=", "==*", "!=*", "==="]),
        versions(small=True),
        versions(small=True),
        st.sampled_from([None, True, False]),
    )
    def test_contains_is_packagings(
        self, operator: str, target: Version, candidate: Version, prereleases: bool | None
    ) -> None:
        if operator.endswith("*"):
            text = f"{operator[:-1]}{target.base_version()}.*"
        elif operator in ("<=", ">=", "<", ">", "~="):
            text = f"{operator}{target.without_local()}"
        else:
            text = f"{operator}{target}"
        try:
            ours = VersionSpecifier.parse(text)
        except InvalidSpecifier:
            return  # ~= with a one-number release
        theirs = Specifier(text)
        assert ours.contains(candidate, prereleases=prereleases) == theirs.contains(
            PackagingVersion(str(candidate)), prereleases=prereleases
        )
        assert Specifier(str(ours)) == theirs

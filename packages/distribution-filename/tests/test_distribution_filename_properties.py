"""Property tests: filenames built from their parts round-trip; any text parses or fails cleanly.

test_filename_wheel.py already checks plain generated wheel names; these
tests add every escaping of the project name, spelt versions, build tags of
any size and content, sdists, and arbitrary or edited input.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from packaging.tags import Tag
from packaging.utils import InvalidSdistFilename as PackagingInvalidSdist
from packaging.utils import InvalidWheelFilename as PackagingInvalidWheel
from packaging.utils import parse_sdist_filename, parse_wheel_filename
from packaging.version import Version as PackagingVersion

from distribution_filename import (
    DistFilename,
    InvalidSourceDistFilename,
    InvalidWheelFilename,
    SourceDistExtension,
    SourceDistFilename,
    WheelFilename,
)
from puffin_normalize import InvalidName, PackageName
from puffin_pep440 import InvalidVersion, Version

# Parsing takes microseconds: the deadline catches catastrophic backtracking,
# and leaves room for a slow CI machine.
_SETTINGS = settings(max_examples=200, deadline=timedelta(milliseconds=200))

_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_words = st.lists(st.text(_ALNUM, min_size=1, max_size=6), min_size=1, max_size=4)
# Strategies are built once, here: one built inside a draw is validated on every call.
_wheel_separators = st.lists(st.sampled_from(["_", ".", "__", "._"]), min_size=3, max_size=3)
_sdist_separators = st.lists(st.sampled_from(["_", ".", "-", "--", "-_"]), min_size=3, max_size=3)


@st.composite
def wheel_names(draw: st.DrawFn) -> tuple[str, PackageName]:
    """A project name as a wheel may spell it (``-`` escaped as ``_`` or ``.``)."""
    words = draw(_words)
    separators = draw(_wheel_separators)
    text = words[0] + "".join(sep + word for sep, word in zip(separators, words[1:], strict=False))
    return text, PackageName.parse("-".join(words))


@st.composite
def sdist_names(draw: st.DrawFn) -> tuple[str, PackageName]:
    """A project name as an sdist may spell it (PEP 625 escapes; older ones keep ``-``)."""
    words = draw(_words)
    separators = draw(_sdist_separators)
    text = words[0] + "".join(sep + word for sep, word in zip(separators, words[1:], strict=False))
    return text, PackageName.parse("-".join(words))


_numbers = st.integers(0, 12) | st.integers(0, 2**70)
_releases = st.lists(_numbers, min_size=1, max_size=4)
_pre_letters = st.sampled_from([("a", "a"), ("Beta", "b"), ("RC", "rc"), ("c", "rc")])
_pre_separators = st.sampled_from(["", ".", "_"])
_post_spellings = st.sampled_from([".post", "post", "_r", ".rev"])
_dev_spellings = st.sampled_from([".dev", "dev", "_DEV"])
_local_words = st.lists(st.text("abz019", min_size=1, max_size=4), min_size=1, max_size=3)
_local_separators = st.sampled_from([".", "_"])


@st.composite
def spelt_versions(draw: st.DrawFn) -> tuple[str, Version]:
    """A version spelt without ``-`` (which a filename would split on)."""
    release = draw(_releases)
    text = ".".join(map(str, release))
    pre = post = dev = None
    if draw(st.booleans()):
        letter, normal = draw(_pre_letters)
        pre = (normal, draw(_numbers))
        text += draw(_pre_separators) + letter + str(pre[1])
    if draw(st.booleans()):
        post = draw(_numbers)
        text += draw(_post_spellings) + str(post)
    if draw(st.booleans()):
        dev = draw(_numbers)
        text += draw(_dev_spellings) + str(dev)
    local = None
    if draw(st.booleans()):
        local = draw(_local_words)
        text += "+" + draw(_local_separators).join(local)
    return text, Version(release, pre=pre, post=post, dev=dev, local=local and ".".join(local))


_wheel_names = wheel_names()
_sdist_names = sdist_names()
_spelt_versions = spelt_versions()
_extensions = st.sampled_from(list(SourceDistExtension))
_cases = st.sampled_from([str.lower, str.upper])
# Anything but "-" may follow the build number, even characters no sane build
# tag holds: the filename must still come back unchanged.
_build_rest = st.text(st.characters(codec=None, exclude_characters="-"), max_size=4).filter(
    lambda rest: not rest[:1].isdigit()
)
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
_python_tags = st.lists(
    st.builds(str.__add__, st.sampled_from(_LETTERS), st.text(_LETTERS + "0123456789", max_size=6)),
    min_size=1,
    max_size=3,
)
_other_tags = st.lists(
    st.text(_LETTERS + "0123456789", min_size=1, max_size=12), min_size=1, max_size=3
)


@st.composite
def wheel_filenames(draw: st.DrawFn) -> tuple[str, WheelFilename]:
    """A valid wheel filename, and the value it names."""
    name_text, name = draw(_wheel_names)
    version_text, version = draw(_spelt_versions)
    build: tuple[int, str] | None = None
    build_text = ""
    if draw(st.booleans()):
        number, rest = draw(_numbers), draw(_build_rest)
        build = (number, rest)
        build_text = f"-{number}{rest}"
    pythons, abis, platforms = draw(_python_tags), draw(_other_tags), draw(_other_tags)
    filename = (
        f"{name_text}-{version_text}{build_text}-"
        f"{'.'.join(pythons)}-{'.'.join(abis)}-{'.'.join(platforms)}.whl"
    )
    expected = WheelFilename(name, version, build, tuple(pythons), tuple(abis), tuple(platforms))
    return filename, expected


@st.composite
def sdist_filenames(draw: st.DrawFn) -> tuple[str, SourceDistFilename]:
    """A valid sdist filename (any archive suffix, any letter case), and its value."""
    name_text, name = draw(_sdist_names)
    version_text, version = draw(_spelt_versions)
    extension = draw(_extensions)
    suffix = draw(_cases)(extension.value)
    return f"{name_text}-{version_text}{suffix}", SourceDistFilename(name, version, extension)


_any_char = st.characters(codec=None, categories=None, exclude_categories=())
_tricky = st.sampled_from(
    [
        *"-_.+!019aZ \t\n\x00/\\",
        *(".whl", ".tar.gz", ".zip", "py3", "none", "any", "\u212a", "\u0661"),
        *"\u0130\xdf\ud800",
    ]
)
_any_text = st.lists(_any_char | _tricky, max_size=40).map("".join)


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


_any_filenames: st.SearchStrategy[tuple[str, WheelFilename | SourceDistFilename]] = st.one_of(
    wheel_filenames(), sdist_filenames()
)
_sdist_projects = st.sampled_from(["foo", "Foo", "foo-bar", "Foo_Bar", "foo.bar", "k", "K"])
_sdist_suffixes = st.sampled_from([".tar.gz", ".zip", ".tar.bz2", ".TGZ"])


@st.composite
def mutated_filenames(draw: st.DrawFn) -> str:
    source = draw(_any_filenames)
    return _edit(draw, source[0])


@st.composite
def mutated_sdist_filenames(draw: st.DrawFn) -> str:
    """An sdist of foo, foo-bar or k, spelt any way, then edited."""
    name = draw(_sdist_projects)
    version = draw(_spelt_versions)[0]
    extension = draw(_sdist_suffixes)
    return _edit(draw, f"{name}-{version}{extension}")


def _version_or_none(text: str) -> Version | None:
    try:
        return Version.parse(text)
    except InvalidVersion:
        return None


def _wheel_or_none(filename: str) -> WheelFilename | None:
    try:
        wheel = WheelFilename.parse(filename)
    except InvalidWheelFilename as error:
        assert isinstance(error, ValueError)
        assert error.filename == filename
        assert error.reason in str(error)
        return None
    assert WheelFilename.parse(str(wheel)) == wheel
    return wheel


def _packaging_wheel(filename: str) -> tuple[str, PackagingVersion, object, frozenset[Tag]] | None:
    try:
        return parse_wheel_filename(filename)
    except PackagingInvalidWheel:
        return None


def _is_pep508_name(text: str) -> bool:
    try:
        PackageName.parse(text)
    except InvalidName:
        return False
    return True


class TestWheelRoundTrip:
    @_SETTINGS
    @given(wheel_filenames())
    @example(
        (
            "Foo.Bar__baz-1.0RC1-1\n-py3-none-any.whl",
            WheelFilename(
                PackageName.parse("foo-bar-baz"),
                Version.parse("1.0rc1"),
                (1, "\n"),
                ("py3",),
                ("none",),
                ("any",),
            ),
        )
    )
    def test_filename_parses_to_its_parts(self, spelt: tuple[str, WheelFilename]) -> None:
        filename, expected = spelt
        wheel = WheelFilename.parse(filename)
        assert wheel == expected
        assert DistFilename.from_filename(filename, wheel.name) == wheel
        # The canonical filename comes back unchanged.
        canonical = str(wheel)
        assert WheelFilename.parse(canonical) == wheel
        assert str(WheelFilename.parse(canonical)) == canonical
        if "__" in filename.partition("-")[0]:
            return  # packaging refuses "__" in the name; PEP 427 does not
        theirs = _packaging_wheel(filename)
        assert theirs is not None
        name, version, build, tags = theirs
        assert name == str(wheel.name)
        assert str(version) == str(wheel.version)
        if wheel.build_tag is None:
            assert build == ()
        else:
            # packaging's build pattern stops at a newline (its "." is not DOTALL).
            number, rest = wheel.build_tag
            assert build == (number, rest.partition("\n")[0])
        assert tags == {Tag(*tag) for tag in wheel.tags()}


class TestSourceDistRoundTrip:
    @_SETTINGS
    @given(sdist_filenames())
    def test_filename_parses_to_its_parts(self, spelt: tuple[str, SourceDistFilename]) -> None:
        filename, expected = spelt
        assert SourceDistFilename.parse(filename, expected.name) == expected
        assert SourceDistFilename.parse_unknown(filename) == expected
        assert DistFilename.from_filename(filename, expected.name) == expected
        canonical = str(expected)
        again = SourceDistFilename.parse_unknown(canonical)
        assert again == expected
        assert str(again) == canonical
        if expected.extension in (SourceDistExtension.TAR_GZ, SourceDistExtension.ZIP):
            name, version = parse_sdist_filename(canonical)
            assert (name, str(version)) == (str(expected.name), str(expected.version))


class TestRobustness:
    @_SETTINGS
    @given(_any_text | mutated_filenames())
    def test_any_text_is_a_wheel_or_invalid_wheel_filename(self, filename: str) -> None:
        _wheel_or_none(filename)

    @_SETTINGS
    @given(mutated_filenames().map(lambda text: text if text.endswith(".whl") else text + ".whl"))
    def test_edited_wheel_filenames_agree_with_packaging(self, filename: str) -> None:
        ours = _wheel_or_none(filename)
        theirs = _packaging_wheel(filename)
        name = filename.partition("-")[0]
        if ours is None and theirs is not None:
            # packaging's name pattern takes any \w run, such as "_a" or "\u0661",
            # which PEP 508 names do not.
            assert not _is_pep508_name(name)
        elif ours is not None:
            # puffin takes "__" in a name, which packaging refuses.
            assert theirs is not None or "__" in name
            if theirs is not None:
                assert theirs[0] == str(ours.name)
                assert theirs[2] == (ours.build_tag or ()) or "\n" in filename

    @_SETTINGS
    @given(_any_text | mutated_sdist_filenames(), st.sampled_from(["foo", "foo-bar", "k"]))
    @example("\u212a-1.0.tar.gz", "k")
    def test_any_text_is_an_sdist_or_invalid_sdist_filename(self, filename: str, name: str) -> None:
        project = PackageName.parse(name)
        try:
            sdist = SourceDistFilename.parse(filename, project)
        except InvalidSourceDistFilename as error:
            assert isinstance(error, ValueError)
            assert error.reason in str(error)
        else:
            # Some dash splits the stem into a valid spelling of the project and the version.
            stem = filename[: -len(sdist.extension.value)]
            assert any(
                _is_pep508_name(stem[:dash])
                and PackageName.parse(stem[:dash]) == project
                and _version_or_none(stem[dash + 1 :]) == sdist.version
                for dash in range(len(stem))
                if stem[dash] == "-"
            )
            assert SourceDistFilename.parse(str(sdist), project) == sdist
        try:
            found = DistFilename.from_filename(filename, project)
        except (InvalidSourceDistFilename, InvalidWheelFilename):
            assert DistFilename.try_from_filename(filename, project) is None
        else:
            assert found is None or found.name == project

    @_SETTINGS
    @given(_any_text | mutated_sdist_filenames())
    def test_edited_sdist_filenames_agree_with_packaging(self, filename: str) -> None:
        try:
            ours: SourceDistFilename | None = SourceDistFilename.parse_unknown(filename)
        except InvalidSourceDistFilename as error:
            assert error.reason in str(error)
            ours = None
        else:
            assert SourceDistFilename.parse_unknown(str(ours)) == ours
        if not filename.endswith((".tar.gz", ".zip")):
            return  # the only archives packaging knows
        try:
            theirs = parse_sdist_filename(filename)
        except PackagingInvalidSdist:
            assert ours is None
        else:
            name_part = filename.rpartition("-")[0]
            # packaging does not check the name: puffin refuses more.
            assert (ours is None) == (not _is_pep508_name(name_part))
            if ours is not None:
                assert (theirs[0], str(theirs[1])) == (str(ours.name), str(ours.version))

    @pytest.mark.parametrize(
        "filename",
        [
            "a" * 10_000 + "-1.0-py3-none-any.whl",
            "a-" + "1." * 5_000 + "0-py3-none-any.whl",
            "a-1.0-" + "1" * 10_000 + "-py3-none-any.whl",
            "a-1.0-1" + "x" * 10_000 + "-py3-none-any.whl",
            "a-1.0-" + "py3." * 2_500 + "py3-none-any.whl",
            "-" * 10_000 + ".whl",
            "a" + "-a" * 5_000 + "-1.0.tar.gz",
            "a" + "-" * 10_000 + "1.0.tar.gz",
            "a-" + "1" * 10_000 + ".zip",
            ".tar" * 2_500 + ".tar.gz",
        ],
    )
    def test_long_input_is_quick(self, filename: str) -> None:
        started = time.perf_counter()
        _wheel_or_none(filename)
        for name in ("a", "a-a"):
            DistFilename.try_from_filename(filename, PackageName.parse(name))
        try:
            SourceDistFilename.parse_unknown(filename)
        except InvalidSourceDistFilename as error:
            assert error.reason
        assert time.perf_counter() - started < 2.0

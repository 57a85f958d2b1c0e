"""Property tests of the readers on arbitrary and edited input: they return a value or raise
their documented error, and `DirectUrl` round-trips.

test_pypi_types_properties.py checks that what the writers produce reads back;
these tests feed the readers what no writer would.
"""

from __future__ import annotations

import contextlib
import json
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from puffin_normalize import PackageName
from puffin_pep440 import Version
from pypi_types import (
    ArchiveInfo,
    DirectUrl,
    DirInfo,
    InvalidDirectUrl,
    InvalidMetadata,
    InvalidSimpleResponse,
    Metadata,
    SimpleProject,
    VcsInfo,
    parse_simple_html,
    parse_simple_json,
)

# Each reader takes microseconds to a millisecond here: the deadline catches
# quadratic or catastrophic behaviour and leaves room for a slow CI machine.
_SETTINGS = settings(max_examples=200, deadline=timedelta(milliseconds=300))
_BASE = "https://example.com/simple/foo/"
_DATA = Path(__file__).parent / "data" / "metadata"
# The header block of real METADATA files (bodies are long and read as-is).
_SEEDS = sorted(path.read_text(encoding="utf-8")[:1500] for path in _DATA.glob("*.METADATA"))

_any_char = st.characters(codec=None, categories=None, exclude_categories=())


def _text_with(pieces: list[str], max_size: int = 40) -> st.SearchStrategy[str]:
    """Arbitrary text, with *pieces* of the format over-represented."""
    return st.lists(_any_char | st.sampled_from(pieces), max_size=max_size).map("".join)


# Built once: a strategy built inside a draw is validated again on every call.
_EDITS = st.sampled_from(["insert", "delete", "replace"])


def _edit(draw: st.DrawFn, text: str, pieces: st.SearchStrategy[str]) -> str:
    """*text* with one to four characters or *pieces* inserted, deleted or replaced."""
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        edit = draw(_EDITS)
        piece = "" if edit == "delete" else draw(pieces)
        text = text[:pos] + piece + text[pos + (edit != "insert") :]
    return text


# --- core metadata -------------------------------------------------------------------

_METADATA_PIECES = [
    *"\n\r\t :,;()[]<>=!~.*'\"\\\x00\ufeff\ud800",
    *("\n\n", "\n ", "\r\n", "Name: ", "Version: ", "Requires-Dist: ", "Requires-Python: "),
    *("Provides-Extra: ", "Project-URL: ", "Dynamic: ", "Metadata-Version: 2.1\n"),
    *("Description: ", "License: ", "extra == ", "python_version", ">=1.0", "\n       |"),
]
_metadata_text = _text_with(_METADATA_PIECES, 60)
_metadata_pieces = st.sampled_from(_METADATA_PIECES) | _any_char
_FIELDS = [
    "Metadata-Version",
    "Summary",
    "Requires-Dist",
    "Requires-Python",
    "Provides-Extra",
    "Project-URL",
    "Dynamic",
    "Classifier",
    "Description",
    "License",
    "Keywords",
    "Name",
    "Version",
]
# Header values hold no line break (a break starts a new line).
_values = st.text(
    st.characters(codec=None, categories=None, exclude_categories=(), exclude_characters="\n\r"),
    max_size=20,
)


# Built once: a strategy built inside a draw is validated again on every call.
_names = st.sampled_from(["foo", "Foo_Bar", "zope.interface", "a1"])
_versions = st.sampled_from(["1.0", "2!3.4rc1.post5.dev6+local.7", "v1", " 0.1 "])
_fields = st.sampled_from(_FIELDS)
_indents = st.sampled_from([" ", "\t", "       |"])
_newlines = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def mutated_metadata(draw: st.DrawFn) -> str:
    seed = draw(st.sampled_from(_SEEDS))
    return _edit(draw, seed, _metadata_pieces)


@st.composite
def metadata_with_name_and_version(draw: st.DrawFn) -> tuple[str, PackageName, Version]:
    """Valid Name and Version first, then any fields, continuations and body."""
    name = draw(_names)
    version = draw(_versions)
    # A field after Version, so that a continuation line never continues it.
    lines = [f"Name: {name}", f"Version:{version}", "Summary: s"]
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            lines.append(f"{draw(_fields)}: {draw(_values)}")
        elif kind == 1:
            lines.append(draw(_indents) + draw(_values))
        else:
            lines.append(f"{draw(_fields)}:{draw(_values)}")
    text = draw(_newlines).join(lines)
    if draw(st.booleans()):
        text += "\n\n" + draw(_metadata_text)
    return text, PackageName.parse(name), Version.parse(version)


def _metadata_or_error(data: str | bytes) -> Metadata | None:
    try:
        metadata = Metadata.parse(data)
    except InvalidMetadata as error:
        assert error.field in ("Name", "Version")
        assert error.reason in str(error)
        return None
    assert all(isinstance(warning, str) for warning in metadata.warnings)
    return metadata


class TestMetadata:
    @_SETTINGS
    @given(_metadata_text | st.binary(max_size=60) | mutated_metadata())
    def test_any_input_reads_or_raises_invalid_metadata(self, data: str | bytes) -> None:
        _metadata_or_error(data)

    @_SETTINGS
    @given(mutated_metadata().map(lambda text: text.encode("utf-8", "surrogatepass")))
    def test_edited_files_read_as_bytes(self, data: bytes) -> None:
        _metadata_or_error(data)

    @_SETTINGS
    @given(metadata_with_name_and_version())
    @example(
        (
            "Name: a\nVersion: 1\nRequires-Dist: b; " + "(" * 5000,
            PackageName.parse("a"),
            Version.parse("1"),
        )
    )
    def test_a_valid_name_and_version_always_read(
        self, spelt: tuple[str, PackageName, Version]
    ) -> None:
        text, name, version = spelt
        metadata = Metadata.parse(text)
        assert (metadata.name, metadata.version) == (name, version)


# --- simple index pages ----------------------------------------------------------------

_HTML_PIECES = [
    *"<>\"'=/ \n&#;!-",
    *("<a ", "<a href=", "</a>", "<base href=", "<meta ", "<!--", "-->", "<script>", "</script"),
    *(" data-yanked", " data-requires-python=", " data-core-metadata=", " data-upload-time="),
    *("#sha256=ab", "&amp;", "&gt", "&#x110000;", "&#0;", "//[::1", "http://[", "%ff", "x.whl"),
    *(' name="pypi:repository-version" content="1.1"', "\ud800"),
]
_html_text = _text_with(_HTML_PIECES, 50)
_html_pieces = st.sampled_from(_HTML_PIECES) | _any_char
_PAGE = (
    '<html><head><meta name="pypi:repository-version" content="1.1">'
    '<base href="https://example.com/files/"></head><body>\n'
    '<a href="/files/foo-1.0-py3-none-any.whl#sha256=ab" data-requires-python="&gt;=3.8"'
    ' data-core-metadata="sha256=cd" data-yanked="">foo-1.0-py3-none-any.whl</a>\n'
    "<a href='foo-1.1.tar.gz' data-upload-time='2024-01-02T03:04:05Z'>foo-1.1.tar.gz</a>\n"
    "<!-- <a href=hidden.whl> --><script>var a = '<a href=x.whl>';</script>\n"
    "<a href=https://example.com/foo-2.0.zip data-dist-info-metadata=true>foo-2.0.zip</a>\n"
    "</body></html>"
)


@st.composite
def mutated_pages(draw: st.DrawFn) -> str:
    return _edit(draw, _PAGE, _html_pieces)


def _check_project(project: SimpleProject, *, html: bool) -> None:
    for file in project.files:
        # A page's JSON states the filename (even ""); HTML takes it from the URL.
        assert file.filename or not html
        assert "#" not in file.url


class TestSimpleHtml:
    @_SETTINGS
    @given(_html_text | mutated_pages())
    @example('<a href="//[::1/x.whl">x</a>')
    @example('<base href="http://[::1"><a href="x.whl">x</a>')
    def test_any_text_reads_or_raises_invalid_simple_response(self, text: str) -> None:
        try:
            project = parse_simple_html(text, _BASE)
        except InvalidSimpleResponse as error:
            assert error.url == _BASE
            assert error.reason in str(error)
        else:
            _check_project(project, html=True)


# JSON values: any nesting of the JSON types, keys and strings from the format.
_JSON_KEYS = [
    *("name", "files", "versions", "meta", "api-version", "filename", "url", "hashes", "sha256"),
    *("requires-python", "yanked", "core-metadata", "dist-info-metadata", "upload-time", "size"),
]
_json_keys = st.sampled_from(_JSON_KEYS) | st.text(max_size=5)
_json_strings = st.sampled_from(
    ["foo", "1.0", "a.whl", "../x.whl", "//[::1/a", "#sha256=ab", "2024-01-02T03:04:05Z", ""]
) | st.text(max_size=8)
_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | _json_strings,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(_json_keys, children, max_size=5)
    ),
    max_leaves=12,
)


@st.composite
def simple_json_documents(draw: st.DrawFn) -> Any:
    """A document shaped like a PEP 691 page, with any value in any field."""
    file: dict[str, Any] = {
        "filename": draw(_json_strings),
        "url": draw(_json_strings),
        "hashes": draw(st.dictionaries(_json_keys, _json_strings, max_size=2) | _json_values),
    }
    for key in ("requires-python", "yanked", "core-metadata", "upload-time", "size"):
        if draw(st.booleans()):
            file[key] = draw(_json_values)
    document: dict[str, Any] = {
        "name": draw(st.sampled_from(["foo", "Foo_Bar", "not a name"]) | _json_values),
        "files": draw(st.lists(st.just(file), max_size=2) | _json_values),
        "meta": {"api-version": draw(st.sampled_from(["1.0", "1.1"]) | _json_values)},
    }
    if draw(st.booleans()):
        document["versions"] = draw(_json_values)
    return document


class TestSimpleJson:
    @_SETTINGS
    @given(
        st.one_of(
            _text_with(list('{}[]":,0123456789.eE-+ \\untrlfas'), 40),
            st.binary(max_size=40),
            _json_values.map(json.dumps),
            simple_json_documents().map(json.dumps),
        )
    )
    @example("[" * 100_000)
    @example('{"name":"foo","files":[{"filename":"a","url":"//[::1/a","hashes":{}}]}')
    def test_any_input_reads_or_raises_invalid_simple_response(self, data: str | bytes) -> None:
        try:
            project = parse_simple_json(data, _BASE)
        except InvalidSimpleResponse as error:
            assert error.url == _BASE
            assert error.reason in str(error)
        else:
            _check_project(project, html=False)


# --- direct_url.json -------------------------------------------------------------------

_strings = st.text(max_size=12)
_direct_urls = st.builds(
    DirectUrl,
    st.text(min_size=1, max_size=20),
    st.one_of(
        st.builds(
            ArchiveInfo,
            st.none() | st.dictionaries(st.sampled_from(["sha256", "md5"]), _strings, max_size=2),
        ),
        st.builds(
            lambda name, digest: ArchiveInfo(None, f"{name}={digest}"),
            st.sampled_from(["sha256", "md5"]),
            st.text(min_size=1, max_size=8),
        ),
        st.builds(
            VcsInfo,
            st.sampled_from(["git", "hg"]),
            st.text(min_size=1, max_size=12),
            st.none() | _strings,
        ),
        st.builds(DirInfo, st.booleans()),
    ),
    st.none() | _strings,
)


class TestDirectUrl:
    @_SETTINGS
    @given(_direct_urls)
    def test_json_round_trips(self, direct: DirectUrl) -> None:
        text = direct.to_json()
        again = DirectUrl.from_json(text)
        assert again == direct
        assert again.to_json() == text
        assert DirectUrl.from_json(text.encode()) == direct

    @_SETTINGS
    @given(
        st.one_of(
            _text_with(list('{}[]":,0123456789 \\urlarchive_infovcs_infodir_info'), 40),
            st.binary(max_size=40),
            _json_values.map(json.dumps),
            _direct_urls.map(lambda direct: direct.to_dict())
            .flatmap(
                lambda document: st.sampled_from(sorted(document)).flatmap(
                    lambda key: _json_values.map(lambda value: {**document, key: value})
                )
            )
            .map(json.dumps),
        )
    )
    @example("[" * 100_000)
    def test_any_input_reads_or_raises_invalid_direct_url(self, data: str | bytes) -> None:
        try:
            direct = DirectUrl.from_json(data)
        except InvalidDirectUrl as error:
            assert error.reason in str(error)
        else:
            assert DirectUrl.from_json(direct.to_json()) == direct


class TestLongInput:
    @pytest.mark.parametrize(
        "text",
        [
            "Name: a\nVersion: 1\n" + "Requires-Dist: b\n" * 2_000,
            "Name: a\nVersion: 1\nLicense: x\n" + "        line\n" * 5_000,
            "Name: a\nVersion: 1\nRequires-Python: " + ">=1," * 3_000,
            "Name: a\nVersion: 1\nRequires-Dist: b " + "(" * 10_000,
            "Name: a\nVersion: " + "1." * 5_000 + "0",
            ":" * 10_000,
            "\n" * 10_000,
        ],
    )
    def test_metadata(self, text: str) -> None:
        started = time.perf_counter()
        _metadata_or_error(text)
        assert time.perf_counter() - started < 2.0

    @pytest.mark.parametrize(
        "text",
        [
            "<a " * 5_000,
            "<a href=x" + " a" * 5_000 + ">",
            '<a href="' + "&amp;" * 2_000 + '">',
            "<!--" * 5_000,
            "<script>" * 2_000,
            "<" * 10_000,
            '<a href="' + "x/" * 5_000 + 'a.whl">a</a>',
        ],
    )
    def test_html(self, text: str) -> None:
        started = time.perf_counter()
        try:
            parse_simple_html(text, _BASE)
        except InvalidSimpleResponse as error:
            assert error.reason
        assert time.perf_counter() - started < 2.0

    @pytest.mark.parametrize(
        "text",
        ["[" * 100_000 + "]" * 100_000, '{"a":' * 50_000, '"' + "\\u0041" * 5_000 + '"'],
    )
    def test_json(self, text: str) -> None:
        started = time.perf_counter()
        for read, error in (
            (lambda: parse_simple_json(text, _BASE), InvalidSimpleResponse),
            (lambda: DirectUrl.from_json(text), InvalidDirectUrl),
        ):
            with contextlib.suppress(error):
                read()
        assert time.perf_counter() - started < 2.0

"""Property tests: files assembled from random lines give the entries known by construction;
any text or bytes parse or fail with a `RequirementsTxtError`.

Each generated line (requirement with per-line options, unnamed or editable
requirement, option, include, comment, blank) updates an expected model; lines
are then written with random spacing, comments, continuations and line ends.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from puffin_normalize import PackageName
from puffin_pep508 import Requirement, UnnamedRequirement
from requirements_txt import (
    RequirementEntry,
    RequirementsTxt,
    RequirementsTxtError,
    SourceLine,
)

# A file parses in well under a millisecond; the deadline catches runaway
# regexes and leaves room for a slow CI machine. The working directory comes
# from a module-scoped fixture, which hypothesis allows.
_SETTINGS = settings(
    max_examples=200,
    # Generous: the first example of a codec imports it (and, on a loaded machine, a lazily
    # imported module can take hundreds of ms); backtracking would take far longer.
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
)
_PATH = "reqs/requirements.in"
_ENV = {"VERSION": "2.0", "HOST": "example.com"}
_BASE = "included-pkg==1.0\n"
_CONSTRAINTS = "constrained<2\n"


@pytest.fixture(scope="module")
def working_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("requirements-txt-properties")
    (root / "reqs").mkdir()
    (root / "reqs" / "base.txt").write_text(_BASE)
    (root / "reqs" / "constraints.txt").write_text(_CONSTRAINTS)
    return root


@dataclass
class Model:
    """What parsing the generated file must give."""

    working_dir: Path
    requirements: list[RequirementEntry] = field(default_factory=list)
    constraints: list[Requirement] = field(default_factory=list)
    index_url: str | None = None
    extra_index_urls: list[str] = field(default_factory=list)
    find_links: list[str] = field(default_factory=list)
    trusted_hosts: list[str] = field(default_factory=list)
    no_binary: set[str] = field(default_factory=set)
    only_binary: set[str] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)

    def check(self, parsed: RequirementsTxt) -> None:
        assert parsed.requirements == tuple(self.requirements)
        assert parsed.constraints == tuple(self.constraints)
        assert parsed.index_url == self.index_url
        assert parsed.extra_index_urls == tuple(self.extra_index_urls)
        assert parsed.find_links == tuple(self.find_links)
        assert parsed.trusted_hosts == tuple(self.trusted_hosts)
        assert parsed.no_binary == self.no_binary
        assert parsed.only_binary == self.only_binary
        assert parsed.no_index == ("no_index" in self.flags)
        assert parsed.pre == ("pre" in self.flags)
        assert parsed.prefer_binary == ("prefer_binary" in self.flags)
        assert parsed.require_hashes == ("require_hashes" in self.flags)


# --- pieces of lines ---------------------------------------------------------------

_names = st.sampled_from(["foo", "Foo_Bar", "zope.interface", "a1", "requests", "X-Y"])
_extras = st.sampled_from(["", "[socks]", "[a,B_c]", "[ dev , test ]"])
_specifiers = st.sampled_from(
    ["", "==1.0", ">=1,<2", " (>=2.0rc1)", "~=3.4.5", "!=1.*", "==${VERSION}"]
)
_markers = st.sampled_from(
    [
        "",
        "; python_version >= '3.8'",
        ' ; os_name == "nt" and extra == "x"',
        ";(sys_platform=='linux' or platform_machine=='arm64')",
    ]
)
_hex = st.text("0123456789abcdefABCDEF", min_size=64, max_size=64)
_urls = st.sampled_from(
    ["https://example.com/simple", "https://${HOST}/simple", "http://127.0.0.1:8080/x/"]
)
_paths = st.sampled_from(["./pkg", "./pkg[dev]", "../sibling", "sub/dir", "./a/b.whl"])
_hosts = st.sampled_from(["example.com", "127.0.0.1:8080"])
_binary_items = st.sampled_from(["foo", "Foo_Bar", ":all:", ":none:"])
_spaces = st.sampled_from([" ", "  ", "\t", " \t"])
# Built once: a strategy built inside a draw is validated again on every call.
_small = st.integers(0, 3)
_picks = st.lists(st.integers(0, 255), max_size=2)
_long_separators = st.sampled_from(["=", " "])
_short_separators = st.sampled_from(["", " "])
_kinds = st.sampled_from(
    ["named", "named", "unnamed", "editable", "option", "include", "constraint", "blank"]
)
_url_markers = st.sampled_from(["", " ; os_name == 'nt'"])
_settings = st.sampled_from([("k", "v"), ("--build-option", "--x"), ("a", "")])
_unnamed = _paths | st.just("https://example.com/pkg-1.0.tar.gz")
_option_kinds = st.sampled_from(
    ["index", "extra", "links", "host", "no_binary", "only_binary", "flag"]
)
_flags = st.sampled_from(
    [
        ("no_index", "--no-index"),
        ("pre", "--pre"),
        ("prefer_binary", "--prefer-binary"),
        ("prefer_binary", "--prefer-b"),
        ("require_hashes", "--require-hashes"),
    ]
)
_newlines = st.sampled_from(["\n", "\r\n"])
_line_counts = st.integers(0, 8)
_blank_lines = st.sampled_from(["", "  ", "# a comment", "  #-r nothing.txt"])


def _expand(text: str) -> str:
    for name, value in _ENV.items():
        text = text.replace("${" + name + "}", value)
    return text


def _option(draw: st.DrawFn, names: tuple[str, ...], value: str) -> str:
    """An option with its value, spelt any way optparse reads it."""
    name = names[draw(_small) % len(names)]
    if name.startswith("--"):
        return name + draw(_long_separators) + value
    return name + draw(_short_separators) + value


def _format_control(model: Model, dest: str, item: str) -> None:
    target, other = (
        (model.no_binary, model.only_binary)
        if dest == "no_binary"
        else (model.only_binary, model.no_binary)
    )
    if item == ":all:":
        other.clear()
        target.clear()
        target.add(":all:")
    elif item == ":none:":
        target.clear()
    else:
        name = PackageName.parse(item)
        other.discard(name)
        target.add(name)


def _line(draw: st.DrawFn, model: Model, number: int) -> str | None:
    """One logical line (None for a blank or comment line), recorded in *model*."""
    source = SourceLine(_PATH, number)
    kind = draw(_kinds)
    if kind == "named":
        name = draw(_names)
        text = name + draw(_extras) + draw(_specifiers) + draw(_markers)
        if draw(st.booleans()):
            text = f"{name} @ https://example.com/{name}-1.0.tar.gz" + draw(_url_markers)
        requirement = Requirement.parse(_expand(text))
        options, hashes, settings_ = [], [], []
        for _ in range(draw(_small)):
            if draw(st.booleans()):
                digest = draw(_hex)
                options.append(_option(draw, ("--hash",), f"sha256:{digest}"))
                hashes.append(f"sha256:{digest.lower()}")
            else:
                key, value = draw(_settings)
                options.append(_option(draw, ("-C", "--config-settings"), f"{key}={value}"))
                settings_.append((key, value))
        model.requirements.append(
            RequirementEntry(requirement, source, tuple(hashes), False, tuple(settings_))
        )
        return " ".join([text, *options])
    if kind == "unnamed":
        text = draw(_unnamed)
        unnamed = UnnamedRequirement.parse(text, working_dir=model.working_dir)
        model.requirements.append(RequirementEntry(unnamed, source))
        return text
    if kind == "editable":
        path = draw(_paths)
        text = _option(draw, ("-e", "--editable"), path)
        editable = UnnamedRequirement.parse(path, working_dir=model.working_dir)
        model.requirements.append(RequirementEntry(editable, source, editable=True))
        return text
    if kind == "include":
        model.requirements.append(
            RequirementEntry(Requirement.parse(_BASE.strip()), SourceLine("reqs/base.txt", 1))
        )
        return _option(draw, ("-r", "--requirement"), "base.txt")
    if kind == "constraint":
        model.constraints.append(Requirement.parse(_CONSTRAINTS.strip()))
        return _option(draw, ("-c", "--constraint"), "constraints.txt")
    if kind == "option":
        which = draw(_option_kinds)
        if which == "index":
            url = draw(_urls)
            model.index_url = _expand(url)
            return _option(draw, ("-i", "--index-url", "--index", "--pypi-url"), url)
        if which == "extra":
            url = draw(_urls)
            model.extra_index_urls.append(_expand(url))
            return _option(draw, ("--extra-index-url", "--extra"), url)
        if which == "links":
            url = draw(_urls)
            model.find_links.append(_expand(url))
            return _option(draw, ("-f", "--find-links"), url)
        if which == "host":
            host = draw(_hosts)
            model.trusted_hosts.append(host)
            return _option(draw, ("--trusted-host",), host)
        if which in ("no_binary", "only_binary"):
            item = draw(_binary_items)
            _format_control(model, which, item)
            return _option(draw, (f"--{which.replace('_', '-')}",), item)
        flag, spelling = draw(_flags)
        model.flags.add(flag)
        return spelling
    return None


@st.composite
def requirements_files(draw: st.DrawFn, working_dir: Path) -> tuple[str, Model]:
    """A whole file: its text, and the model of what it holds."""
    model = Model(working_dir)
    newline = draw(_newlines)
    physical: list[str] = []
    for _ in range(draw(_line_counts)):
        logical = _line(draw, model, len(physical) + 1)
        if logical is None:
            physical.append(draw(_blank_lines))
            continue
        text = draw(_short_separators) + logical
        # Break after spaces into continued physical lines, which pip joins back.
        cuts = [i for i in range(1, len(text)) if text[i - 1] == " "]
        chosen = sorted({cuts[pick % len(cuts)] for pick in draw(_picks)}) if cuts else []
        start = 0
        for cut in chosen:
            physical.append(text[start:cut] + "\\")
            start = cut
        physical.append(text[start:])
        if draw(st.booleans()):
            physical[-1] += draw(_spaces) + "# trailing -r comment"
    body = newline.join(physical)
    final_newline = draw(st.booleans())
    if physical and final_newline:
        body += newline
    return body, model


# --- arbitrary and mutated input -----------------------------------------------------

_any_char = st.characters(codec=None, categories=None, exclude_categories=())
_tricky = st.sampled_from(
    [
        *" \t\n\r\\#-=@;[]()'\"$:,.\x00\x0c\x1c\x85\u2028\ud800",
        *("-r ", "-c ", "-e ", "--hash=", "--", "-i", "${HOST}", "${", "\\\n", "base.txt"),
        *("a==1", "sha256:", "--no-binary", ":all:", "file:", "git+"),
    ]
)
_any_text = st.lists(_any_char | _tricky, max_size=40).map("".join)
# Text encodings, and codecs that are not (rot13, hex, bz2...), for coding comments.
_CODECS = [
    *(b"", b"latin-1", b"utf-7", b"utf-16", b"utf-32", b"utf-8-sig", b"cp1252", b"koi8-r"),
    *(b"idna", b"punycode", b"unicode_escape", b"raw_unicode_escape", b"palmos", b"charmap"),
    *(b"rot13", b"hex", b"base64", b"bz2", b"zlib", b"uu", b"quopri", b"undefined", b"nope"),
]

_EDITS = st.sampled_from(["insert", "delete", "replace"])
_EDIT_PIECES = _tricky | _any_char


def _edit(draw: st.DrawFn, text: str) -> str:
    """*text* with one to three characters or pieces inserted, deleted or replaced."""
    for _ in range(draw(st.integers(1, 3))):
        pos = draw(st.integers(0, len(text)))
        edit = draw(_EDITS)
        piece = "" if edit == "delete" else draw(_EDIT_PIECES)
        text = text[:pos] + piece + text[pos + (edit != "insert") :]
    return text


@st.composite
def mutated_files(draw: st.DrawFn, working_dir: Path) -> str:
    return _edit(draw, draw(requirements_files(working_dir))[0])


def _parse_or_error(text: str, working_dir: Path) -> RequirementsTxt | None:
    """Parse *text*; a failure must be a `RequirementsTxtError` located inside the file."""
    try:
        return RequirementsTxt.parse_text(text, _PATH, working_dir=working_dir, env=_ENV)
    except RequirementsTxtError as error:
        assert error.message
        assert str(error)
        if error.line is not None and error.path == _PATH:
            assert 1 <= error.line <= len(text.splitlines()) + 1
            assert error.column is None or error.column >= 1
        return None


class TestGeneratedFiles:
    @_SETTINGS
    @given(data=st.data())
    def test_entries_are_known_by_construction(
        self, working_dir: Path, data: st.DataObject
    ) -> None:
        text, model = data.draw(requirements_files(working_dir))
        parsed = RequirementsTxt.parse_text(text, _PATH, working_dir=working_dir, env=_ENV)
        model.check(parsed)


class TestRobustness:
    @_SETTINGS
    @given(data=st.data())
    def test_edited_files_parse_or_raise_their_errors(
        self, working_dir: Path, data: st.DataObject
    ) -> None:
        _parse_or_error(data.draw(mutated_files(working_dir)), working_dir)

    @_SETTINGS
    @given(text=_any_text)
    @example(text="-r a\x00b")
    @example(text="-c \ud800")
    def test_any_text_parses_or_raises_its_errors(self, working_dir: Path, text: str) -> None:
        _parse_or_error(text, working_dir)

    @_SETTINGS
    @given(
        data=st.one_of(
            st.binary(max_size=40),
            st.tuples(
                st.sampled_from(
                    [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff\x00\x00", b"# coding: "]
                ),
                st.sampled_from(_CODECS),
                st.binary(max_size=30),
            ).map(lambda parts: parts[0] + parts[1] + b"\n" + parts[2]),
        )
    )
    @example(data=b"# coding: rot13\nfoo")
    @example(data=b"# coding: undefined\nfoo")
    @example(data=b"#coding:idna\x80")
    def test_any_bytes_parse_or_raise_their_errors(self, working_dir: Path, data: bytes) -> None:
        (working_dir / "reqs" / "bytes.txt").write_bytes(data)
        try:
            RequirementsTxt.parse("reqs/bytes.txt", working_dir=working_dir, env=_ENV)
        except RequirementsTxtError as error:
            assert error.message

    @pytest.mark.parametrize(
        "text",
        [
            "a" * 10_000,
            "a==1 " + "--hash=sha256:" + "0" * 10_000,
            "\\\n" * 5_000,
            "a \\\n" * 5_000,
            "#" * 10_000,
            " #" * 5_000,
            "-r " + "a/" * 5_000,
            "a " + "-C k=v " * 1_500,
            "${HOST}" * 1_500,
            "'" * 10_000,
            "--hash " + '"' * 10_000,
            "a; " + "(" * 5_000,
            "\n" * 10_000,
        ],
    )
    def test_long_input_is_quick(self, working_dir: Path, text: str) -> None:
        started = time.perf_counter()
        _parse_or_error(text, working_dir)
        assert time.perf_counter() - started < 2.0

"""Tests of Requirement and UnnamedRequirement: grammar, normalized text, errors."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from puffin_pep440 import VersionSpecifiers
from puffin_pep508 import (
    InvalidRequirement,
    MarkerEnvironment,
    MarkerTree,
    Pep508Error,
    Requirement,
    UnnamedRequirement,
    VerbatimUrl,
)

ENV = MarkerEnvironment(
    implementation_name="cpython",
    implementation_version="3.12.4",
    os_name="posix",
    platform_machine="arm64",
    platform_python_implementation="CPython",
    platform_release="23.5.0",
    platform_system="Darwin",
    platform_version="Darwin Kernel Version 23.5.0",
    python_full_version="3.12.4",
    python_version="3.12",
    sys_platform="darwin",
)


class TestRequirement:
    def test_fields(self) -> None:
        req = Requirement.parse("Foo_Bar[Socks, Dev,socks]>=1.0,<2; python_version >= '3.8'")
        assert req.name == "foo-bar"
        assert req.extras == ("socks", "dev")
        assert req.version_or_url == VersionSpecifiers.parse(">=1.0,<2")
        assert req.specifiers == VersionSpecifiers.parse(">=1.0,<2")
        assert req.url is None
        assert req.marker == MarkerTree.parse('python_version >= "3.8"')

    def test_bare_name(self) -> None:
        req = Requirement.parse("requests")
        assert (req.name, req.extras, req.version_or_url, req.marker) == (
            "requests",
            (),
            None,
            None,
        )
        assert not req.specifiers

    @pytest.mark.parametrize(
        ("text", "normalized"),
        [
            ("name", "name"),
            ("  name  ", "name"),
            ("Name>=1.0", "name>=1.0"),
            ("name >= 1.0 , < 2", "name>=1.0,<2"),
            ("name (>=1.0)", "name>=1.0"),
            ("name(>=1.0, <2)", "name>=1.0,<2"),
            ("name ( >=1.0 ) ; os_name == 'nt'", 'name>=1.0; os_name == "nt"'),
            ("name ()", "name"),
            ("name[]", "name"),
            ("name [ a , b ]", "name[a,b]"),
            ("name[B,a]==1", "name[b,a]==1"),
            ("name>=1,", "name>=1"),
            ("name>=\n1.0", "name>=1.0"),
            ("name==1.*", "name==1.*"),
            ("name===foo", "name===foo"),
            ("name===", "name==="),
            ("name (===1.0,>=2)", "name===1.0,>=2"),
            ("name;os_name=='nt'", 'name; os_name == "nt"'),
            ("name ; extra == 'Te_st'", 'name; extra == "te-st"'),
            ("name@https://example.com/n.whl", "name @ https://example.com/n.whl"),
            ("name @ https://example.com/n.whl ", "name @ https://example.com/n.whl"),
            (
                "name [x] @ https://example.com/n.whl ; os_name=='nt'",
                'name[x] @ https://example.com/n.whl ; os_name == "nt"',
            ),
            (
                "name @ git+https://example.com/r.git@v1#subdirectory=x&egg=name",
                "name @ git+https://example.com/r.git@v1#subdirectory=x&egg=name",
            ),
            ("name @ https://example.com/;x", "name @ https://example.com/;x"),
        ],
    )
    def test_normalized_text_round_trips(self, text: str, normalized: str) -> None:
        req = Requirement.parse(text)
        assert str(req) == normalized
        assert Requirement.parse(str(req)) == req

    def test_url(self) -> None:
        req = Requirement.parse("name @ HTTPS://Example.com/a/../n-1.0.whl#sha256=00")
        assert req.url == VerbatimUrl("https://example.com/n-1.0.whl#sha256=00")
        assert req.url is not None
        assert req.url.given == "HTTPS://Example.com/a/../n-1.0.whl#sha256=00"
        assert req.specifiers == VersionSpecifiers()

    def test_relative_path_url(self, tmp_path: Path) -> None:
        req = Requirement.parse("name @ ./sub/../pkg", working_dir=tmp_path)
        assert req.url is not None
        assert req.url.to_path() == tmp_path / "pkg"
        assert str(req) == "name @ ./sub/../pkg"
        assert Requirement.parse(str(req), working_dir=tmp_path) == req

    def test_env_var_in_url(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PUFFIN_TEST_HOST", "example.com")
        req = Requirement.parse("name @ https://${PUFFIN_TEST_HOST}/n.whl")
        assert req.url == VerbatimUrl("https://example.com/n.whl")
        assert str(req) == "name @ https://${PUFFIN_TEST_HOST}/n.whl"

    def test_evaluate_markers(self) -> None:
        req = Requirement.parse("name; sys_platform == 'darwin' and extra == 'x'")
        assert req.evaluate_markers(ENV, ["x"])
        assert not req.evaluate_markers(ENV, [])
        assert Requirement.parse("name").evaluate_markers(ENV, [])

    def test_equality(self) -> None:
        assert Requirement.parse("Foo[A]>=1.0; os_name=='nt'") == Requirement.parse(
            'foo [a] (>= 1.0) ; os_name == "nt"'
        )
        assert Requirement.parse("foo>=1.0") != Requirement.parse("foo>=1.1")
        assert Requirement.parse("foo[a,b]") != Requirement.parse("foo[b,a]")
        assert len({Requirement.parse("A>=1"), Requirement.parse("a >= 1")}) == 1

    def test_repr(self) -> None:
        assert repr(Requirement.parse("a>=1")) == "<Requirement('a>=1')>"

    def test_pickle(self) -> None:
        req = Requirement.parse("Foo[a]>=1; python_version > '3' and extra == 'a'")
        again = pickle.loads(pickle.dumps(req))
        assert again == req
        assert again.evaluate_markers(ENV, ["a"])
        unnamed = UnnamedRequirement.parse("./x[a] ; os_name == 'nt'", working_dir="/w")
        assert pickle.loads(pickle.dumps(unnamed)) == unnamed

    def test_parse_is_cached_only_without_url(self, tmp_path: Path) -> None:
        assert Requirement.parse("a>=1") is Requirement.parse("a>=1")
        first = Requirement.parse("a @ ./x", working_dir=tmp_path)
        second = Requirement.parse("a @ ./x", working_dir=tmp_path / "sub")
        assert first.url != second.url

    def test_rejects_non_str(self) -> None:
        with pytest.raises(TypeError):
            Requirement.parse(b"foo")  # type: ignore[arg-type]


class TestRequirementErrors:
    @pytest.mark.parametrize(
        ("text", "message", "start", "length"),
        [
            ("", "expected a package name, found end of input", 0, 1),
            ("   ", "expected a package name, found end of input", 3, 1),
            (">=1.0", "expected a package name, found '>'", 0, 1),
            ("https://example.com/x.whl", "expected a package name; write a URL", 0, 1),
            ("./x", "expected a package name; write a URL", 0, 1),
            ("foo-", "invalid package name 'foo-'", 0, 4),
            ("foo_", "invalid package name 'foo_'", 0, 4),
            ("foo==>1", "expected a version after '==', found '>'", 5, 1),
            ("foo>=1.0.*", "a wildcard '.*' follows only '==' or '!='", 8, 2),
            ("foo ~= 1", "'~=' needs a release of two numbers or more", 7, 1),
            ("foo==", "expected a version after '=='", 5, 0),
            ("foo=1.0", "'=' is not a comparison operator (did you mean '=='?)", 3, 1),
            ("foo bar", "expected a version specifier, '@ url', ';' or end, found 'b'", 4, 1),
            (
                "foo>=1.0 <2",
                "expected ',', ';' or end after the version specifier, found '<'",
                9,
                1,
            ),
            (
                "foo>=1.0,,<2",
                "expected ',', ';' or end after the version specifier, found ','",
                9,
                1,
            ),
            ("foo>=1.0\n", "expected ',', ';' or end after the version specifier", 8, 1),
            ("foo (>=1.0", "expected ')' to close the '(' at column 5, found end of input", 10, 1),
            ("foo (>=1.0,", "expected ')' to close the '(' at column 5", 11, 1),
            ("foo[bar", "expected ',' or ']' after the extra name, found end of input", 7, 1),
            ("foo[bar baz]", "expected ',' between extra names", 8, 1),
            ("foo[bar,]", "expected an extra name after ','", 8, 1),
            ("foo[,bar]", "expected an extra name or ']'", 4, 1),
            ("foo[bar_]", "invalid extra name 'bar_'", 4, 4),
            ("foo[bar]>=1.0[baz]", "unexpected '[' after '1.0'", 13, 1),
            ("foo; python_version >> '3'", "invalid marker operator '>>'", 20, 2),
            ("foo;", "expected a marker variable or quoted string, found end of input", 4, 1),
            ("foo; os_name == 'nt' and", "expected a marker variable or quoted string", 24, 1),
            ("foo @", "expected a URL after '@', found end of input", 5, 1),
            ("foo @ ", "expected a URL after '@', found end of input", 6, 1),
            (
                "foo @ https://example.com/x.whl; os_name == 'nt'",
                "a marker after a URL needs whitespace before the ';'",
                31,
                1,
            ),
            ("foo @ https://example.com/x.whl bar", "expected ';' or end after the URL", 32, 1),
            ("foo>=1.0 @ https://example.com/x.whl", "expected ',', ';' or end after the", 9, 1),
            ("fooé", "expected a version specifier, '@ url', ';' or end, found 'é'", 3, 1),
        ],
    )
    def test_rejects(self, text: str, message: str, start: int, length: int) -> None:
        with pytest.raises(InvalidRequirement) as info:
            Requirement.parse(text)
        error = info.value
        assert isinstance(error, Pep508Error)
        assert isinstance(error, ValueError)
        assert error.input == text
        assert message in error.message or error.message.startswith(message)
        assert (error.start, error.length) == (start, length)
        assert "\n" not in str(error)
        assert f"column {start + 1}" in str(error)

    @pytest.mark.parametrize(
        ("text", "cause"),
        [("foo==>1", "InvalidSpecifier"), ("foo_", "InvalidName"), ("a;os_name", "InvalidMarker")],
    )
    def test_keeps_the_cause(self, text: str, cause: str) -> None:
        with pytest.raises(InvalidRequirement) as info:
            Requirement.parse(text)
        assert type(info.value.__cause__).__name__ == cause

    def test_render_points_at_the_problem(self) -> None:
        with pytest.raises(InvalidRequirement) as info:
            Requirement.parse("foo==>1")
        assert info.value.render() == ("expected a version after '==', found '>'\nfoo==>1\n     ^")


class TestUnnamedRequirement:
    def test_url(self) -> None:
        req = UnnamedRequirement.parse("https://example.com/x-1.0.whl")
        assert req.url == VerbatimUrl("https://example.com/x-1.0.whl")
        assert (req.extras, req.marker) == ((), None)
        assert str(req) == "https://example.com/x-1.0.whl"

    def test_file_url(self) -> None:
        req = UnnamedRequirement.parse("file:///tmp/x")
        assert req.url.to_path() == Path("/tmp/x")

    def test_path_with_extras_and_marker(self, tmp_path: Path) -> None:
        req = UnnamedRequirement.parse('./foo[Bar]; python_version>"3"', working_dir=tmp_path)
        assert req.url.to_path() == tmp_path / "foo"
        assert req.extras == ("bar",)
        assert req.marker == MarkerTree.parse('python_version > "3"')
        assert str(req) == './foo[bar] ; python_version > "3"'
        assert UnnamedRequirement.parse(str(req), working_dir=tmp_path) == req

    def test_url_keeps_semicolon_without_whitespace(self) -> None:
        req = UnnamedRequirement.parse("https://example.com/a;b ; os_name == 'nt'")
        assert req.url.url == "https://example.com/a;b"
        assert req.marker is not None

    def test_url_marker_after_semicolon_and_space(self) -> None:
        req = UnnamedRequirement.parse("https://example.com/x.whl; os_name == 'nt'")
        assert req.url.url == "https://example.com/x.whl"
        assert str(req.marker) == 'os_name == "nt"'

    def test_url_with_extras(self) -> None:
        req = UnnamedRequirement.parse("git+https://example.com/r.git@v1#egg=r[a,b] ; extra == 'x'")
        assert req.url.url == "git+https://example.com/r.git@v1#egg=r"
        assert req.extras == ("a", "b")

    def test_evaluate_markers(self) -> None:
        req = UnnamedRequirement.parse("./x ; sys_platform == 'win32'", working_dir="/tmp")
        assert not req.evaluate_markers(ENV)
        assert repr(req) == "<UnnamedRequirement('./x ; sys_platform == \"win32\"')>"

    @pytest.mark.parametrize(
        ("text", "message", "start"),
        [
            ("", "expected a URL or path, found end of input", 0),
            ("  ; os_name == 'nt'", "expected a URL or path, found ';'", 2),
            ("./x; os_name >> 'nt'", "invalid marker operator '>>'", 13),
            ("./x[a b]", "expected ',' between extra names", 6),
            ("https://[::1/x", "invalid URL", 0),
        ],
    )
    def test_rejects(self, text: str, message: str, start: int) -> None:
        with pytest.raises(InvalidRequirement) as info:
            UnnamedRequirement.parse(text, working_dir="/tmp")
        assert info.value.message.startswith(message)
        assert info.value.start == start

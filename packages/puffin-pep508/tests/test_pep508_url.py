"""Tests of VerbatimUrl: parsing, normalization, paths, ${VAR} expansion."""

from __future__ import annotations

from pathlib import Path

import pytest

from puffin_pep508 import InvalidUrl, Pep508Error, VerbatimUrl, expand_env_vars


class TestParseUrl:
    @pytest.mark.parametrize(
        ("text", "url"),
        [
            ("https://example.com/x-1.0.whl", "https://example.com/x-1.0.whl"),
            ("HTTPS://Example.COM/X.whl", "https://example.com/X.whl"),
            ("https://example.com", "https://example.com/"),
            ("https://example.com:443/a", "https://example.com/a"),
            ("http://example.com:80/a", "http://example.com/a"),
            ("https://example.com:8443/a", "https://example.com:8443/a"),
            ("https://user:Pw@Example.com/a", "https://user:Pw@example.com/a"),
            ("https://example.com/a/./b/../c", "https://example.com/a/c"),
            ("https://example.com/a b", "https://example.com/a%20b"),
            ("https://example.com/a%20b", "https://example.com/a%20b"),
            ("https://[::1]:8000/a", "https://[::1]:8000/a"),
            ("https://example.com/x?a=1#sha256=ff", "https://example.com/x?a=1#sha256=ff"),
            (
                "git+https://example.com/r.git@v1.0#subdirectory=sub&egg=name",
                "git+https://example.com/r.git@v1.0#subdirectory=sub&egg=name",
            ),
            ("git+ssh://git@example.com/r.git@abc", "git+ssh://git@example.com/r.git@abc"),
            ("file:///tmp/x.whl", "file:///tmp/x.whl"),
            ("file://localhost/tmp/x.whl", "file:///tmp/x.whl"),
            ("file:/tmp/x.whl", "file:///tmp/x.whl"),
            ("file:///tmp/a%20b", "file:///tmp/a%20b"),
            ("file://server/share/x", "file://server/share/x"),
            ("git+file:///srv/repo@v1", "git+file:///srv/repo@v1"),
            ("https://example.com/x?", "https://example.com/x"),
        ],
    )
    def test_normalizes(self, text: str, url: str) -> None:
        parsed = VerbatimUrl.parse_url(text)
        assert parsed.url == url
        assert parsed.given == text
        assert str(parsed) == url

    @pytest.mark.parametrize("text", ["example.com/x", "./x", "C:/x", "://x", ""])
    def test_rejects_without_scheme(self, text: str) -> None:
        with pytest.raises(InvalidUrl) as info:
            VerbatimUrl.parse_url(text)
        assert isinstance(info.value, Pep508Error)
        assert info.value.start == 0

    def test_rejects_bad_port(self) -> None:
        with pytest.raises(InvalidUrl, match="invalid URL"):
            VerbatimUrl.parse_url("https://example.com:99999/x")

    @pytest.mark.parametrize(
        ("text", "start"),
        [
            ("https://example.com/\ud800", 20),
            ("file:///tmp/\udcff.whl", 12),
            ("\ud800", 0),
            ("./pkg\udfff", 5),
        ],
    )
    def test_rejects_lone_surrogates(self, text: str, start: int) -> None:
        # Found by the property tests: percent-encoding raised UnicodeEncodeError.
        with pytest.raises(InvalidUrl, match="lone surrogate") as info:
            VerbatimUrl.parse(text, "/w")
        assert (info.value.start, info.value.length) == (start, 1)

    def test_rejects_a_lone_surrogate_from_the_environment(self) -> None:
        with pytest.raises(InvalidUrl, match="lone surrogate") as info:
            VerbatimUrl.parse_url("https://${HOST}/x", env={"HOST": "a\udc80"})
        assert (info.value.start, info.value.length) == (0, 17)

    def test_scheme_and_fragment(self) -> None:
        url = VerbatimUrl.parse_url("Git+HTTPS://example.com/r.git#egg=r")
        assert url.scheme == "git+https"
        assert url.fragment == "egg=r"
        assert url.without_fragment() == "git+https://example.com/r.git"
        assert url.to_path() is None

    def test_equality_ignores_the_spelling(self) -> None:
        first = VerbatimUrl.parse_url("https://EXAMPLE.com/x")
        second = VerbatimUrl.parse_url("https://example.com:443/x")
        assert first == second
        assert hash(first) == hash(second)
        assert first.given != second.given
        assert first != "https://example.com/x"
        assert repr(first) == "<VerbatimUrl('https://example.com/x')>"


class TestParsePath:
    def test_relative_to_working_dir(self, tmp_path: Path) -> None:
        url = VerbatimUrl.parse_path("./pkgs/../x-1.0.tar.gz", tmp_path)
        assert url.url == (tmp_path / "x-1.0.tar.gz").as_uri()
        assert url.to_path() == tmp_path / "x-1.0.tar.gz"
        assert url.given == "./pkgs/../x-1.0.tar.gz"
        assert url.scheme == "file"

    def test_relative_to_current_dir(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(tmp_path)
        assert VerbatimUrl.parse_path("x").to_path() == tmp_path / "x"

    def test_absolute(self) -> None:
        assert VerbatimUrl.parse_path("/opt/a b/x", "/ignored").url == "file:///opt/a%20b/x"
        assert VerbatimUrl.from_path("/opt/x").url == "file:///opt/x"
        assert VerbatimUrl.from_path("/opt/x").given is None

    def test_fragment_is_kept(self) -> None:
        url = VerbatimUrl.parse_path("./x#egg=name&subdirectory=s", "/w")
        assert url.url == "file:///w/x#egg=name&subdirectory=s"
        assert url.to_path() == Path("/w/x")

    def test_hash_in_a_file_name_is_not_a_fragment(self) -> None:
        assert VerbatimUrl.parse_path("./a#b", "/w").url == "file:///w/a%23b"

    def test_rejects_empty(self) -> None:
        with pytest.raises(InvalidUrl, match="expected a path"):
            VerbatimUrl.parse_path("", "/w")

    def test_parse_picks_url_or_path(self) -> None:
        assert VerbatimUrl.parse("https://example.com/x").url == "https://example.com/x"
        assert VerbatimUrl.parse("../x", "/w/v").url == "file:///w/x"
        assert VerbatimUrl.parse("file:../x", "/w/v").url == "file:///w/x"


class TestEnvVars:
    def test_expansion(self) -> None:
        env = {"HOST": "example.com", "TOKEN": "s3cr3t"}
        url = VerbatimUrl.parse_url("https://${TOKEN}@${HOST}/x", env=env)
        assert url.url == "https://s3cr3t@example.com/x"
        assert url.given == "https://${TOKEN}@${HOST}/x"

    def test_unset_and_lower_case_stay(self) -> None:
        assert expand_env_vars("${UNSET}/${host}/$HOST", {"host": "x", "HOST": "y"}) == (
            "${UNSET}/${host}/$HOST"
        )

    def test_default_is_os_environ(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PUFFIN_TEST_ROOT", "/srv")
        assert VerbatimUrl.parse_path("${PUFFIN_TEST_ROOT}/x").url == "file:///srv/x"

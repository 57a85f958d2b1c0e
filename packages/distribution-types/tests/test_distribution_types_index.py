"""Tests of index locations: `IndexUrl`, `FlatIndexLocation`, `IndexLocations`."""

from __future__ import annotations

from pathlib import Path

import pytest

from distribution_types import (
    FlatIndexLocation,
    IndexLocations,
    IndexUrl,
    InvalidIndexUrl,
    redact_url,
)


class TestIndexUrl:
    @pytest.mark.parametrize(
        ("text", "url"),
        [
            ("https://example.com/simple", "https://example.com/simple/"),
            ("https://example.com/simple/", "https://example.com/simple/"),
            ("HTTPS://Example.COM:443/simple", "https://example.com/simple/"),
            ("http://127.0.0.1:8080/simple", "http://127.0.0.1:8080/simple/"),
            ("https://example.com", "https://example.com/"),
            ("  https://example.com/simple  ", "https://example.com/simple/"),
            ("https://example.com/simple#frag", "https://example.com/simple/"),
            ("https://example.com/simple?token=1", "https://example.com/simple/?token=1"),
            ("file:///srv/index", "file:///srv/index/"),
            ("/srv/index", "file:///srv/index/"),
            ("./index", "file:///work/index/"),
            ("../index", "file:///index/"),
        ],
    )
    def test_parse_normalizes(self, text: str, url: str) -> None:
        assert IndexUrl.parse(text, working_dir="/work").url == url

    def test_constructor_adds_trailing_slash(self) -> None:
        assert IndexUrl("https://example.com/simple").url == "https://example.com/simple/"
        assert IndexUrl("https://example.com/simple") == IndexUrl("https://example.com/simple/")

    @pytest.mark.parametrize(
        "text", ["", "   ", "ftp://example.com/simple", "ssh://x/y", "https://", "https:/x/simple"]
    )
    def test_parse_rejects(self, text: str) -> None:
        with pytest.raises(InvalidIndexUrl):
            IndexUrl.parse(text)

    def test_credentials_are_kept_but_never_shown(self) -> None:
        index = IndexUrl.parse("https://user:secret@example.com/simple")
        assert index.url == "https://user:secret@example.com/simple/"
        assert index.redacted == "https://user:****@example.com/simple/"
        assert str(index) == index.redacted
        assert "secret" not in repr(index)
        assert "secret" not in repr(IndexLocations(index=index))

    def test_lone_user_name_is_redacted(self) -> None:
        index = IndexUrl("https://token123@example.com/simple/")
        assert index.redacted == "https://****@example.com/simple/"
        assert "token123" not in repr(index)

    def test_is_default(self) -> None:
        assert not IndexUrl("https://example.com/simple").is_default
        index = IndexUrl.parse("https://example.com/simple", is_default=True)
        assert index.is_default
        assert IndexUrl("https://example.com/simple", is_default=True) == index

    def test_local_path(self) -> None:
        assert IndexUrl.parse("/srv/index").local_path == Path("/srv/index")
        assert IndexUrl("https://example.com/simple").local_path is None

    def test_project_url(self) -> None:
        index = IndexUrl("https://example.com/simple/?x=1")
        assert index.project_url("foo") == "https://example.com/simple/foo/?x=1"

    def test_hashable(self) -> None:
        assert len({IndexUrl("https://example.com/a"), IndexUrl("https://example.com/a/")}) == 1

    def test_no_env_expansion(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # Callers expand variables where pip does (requirements files), not here.
        monkeypatch.setenv("INDEX_PATH", "elsewhere")
        assert "elsewhere" not in IndexUrl.parse("https://example.com/${INDEX_PATH}/").url


class TestFlatIndexLocation:
    def test_relative_path(self) -> None:
        location = FlatIndexLocation.parse("wheels", working_dir="/work")
        assert location.path == Path("/work/wheels")
        assert location.url is None
        assert str(location) == "/work/wheels"
        assert location.to_url() == "file:///work/wheels"

    def test_file_url_becomes_path(self) -> None:
        location = FlatIndexLocation.parse("file:///srv/wheels%20dir")
        assert location.path == Path("/srv/wheels dir")
        assert location.url is None

    def test_url(self) -> None:
        location = FlatIndexLocation.parse("https://u:secret@example.com/links.html")
        assert location.path is None
        assert location.url == "https://u:secret@example.com/links.html"
        assert location.to_url() == location.url
        assert "secret" not in str(location)
        assert "secret" not in repr(location)

    def test_exactly_one_of_path_and_url(self) -> None:
        with pytest.raises(ValueError, match="either a path or a URL"):
            FlatIndexLocation()
        with pytest.raises(ValueError, match="either a path or a URL"):
            FlatIndexLocation(path=Path("/a"), url="https://example.com/")

    def test_rejects_other_schemes(self) -> None:
        with pytest.raises(InvalidIndexUrl, match="unsupported scheme 'ftp'"):
            FlatIndexLocation.parse("ftp://example.com/links")


class TestIndexLocations:
    def test_index_then_extras_in_order(self) -> None:
        locations = IndexLocations(
            index=IndexUrl("https://example.com/primary"),
            extra_indexes=[IndexUrl("https://example.com/b"), IndexUrl("https://example.com/a")],
        )
        assert [index.url for index in locations.indexes()] == [
            "https://example.com/primary/",
            "https://example.com/b/",
            "https://example.com/a/",
        ]

    def test_duplicates_are_searched_once(self) -> None:
        locations = IndexLocations(
            index=IndexUrl("https://example.com/a"),
            extra_indexes=(IndexUrl("https://example.com/a/"), IndexUrl("https://example.com/b")),
        )
        assert [index.url for index in locations.indexes()] == [
            "https://example.com/a/",
            "https://example.com/b/",
        ]

    def test_without_index(self) -> None:
        locations = IndexLocations(extra_indexes=(IndexUrl("https://example.com/x"),))
        assert [index.url for index in locations.indexes()] == ["https://example.com/x/"]

    def test_no_index_keeps_flat_indexes(self) -> None:
        flat = FlatIndexLocation(path=Path("/wheels"))
        locations = IndexLocations(
            index=IndexUrl("https://example.com/simple"), flat_indexes=[flat], no_index=True
        )
        assert list(locations.indexes()) == []
        assert locations.flat_indexes == (flat,)

    def test_defaults_and_hashing(self) -> None:
        locations = IndexLocations()
        assert locations.index is None
        assert locations.extra_indexes == ()
        assert locations.flat_indexes == ()
        assert not locations.no_index
        assert hash(locations) == hash(IndexLocations())


class TestRedactUrl:
    @pytest.mark.parametrize(
        ("url", "redacted"),
        [
            ("https://user:pw@example.com/x", "https://user:****@example.com/x"),
            ("https://token@example.com/x", "https://****@example.com/x"),
            ("https://example.com/x", "https://example.com/x"),
            ("https://example.com/a@b", "https://example.com/a@b"),
            ("https://u:p@example.com/a@b", "https://u:****@example.com/a@b"),
            ("git+ssh://git@example.com/r.git", "git+ssh://git@example.com/r.git"),
            ("https://${USER}:${PASS}@example.com/x", "https://${USER}:${PASS}@example.com/x"),
            ("./relative/path", "./relative/path"),
            ("https://u:p@example.com?q=a@b", "https://u:****@example.com?q=a@b"),
        ],
    )
    def test_redact(self, url: str, redacted: str) -> None:
        assert redact_url(url) == redacted

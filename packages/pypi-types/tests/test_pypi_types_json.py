"""Tests of the PEP 691 JSON reader and writer."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from puffin_normalize import PackageName
from pypi_types import (
    File,
    Hashes,
    InvalidSimpleResponse,
    Meta,
    SimpleProject,
    Yanked,
    dump_simple_json,
    parse_simple_json,
    parse_upload_time,
)

PAGE_URL = "https://example.com/simple/foo/"
SHA = "c" * 64


def page(*files: dict[str, Any], **top: Any) -> bytes:
    document: dict[str, Any] = {"meta": {"api-version": "1.1"}, "name": "foo", "files": list(files)}
    document.update(top)
    return json.dumps(document).encode()


def minimal_file(**extra: Any) -> dict[str, Any]:
    return {"filename": "foo-1.0.tar.gz", "url": "https://example.com/f/foo-1.0.tar.gz", **extra}


def only_file(**extra: Any) -> File:
    (file,) = parse_simple_json(page(minimal_file(**extra)), PAGE_URL).files
    return file


class TestParseSimpleJson:
    def test_every_key_present(self) -> None:
        document = page(
            {
                "filename": "foo-1.0-py3-none-any.whl",
                "url": "https://example.com/f/foo-1.0-py3-none-any.whl",
                "hashes": {"sha256": SHA, "blake2b": "ee"},
                "requires-python": ">=3.8",
                "core-metadata": {"sha256": "d" * 64},
                "dist-info-metadata": {"sha256": "d" * 64},
                "data-dist-info-metadata": {"sha256": "d" * 64},
                "gpg-sig": False,
                "yanked": "security issue",
                "size": 1234,
                "upload-time": "2024-01-02T03:04:05.678901Z",
                "provenance": None,
                "some-future-key": {"nested": [1, 2]},
            },
            versions=["1.0"],
            **{"alternate-locations": [], "project-status": {"status": "active"}},
        )
        project = parse_simple_json(document, PAGE_URL)
        assert project == SimpleProject(
            PackageName.parse("foo"),
            (
                File(
                    filename="foo-1.0-py3-none-any.whl",
                    url="https://example.com/f/foo-1.0-py3-none-any.whl",
                    hashes=Hashes(sha256=SHA),
                    requires_python=">=3.8",
                    yanked=Yanked("security issue"),
                    core_metadata=Hashes(sha256="d" * 64),
                    upload_time=datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
                    size=1234,
                ),
            ),
            ("1.0",),
            Meta("1.1"),
        )

    def test_every_optional_key_missing(self) -> None:
        document = json.dumps({"name": "Foo", "files": [minimal_file()]})
        project = parse_simple_json(document, PAGE_URL)
        assert project.meta == Meta("1.0")
        assert project.versions is None
        assert project.files == (
            File("foo-1.0.tar.gz", "https://example.com/f/foo-1.0.tar.gz", Hashes()),
        )
        file = project.files[0]
        assert file.requires_python is None
        assert file.yanked is None
        assert file.core_metadata is False
        assert file.upload_time is None
        assert file.size is None

    def test_files_key_missing(self) -> None:
        assert parse_simple_json(b'{"name": "foo"}', PAGE_URL).files == ()

    def test_name_is_normalized(self) -> None:
        assert parse_simple_json(page(name="Foo_Bar"), PAGE_URL).name == "foo-bar"

    @pytest.mark.parametrize(
        ("value", "expected"),
        [(False, None), (True, Yanked()), ("", Yanked()), ("why", Yanked("why")), (None, None)],
    )
    def test_yanked(self, value: object, expected: Yanked | None) -> None:
        assert only_file(yanked=value).yanked == expected

    @pytest.mark.parametrize(
        ("keys", "expected"),
        [
            ({"core-metadata": True}, True),
            ({"core-metadata": False}, False),
            ({"core-metadata": None}, False),
            ({"core-metadata": {}}, True),
            ({"core-metadata": {"sha1": "ab"}}, True),
            ({"core-metadata": {"SHA256": "AB"}}, Hashes(sha256="ab")),
            ({"dist-info-metadata": True}, True),
            ({"dist-info-metadata": {"sha256": "ab"}}, Hashes(sha256="ab")),
            ({"core-metadata": False, "dist-info-metadata": True}, False),
            ({"core-metadata": {"md5": "01"}, "dist-info-metadata": True}, Hashes(md5="01")),
            ({"data-dist-info-metadata": True}, False),
        ],
    )
    def test_core_metadata(self, keys: dict[str, object], expected: bool | Hashes) -> None:
        assert only_file(**keys).core_metadata == expected

    def test_requires_python_empty_is_none(self) -> None:
        assert only_file(**{"requires-python": ""}).requires_python is None
        assert only_file(**{"requires-python": None}).requires_python is None

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2024-01-02T03:04:05.678901Z", datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)),
            ("2024-01-02T03:04:05Z", datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
            ("2024-01-02T03:04:05", datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
            (
                "2024-01-02T03:04:05+02:00",
                datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2))),
            ),
        ],
    )
    def test_upload_time(self, text: str, expected: datetime) -> None:
        assert only_file(**{"upload-time": text}).upload_time == expected
        assert parse_upload_time(text) == expected

    def test_relative_urls_and_fragments(self) -> None:
        files: list[dict[str, Any]] = [
            {"filename": "a-1.0.tar.gz", "url": "../../files/a-1.0.tar.gz", "hashes": {}},
            {"filename": "b-1.0.tar.gz", "url": "/files/b-1.0.tar.gz#sha256=AA", "hashes": {}},
            {
                "filename": "c-1.0.tar.gz",
                "url": "c-1.0.tar.gz#sha256=aa",
                "hashes": {"sha256": "bb", "md5": "cc"},
            },
            {"filename": "d-1.0.tar.gz", "url": "https://cdn.example.com/d-1.0.tar.gz#egg=d"},
            {"filename": "e-1.0.tar.gz", "url": "https://cdn.example.com/e-1.0.tar.gz"},
        ]
        project = parse_simple_json(page(*files), PAGE_URL)
        assert [(f.url, f.hashes) for f in project.files] == [
            ("https://example.com/files/a-1.0.tar.gz", Hashes()),
            ("https://example.com/files/b-1.0.tar.gz", Hashes(sha256="aa")),
            ("https://example.com/simple/foo/c-1.0.tar.gz", Hashes(sha256="bb", md5="cc")),
            ("https://cdn.example.com/d-1.0.tar.gz", Hashes()),
            ("https://cdn.example.com/e-1.0.tar.gz", Hashes()),
        ]

    def test_absolute_urls_are_kept_as_is(self) -> None:
        project = parse_simple_json(page(minimal_file()), PAGE_URL)
        assert project.files[0].url == "https://example.com/f/foo-1.0.tar.gz"

    def test_accepts_str(self) -> None:
        assert parse_simple_json(page().decode(), PAGE_URL).name == "foo"

    @pytest.mark.parametrize(
        ("document", "reason"),
        [
            (b"{", "not a JSON document"),
            (b"\xff", "not a JSON document"),
            (b"[]", "expected a JSON object"),
            (b'{"files": []}', "required field missing @ $.name"),
            (b'{"name": 5}', "expected a project name, got int 5 @ $.name"),
            (b'{"name": "a b"}', "invalid package name 'a b'"),
            (b'{"name": "a", "files": {}}', "expected `files` to be a list"),
            (b'{"name": "a", "versions": "1.0"}', "expected `versions` to be a list"),
            (b'{"name": "a", "versions": [1]}', "expected a string, got int 1 @ $.versions[0]"),
            (b'{"name": "a", "files": ["x"]}', "expected a file object, got str 'x' @ $.files[0]"),
            (
                b'{"name": "a", "files": [{"url": "u"}]}',
                "required field missing @ $.files[0].filename",
            ),
            (b'{"name": "a", "meta": {"api-version": 1}}', "expected a string, got int 1"),
            # Found by the property tests: RecursionError and urljoin's ValueError escaped.
            (b"[" * 100_000, "not a JSON document: nested too deeply"),
            (
                b'{"name": "a", "files": [{"filename": "x", "url": "//[::1/x", "hashes": {}}]}',
                "invalid file URL: Invalid IPv6 URL",
            ),
        ],
    )
    def test_rejects_malformed_pages(self, document: bytes, reason: str) -> None:
        with pytest.raises(InvalidSimpleResponse) as info:
            parse_simple_json(document, PAGE_URL)
        assert reason in str(info.value)
        assert info.value.url == PAGE_URL
        assert str(info.value).startswith(f"invalid simple-index response from {PAGE_URL}: ")

    @pytest.mark.parametrize(
        ("key", "value", "reason"),
        [
            ("filename", 1, "expected a string, got int 1 @ $.files[0].filename"),
            ("url", None, "$.files[0].url"),
            ("hashes", [], "expected a mapping of hash names to hex digests, got []"),
            ("hashes", {"sha256": 1}, "expected a mapping of hash names to hex digests"),
            ("hashes", {"sha256": 1, "md5": "a"}, "expected a mapping of hash names"),
            ("requires-python", 3, "expected a string, got int 3"),
            ("yanked", 1, "expected a boolean or a reason, got 1"),
            ("core-metadata", "yes", "expected a mapping of hash names to hex digests, got 'yes'"),
            ("size", True, "expected a size in bytes, got True"),
            ("size", -1, "expected a size in bytes, got -1"),
            ("size", "12", "expected a size in bytes, got '12'"),
            ("upload-time", "yesterday", "expected an ISO 8601 time, got 'yesterday'"),
            ("upload-time", 5, "expected an ISO 8601 time, got 5"),
        ],
    )
    def test_rejects_wrong_types(self, key: str, value: object, reason: str) -> None:
        with pytest.raises(InvalidSimpleResponse) as info:
            only_file(**{key: value})
        assert reason in str(info.value)

    def test_reports_every_bad_file(self) -> None:
        document = page(minimal_file(size="1"), minimal_file(), minimal_file(filename=None))
        with pytest.raises(InvalidSimpleResponse) as info:
            parse_simple_json(document, PAGE_URL)
        assert "$.files[0].size" in info.value.reason
        assert "$.files[2].filename" in info.value.reason
        assert "$.files[1]" not in info.value.reason


class TestDumpSimpleJson:
    def test_round_trip_every_field(self) -> None:
        project = SimpleProject(
            PackageName.parse("foo"),
            (
                File(
                    "foo-1.0-py3-none-any.whl",
                    "https://example.com/f/foo-1.0-py3-none-any.whl",
                    Hashes(sha256="aa", md5="bb"),
                    ">=3.8",
                    Yanked("bad"),
                    Hashes(sha512="cc"),
                    datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
                    99,
                ),
                File("foo-1.0.tar.gz", "https://example.com/f/foo-1.0.tar.gz", yanked=Yanked()),
                File("foo-1.1.tar.gz", "https://example.com/f/foo-1.1.tar.gz", core_metadata=True),
                File(
                    "foo-1.2.tar.gz",
                    "https://example.com/f/foo-1.2.tar.gz",
                    upload_time=datetime(2024, 1, 2, tzinfo=timezone(timedelta(hours=-5))),
                ),
            ),
            ("1.0", "1.1", "1.2"),
            Meta("1.1"),
        )
        data = dump_simple_json(project)
        assert parse_simple_json(data, "https://elsewhere.example.com/") == project

    def test_wire_format(self) -> None:
        file = File(
            "f.whl",
            "https://example.com/f.whl",
            Hashes(sha256="aa"),
            yanked=Yanked(),
            core_metadata=Hashes(sha256="bb"),
            upload_time=datetime(2024, 1, 2, tzinfo=UTC),
        )
        document = json.loads(dump_simple_json(SimpleProject(PackageName.parse("f"), (file,))))
        assert document == {
            "name": "f",
            "files": [
                {
                    "filename": "f.whl",
                    "url": "https://example.com/f.whl",
                    "hashes": {"sha256": "aa"},
                    "requires-python": None,
                    "yanked": True,
                    "core-metadata": {"sha256": "bb"},
                    "upload-time": "2024-01-02T00:00:00.000000Z",
                    "size": None,
                }
            ],
            "versions": None,
            "meta": {"api-version": "1.0"},
        }

    def test_html_project_without_name(self) -> None:
        project = SimpleProject(None, (File("a-1.0.tar.gz", "https://example.com/a-1.0.tar.gz"),))
        data = dump_simple_json(project)
        assert json.loads(data)["name"] is None
        assert parse_simple_json(data, PAGE_URL) == project

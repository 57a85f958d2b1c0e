"""The fast row reader of PEP 691 pages agrees with the strict converter, file by file."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from pypi_types import (
    FileRows,
    InvalidSimpleResponse,
    SimpleProject,
    converter,
    files_to_rows,
    parse_simple_json,
)
from pypi_types._rows import rows_from_json

BASE = "https://example.com/simple/foo/"


def _entry(**fields: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "filename": "foo-1.0-py3-none-any.whl",
        "url": "https://files.example.com/foo-1.0-py3-none-any.whl",
    }
    entry.update(fields)
    return entry


REGULAR = [
    _entry(),
    _entry(hashes={"sha256": "ABCD"}),
    _entry(hashes={"sha256": "ab", "md5": "cd", "blake2b": "ef"}),
    _entry(hashes={}),
    _entry(**{"requires-python": ">=3.8"}),
    _entry(**{"requires-python": ""}),
    _entry(yanked=True),
    _entry(yanked="broken"),
    _entry(yanked=""),
    _entry(yanked=False),
    _entry(**{"core-metadata": True}),
    _entry(**{"core-metadata": {"sha256": "ff"}}),
    _entry(**{"core-metadata": {}}),
    _entry(**{"dist-info-metadata": {"sha256": "ee"}}),
    _entry(**{"core-metadata": None, "dist-info-metadata": True}),
    _entry(**{"upload-time": "2024-02-03T04:05:06.789Z"}),
    _entry(**{"upload-time": "2024-02-03T04:05:06.789123+00:00"}),
    _entry(**{"upload-time": "2024-02-03T04:05:06"}),
    _entry(**{"upload-time": "2024-02-03T04:05:06+02:00"}),
    _entry(size=1234, extra="ignored"),
]


def _strict(entries: list[dict[str, Any]]) -> SimpleProject:
    document = {"meta": {"api-version": "1.1"}, "name": "foo", "files": entries}
    project: SimpleProject = converter.structure(document, SimpleProject)
    return project


class TestRows:
    @pytest.mark.parametrize("entry", REGULAR, ids=lambda entry: json.dumps(entry)[60:120])
    def test_each_regular_entry_reads_as_the_converter_reads_it(
        self, entry: dict[str, Any]
    ) -> None:
        page = json.dumps({"meta": {"api-version": "1.1"}, "name": "foo", "files": [entry]})
        project = parse_simple_json(page, BASE)
        assert isinstance(project.files, FileRows)
        assert tuple(project.files) == tuple(_strict([entry]).files)

    def test_rows_round_trip_through_files(self) -> None:
        strict = _strict(REGULAR).files
        rows = rows_from_json(REGULAR)
        assert rows is not None
        assert tuple(FileRows(rows)) == tuple(strict)
        assert tuple(FileRows(files_to_rows(strict))) == tuple(strict)

    @pytest.mark.parametrize(
        "entry",
        [
            {"filename": "foo-1.0.tar.gz"},  # no url
            _entry(size=-1),
            _entry(hashes={"sha256": 1}),
            _entry(yanked=3),
            _entry(**{"upload-time": "yesterday"}),
            _entry(**{"requires-python": 3}),
        ],
    )
    def test_irregular_entries_go_to_the_strict_reader(self, entry: dict[str, Any]) -> None:
        assert rows_from_json([entry]) is None

    def test_relative_urls_are_resolved_by_the_strict_reader(self) -> None:
        page = json.dumps(
            {"name": "foo", "files": [_entry(url="../../f/foo-1.0.tar.gz#sha256=aa")]}
        )
        (file,) = parse_simple_json(page, BASE).files
        assert file.url == "https://example.com/f/foo-1.0.tar.gz"
        assert file.hashes.sha256 == "aa"


class TestBarePage:
    """The rest of a regular page (name, versions, meta) is read without cattrs, as the
    converter would read it; anything irregular is left to the converter."""

    @pytest.mark.parametrize(
        "rest",
        [
            {"name": "Foo_Bar", "meta": {"api-version": "1.1"}},
            {"name": "foo", "meta": {"api-version": "1.3", "_last-serial": 5}, "versions": []},
            {"name": "foo", "versions": ["1.0", "2.0b1"]},
            {"name": "foo", "meta": {}},
        ],
        ids=["plain", "serial", "versions", "empty-meta"],
    )
    def test_as_the_converter(self, rest: dict[str, Any]) -> None:
        document = {**rest, "files": [_entry()]}
        fast = parse_simple_json(json.dumps(document), BASE)
        strict: SimpleProject = converter.structure({**rest, "files": []}, SimpleProject)
        assert (fast.name, fast.versions, fast.meta) == (strict.name, strict.versions, strict.meta)
        assert isinstance(fast.files, FileRows)

    @pytest.mark.parametrize(
        ("rest", "message"),
        [
            ({"name": 3}, "expected a project name"),
            ({"name": "foo", "versions": "1.0"}, "expected `versions` to be a list"),
            ({"name": "foo", "meta": {"api-version": 2}}, "api_version"),
            ({"name": "not a name!"}, "name"),
        ],
    )
    def test_irregular_is_reported(self, rest: dict[str, Any], message: str) -> None:
        with pytest.raises(InvalidSimpleResponse, match=message):
            parse_simple_json(json.dumps({**rest, "files": [_entry()]}), BASE)

    def test_a_regular_page_does_not_import_cattrs(self) -> None:
        page = json.dumps({"name": "foo", "meta": {"api-version": "1.1"}, "files": [_entry()]})
        code = (
            "import sys, pypi_types\n"
            f"pypi_types.parse_simple_json({page!r}, {BASE!r})\n"
            "assert 'cattrs' not in sys.modules, 'cattrs imported'\n"
        )
        subprocess.run([sys.executable, "-c", code], check=True)

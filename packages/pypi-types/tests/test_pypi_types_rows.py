"""The fast row reader of PEP 691 pages agrees with the strict converter, file by file,
and with a plain reading of each entry on whole pages (`_one_by_one`)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pypi_types import (
    FileRows,
    Hashes,
    InvalidSimpleResponse,
    SimpleProject,
    converter,
    files_to_rows,
    parse_simple_json,
)
from pypi_types._json_rows import rows_from_json
from pypi_types._rows import hashes_to_row

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


_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(Z|[+-]\d\d:\d\d)?")


def _one_by_one(entries: list[Any]) -> list[tuple[Any, ...]] | None:
    """The rows of *entries* read one entry and one field at a time, as the fast
    reader first did: what it must still give (None for an irregular page, or one
    with a URL to resolve)."""
    try:
        rows = [_entry_row(entry) for entry in entries]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if any("#" in row[1] or not row[1].startswith(("https://", "http://")) for row in rows):
        return None
    return rows


def _entry_row(entry: Any) -> tuple[Any, ...]:
    if type(entry) is not dict:
        raise ValueError
    filename = entry["filename"]
    url = entry["url"]
    if type(filename) is not str or type(url) is not str:
        raise ValueError
    hashes = entry.get("hashes")
    if hashes is not None:
        digest = hashes.get("sha256") if type(hashes) is dict and len(hashes) == 1 else None
        hashes = (digest.lower(), None, None, None) if type(digest) is str else _digests(hashes)
    requires_python = entry.get("requires-python")
    if requires_python is not None:
        if type(requires_python) is not str:
            raise ValueError
        requires_python = requires_python or None
    yanked = entry.get("yanked")
    if yanked is None or yanked is False:
        yanked = None
    elif yanked is True:
        yanked = ""
    elif type(yanked) is not str:
        raise ValueError
    core = entry.get("core-metadata", entry.get("dist-info-metadata"))
    core = bool(core) if core is None or type(core) is bool else (_digests(core) or True)
    uploaded = entry.get("upload-time")
    if uploaded is not None:
        match = _ISO_TIME.fullmatch(uploaded) if type(uploaded) is str else None
        if match is None:
            raise ValueError
        if match.group(1) is None:
            uploaded += "+00:00"
        elif match.group(1) == "Z":
            uploaded = uploaded[:-1] + "+00:00"
    size = entry.get("size")
    if size is not None and (type(size) is not int or size < 0):
        raise ValueError
    return (filename, url, hashes, requires_python, yanked, core, uploaded, size)


def _digests(value: Any) -> tuple[str | None, ...] | None:
    if type(value) is not dict or any(
        type(k) is not str or type(v) is not str for k, v in value.items()
    ):
        raise ValueError
    return hashes_to_row(Hashes.from_mapping(value))


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


def _timed(*times: Any) -> list[dict[str, Any]]:
    return [_entry(**{"upload-time": time}) for time in times]


# Values of each field: regular ones, then others; `_MISSING` leaves the key out.
_MISSING = object()
_FIELDS: dict[str, tuple[list[Any], list[Any]]] = {
    "filename": (["foo-1.0.tar.gz", "foo-1.0-py3-none-any.whl", ""], [3, _MISSING]),
    "url": (
        ["https://example.com/files/foo-1.0.tar.gz", "http://example.com/foo-1.0.tar.gz"],
        ["../../files/foo-1.0.tar.gz", "https://example.com/foo.tar.gz#sha256=ab", None, _MISSING],
    ),
    "hashes": (
        [{"sha256": "ABCD"}, {"sha256": ""}, {"sha256": "ab", "md5": "CD"}, {}, None, _MISSING],
        [{"SHA256": "Ab"}, {"blake2b": "ef"}, {"sha256": 1}, "ab"],
    ),
    "requires-python": ([">=3.8", "", None, _MISSING], [3]),
    "yanked": ([True, False, "", "broken", None, _MISSING], [0, 1, []]),
    "core-metadata": ([True, False, None, {"sha256": "FF"}, {"sha256": ""}, {}, _MISSING], ["x"]),
    "dist-info-metadata": ([True, {"sha256": "EE"}, None, _MISSING], [1]),
    "upload-time": (
        [
            "2024-02-03T04:05:06Z",
            "2024-02-03T04:05:06.789Z",
            "2024-02-03T04:05:06.789123+00:00",
            "2024-02-03T04:05:06-05:30",
            "2024-02-03T04:05:06",
            "\u0662\u0660\u0662\u0664-02-03T04:05:06Z",  # Arabic-Indic digits: \\d reads them
            None,
            _MISSING,
        ],
        [
            "2024-02-03T04:05:06.1234567Z",
            "2024-02-03T04:05:06Z\n2024-02-03T04:05:06Z",
            "2024-02-03 04:05:06Z",
            "",
            3,
        ],
    ),
    "size": ([0, 1234, None, _MISSING], [-1, True, 1.5]),
    "extra": (["ignored", _MISSING], []),
}


@st.composite
def _pages(draw: st.DrawFn) -> list[Any]:
    """The ``files`` of a page: each field takes one or two of its values on a page, as
    real pages do (one time format, one kind of hashes); one field may take others."""
    odd = draw(st.sampled_from([None, *(field for field, (_, other) in _FIELDS.items() if other)]))
    options = {}
    for field, (regular, other) in _FIELDS.items():
        values = regular + other if field == odd else regular
        options[field] = draw(st.lists(st.sampled_from(values), min_size=1, max_size=2))
    entries: list[Any] = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 49)) == 0:
            entries.append(draw(st.sampled_from(["foo", None, [], 1])))
            continue
        entry = {}
        for field, values in options.items():
            value = draw(st.sampled_from(values))
            if value is not _MISSING:
                entry[field] = json.loads(json.dumps(value))  # a copy, as from a page
        entries.append(entry)
    return entries


class TestWholePages:
    """Whole pages read as `_one_by_one` reads them, whatever their values."""

    @settings(max_examples=500, deadline=timedelta(milliseconds=300))
    @given(_pages())
    def test_any_page_reads_as_entry_by_entry(self, entries: list[Any]) -> None:
        assert rows_from_json(entries) == _one_by_one(entries)

    @pytest.mark.parametrize(
        "times",
        [
            ("2024-02-03T04:05:06.789123Z",) * 3,  # written alike
            ("2024-02-03T04:05:06Z", "2024-02-03T04:05:06.5+00:00", "2024-02-03T04:05:06-05:30"),
            ("2024-02-03T04:05:06", "2024-02-03T04:05:06Z"),  # one without zone
            ("2024-02-03T04:05:06Z", None),
            (None, None),
            ("2024-02-03T04:05:06Z\n2024-02-03T04:05:06Z", "2024-02-03T04:05:06Z"),
            ("2024-02-03T04:05:06Z", "2024-02-03T04:05:06Z\n"),
            ("\u0662\u0660\u0662\u0664-02-03T04:05:06Z", "2024-02-03T04:05:06Z"),
            ("2024-02-03T04:05:06Z", "yesterday"),
        ],
    )
    def test_upload_times_read_as_one_by_one(self, times: tuple[Any, ...]) -> None:
        entries = _timed(*times)
        assert rows_from_json(entries) == _one_by_one(entries)

    def test_times_take_utc_as_zone(self) -> None:
        rows = rows_from_json(_timed("2024-02-03T04:05:06.7Z", "2024-02-03T04:05:06.7Z"))
        assert rows is not None
        assert [row[6] for row in rows] == ["2024-02-03T04:05:06.7+00:00"] * 2

    def test_a_time_holding_a_newline_is_irregular(self) -> None:
        assert rows_from_json(_timed("2024-02-03T04:05:06Z\n2024-02-03T04:05:06Z")) is None

    @pytest.mark.parametrize(
        ("fields", "core"),
        [
            ({"dist-info-metadata": {"sha256": "EE"}}, ("ee", None, None, None)),
            ({"core-metadata": None, "dist-info-metadata": True}, False),
            ({"core-metadata": {"sha256": ""}}, True),
        ],
    )
    def test_core_metadata(self, fields: dict[str, Any], core: object) -> None:
        rows = rows_from_json([_entry(), _entry(**fields)])
        assert rows is not None
        assert [row[5] for row in rows] == [False, core]

    def test_no_files(self) -> None:
        assert rows_from_json([]) == []


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

"""`GroupedRows`: a page's rows by version, and its cached form."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from puffin_cache import PickleBuffer, decode_payload, encode_payload
from puffin_client import GroupedRows
from puffin_client._simple_data import SimpleSerde
from puffin_normalize import PackageName
from pypi_types import Meta, SimpleProject

NAME = PackageName.parse("foo")


def _row(filename: str, uploaded: str | None = "2024-01-01T00:00:00+00:00") -> tuple[Any, ...]:
    return (filename, f"https://example.com/{filename}", None, None, None, False, uploaded, 1)


PAGE = [
    _row("foo-2.0-py3-none-any.whl", "2024-03-01T00:00:00+00:00"),
    _row("foo-1.0-py3-none-any.whl"),
    _row("foo-1.0.tar.gz", None),
    _row("foo-1.0.0-cp311-cp311-manylinux_2_17_x86_64.whl", "2023-06-01T12:00:00.5+00:00"),
    _row("foo-3.0a1.zip"),
    _row("foo-1.0.win32.exe"),
    _row("foobar-9.0-py3-none-any.whl"),
    _row("foo-notaversion-py3-none-any.whl"),
]


class TestGrouping:
    def test_versions_ascend_with_their_files_in_page_order(self) -> None:
        page = GroupedRows.from_rows(NAME, PAGE)
        assert page.texts == ["1.0", "2.0", "3.0a1"]
        assert list(page.prereleases) == [0, 0, 1]
        assert [row[0] for row in page.group_rows(0)] == [
            "foo-1.0-py3-none-any.whl",
            "foo-1.0.tar.gz",
            "foo-1.0.0-cp311-cp311-manylinux_2_17_x86_64.whl",
        ]

    def test_every_row_is_kept(self) -> None:
        page = GroupedRows.from_rows(NAME, PAGE)
        assert sorted(page.rows) == sorted(PAGE)
        assert len(page) == len(PAGE)
        assert page[0].filename == "foo-1.0-py3-none-any.whl"

    def test_earliest_upload_and_untimed_files(self) -> None:
        page = GroupedRows.from_rows(NAME, PAGE)
        assert page.uploads[0] == 1685620800.5  # 2023-06-01T12:00:00.5Z
        assert page.untimed == {0: ("foo-1.0.tar.gz",)}
        assert GroupedRows.from_rows(NAME, [_row("foo-1.0.tar.gz", None)]).uploads == [None]

    def test_earliest_upload_across_zones(self) -> None:
        rows = [
            _row("foo-1.0-py3-none-any.whl", "2020-01-01T00:00:00-05:00"),  # 05:00 UTC
            _row("foo-1.0.tar.gz", "2020-01-01T04:00:00+00:00"),
        ]
        assert GroupedRows.from_rows(NAME, rows).uploads == [1577851200.0]  # 04:00 UTC

    def test_earliest_upload_when_all_times_are_written_alike(self) -> None:
        rows = [
            _row("foo-1.0-py3-none-any.whl", "2024-01-02T00:00:00.000000+00:00"),
            _row("foo-1.0.tar.gz", "2024-01-01T00:00:00.500000+00:00"),
            _row("foo-2.0.tar.gz", "2024-02-01T00:00:00.000000+00:00"),
        ]
        page = GroupedRows.from_rows(NAME, rows)
        assert page.uploads == [1704067200.5, 1706745600.0]
        assert page.untimed == {}

    @settings(max_examples=200, deadline=timedelta(milliseconds=300))
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["1.0", "1.0.0", "2.0", "3.0a1"]),
                st.sampled_from(["-py3-none-any.whl", ".tar.gz"]),
                st.sampled_from(
                    [
                        None,
                        "2024-01-01T00:00:00+00:00",
                        "2023-12-31T23:00:00+00:00",
                        "2023-12-31T23:30:00.5+00:00",
                        "2024-01-01T00:30:00+01:00",
                        "2023-06-01T00:00:00-05:00",
                    ]
                ),
            ),
            max_size=8,
        )
    )
    def test_earliest_upload_and_untimed_files_of_any_page(
        self, files: list[tuple[str, str, str | None]]
    ) -> None:
        page = GroupedRows.from_rows(
            NAME, [_row(f"foo-{text}{end}", time) for text, end, time in files]
        )
        for number in range(len(page.texts)):
            group = page.group_rows(number)
            times = [datetime.fromisoformat(row[6]).timestamp() for row in group if row[6]]
            assert page.uploads[number] == (min(times) if times else None)
            untimed = tuple(row[0] for row in group if row[6] is None)
            assert page.untimed.get(number) == (untimed or None)

    def test_rows_of_an_iterator(self) -> None:
        page = GroupedRows.from_rows(NAME, iter(PAGE))
        assert page.texts == GroupedRows.from_rows(NAME, PAGE).texts
        assert sorted(page.rows) == sorted(PAGE)

    def test_spellings_of_one_version(self) -> None:
        page = GroupedRows.from_rows(NAME, PAGE)
        assert page.spellings == {0: (("1.0", 1704067200.0), ("1.0.0", 1685620800.5))}
        assert page.spellings.get(1) is None


class TestCachedForm:
    def test_round_trip(self) -> None:
        page = GroupedRows.from_rows(NAME, PAGE)
        back = GroupedRows.from_data(NAME, decode_payload(encode_payload(page.to_data())))
        assert back.texts == page.texts
        assert back.uploads == page.uploads
        assert back.untimed == page.untimed
        assert back.spellings == page.spellings
        assert back.rows == page.rows

    def test_groups_packed_one_by_one_read_back(self) -> None:
        # Records written when each group was packed by `encode_payload` read the same.
        page = GroupedRows.from_rows(NAME, PAGE)
        groups = [page.group_rows(number) for number in range(len(page.texts) + 1)]
        chunks = [encode_payload(group) for group in groups]
        offsets = [0]
        for chunk in chunks:
            offsets.append(offsets[-1] + len(chunk))
        data = (*page.to_data()[:6], offsets, PickleBuffer(b"".join(chunks)))
        back = GroupedRows.from_data(NAME, data)
        assert [back.group_rows(number) for number in range(len(page.texts) + 1)] == groups

    @pytest.mark.parametrize(
        "data",
        [
            None,
            [_row("foo-1.0.tar.gz")],  # the rows of an older layout
            ("grouped-0", [], b"", [], {}, {}, [0, 0], b""),
            ("grouped-1", ["1.0"], b"", [], {}, {}, [0, 0], b""),  # lengths disagree
        ],
    )
    def test_another_layout_is_refused(self, data: object) -> None:
        with pytest.raises(ValueError, match="not grouped file rows"):
            GroupedRows.from_data(NAME, data)

    def test_serde_keeps_pages_grouped(self) -> None:
        serde = SimpleSerde(NAME)
        page = SimpleProject(NAME, GroupedRows.from_rows(NAME, PAGE), ("1.0",), Meta("1.1"))
        back = serde.from_data(decode_payload(encode_payload(serde.to_data(page))))
        assert back is not None
        assert isinstance(back.files, GroupedRows)
        assert back.files.texts == ["1.0", "2.0", "3.0a1"]
        assert back.versions == ("1.0",)

    def test_serde_groups_plain_files(self) -> None:
        serde = SimpleSerde(NAME)
        plain = GroupedRows.from_rows(NAME, PAGE)[:]
        data = serde.to_data(SimpleProject(NAME, plain))
        back = serde.from_data(data)
        assert back is not None
        assert isinstance(back.files, GroupedRows)
        assert sorted(row[0] for row in back.files.rows) == sorted(row[0] for row in PAGE)

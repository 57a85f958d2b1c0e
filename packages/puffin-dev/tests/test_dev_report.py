"""Reading lines and pins, comparing outcomes, and the text of the report."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from puffin_dev import (
    InvalidOption,
    LineResult,
    Outcome,
    compare_pins,
    parse_exclude_newer,
    read_lines,
    read_pins,
    result_lines,
    summary_lines,
)


class TestReadLines:
    def test_skips_comments_and_blank_lines(self) -> None:
        text = "# header\n\n  flask  \nrequests[socks]>=2 ; python_version>'3'  # why\n"
        assert read_lines(text) == ["flask", "requests[socks]>=2 ; python_version>'3'"]

    def test_keeps_a_hash_inside_a_url(self) -> None:
        assert read_lines("a @ https://example.com/a.whl#sha256=00\n") == [
            "a @ https://example.com/a.whl#sha256=00"
        ]


class TestReadPins:
    def test_reads_uv_output(self) -> None:
        text = (
            "annotated-types==0.7.0\n"
            "Jinja2==3.1.4 \\\n"
            "    --hash=sha256:00\n"
            "pydantic[email]==2.0 ; python_version >= '3.8'\n"
            "    # via -r -\n"
        )
        assert read_pins(text) == {
            "annotated-types": "0.7.0",
            "jinja2": "3.1.4",
            "pydantic": "2.0",
        }

    def test_empty_output(self) -> None:
        assert read_pins("") == {}


class TestComparePins:
    def test_same_pins(self) -> None:
        assert compare_pins({"a": "1"}, {"a": "1"}) == []

    def test_each_kind_of_difference(self) -> None:
        assert compare_pins({"a": "1", "b": "2"}, {"a": "1.1", "c": "3"}) == [
            "a 1 (puffin) vs 1.1 (uv)",
            "b 2 only in puffin",
            "c 3 only in uv",
        ]


class TestLineResult:
    def test_both_failing_is_no_difference(self) -> None:
        result = LineResult("a", Outcome(0.1, error="no"), Outcome(0.1, error="no either"))
        assert result.differences == []
        assert not result.good

    def test_without_uv(self) -> None:
        assert LineResult("a", Outcome(0.1, {"a": "1"})).good

    def test_an_empty_error_has_a_headline(self) -> None:
        assert Outcome(0.1, error="").headline == "(no message)"


class TestReport:
    def test_pads_the_lines(self) -> None:
        result = LineResult("a", Outcome(0.002, {"a": "1"}))
        assert result_lines(result, width=4) == ["ok   a     1 package  2ms"]

    def test_summary_counts_and_slowest_five(self) -> None:
        results = [LineResult(f"p{i}", Outcome(float(i), {"x": "1"})) for i in range(1, 8)]
        results.append(LineResult("bad", Outcome(0.5, error="boom")))
        summary = summary_lines(results, 30.0)
        assert summary == [
            "8 lines: 7 ok, 1 failed",
            "puffin: 28.50s in all, median 3.50s",
            "wall clock: 30.00s",
            "slowest: p7 7.00s, p6 6.00s, p5 5.00s, p4 4.00s, p3 3.00s",
        ]

    def test_no_lines(self) -> None:
        assert summary_lines([], 0.0) == [
            "0 lines: 0 ok, 0 failed",
            "puffin: no lines",
            "wall clock: 0ms",
        ]


class TestExcludeNewer:
    def test_rfc_3339(self) -> None:
        assert parse_exclude_newer("2026-11-01T02:00:00+02:00") == datetime(2026, 11, 1, tzinfo=UTC)

    def test_rejects_other_text(self) -> None:
        with pytest.raises(InvalidOption, match="--exclude-newer"):
            parse_exclude_newer("soon")

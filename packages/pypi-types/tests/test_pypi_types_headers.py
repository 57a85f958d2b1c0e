"""Tests of the core-metadata header scanner."""

from __future__ import annotations

import email.parser
import email.policy
from pathlib import Path

import pytest

from pypi_types._headers import split_headers, unfold, unfold_text

DATA = Path(__file__).parent / "data" / "metadata"


class TestSplitHeaders:
    def test_fields_and_body(self) -> None:
        fields, body, problems = split_headers("Name: foo\nVersion:1.0\n\nBody\n\nMore\n")
        assert fields == [("name", "foo"), ("version", "1.0")]
        assert body == "Body\n\nMore\n"
        assert problems == []

    def test_names_are_lowercased_values_stripped(self) -> None:
        fields, _, _ = split_headers("Home-Page:   https://example.com  \nAUTHOR-EMAIL: a@b\n")
        assert fields == [("home-page", "https://example.com"), ("author-email", "a@b")]

    def test_no_body(self) -> None:
        assert split_headers("Name: foo\n") == ([("name", "foo")], None, [])
        assert split_headers("Name: foo") == ([("name", "foo")], None, [])
        assert split_headers("Name: foo\n\n") == ([("name", "foo")], "", [])

    def test_empty_input(self) -> None:
        assert split_headers("") == ([], None, [])
        assert split_headers("\nbody") == ([], "body", [])

    def test_continuation_lines(self) -> None:
        text = "License: MIT\n        second\n\tthird\nName: foo\n"
        fields, _, _ = split_headers(text)
        assert fields == [("license", "MIT\n        second\n\tthird"), ("name", "foo")]

    def test_whitespace_only_line_continues(self) -> None:
        fields, body, _ = split_headers("Description: a\n        \n        b\nName: x\n\nbody")
        assert fields == [("description", "a\n        \n        b"), ("name", "x")]
        assert body == "body"

    def test_value_with_colons(self) -> None:
        fields, _, _ = split_headers("Project-URL: Home, https://example.com:8080/x\n")
        assert fields == [("project-url", "Home, https://example.com:8080/x")]

    def test_crlf_and_cr(self) -> None:
        fields, body, _ = split_headers("Name: foo\r\nSummary: s\r\n  more\r\n\r\nbody\r\n")
        assert fields == [("name", "foo"), ("summary", "s\n  more")]
        assert body == "body\n"
        assert split_headers("Name: foo\rVersion: 1\r\rbody")[1] == "body"

    def test_byte_order_mark(self) -> None:
        assert split_headers("\ufeffName: foo\n")[0] == [("name", "foo")]

    def test_space_before_colon_is_tolerated(self) -> None:
        assert split_headers("Name : foo\n")[0] == [("name", "foo")]

    def test_non_field_line_starts_the_body(self) -> None:
        fields, body, problems = split_headers("Name: foo\nthis is text\nVersion: 1\n\nrest")
        assert fields == [("name", "foo")]
        assert body == "this is text\nVersion: 1\n\nrest"
        assert problems == ["line 2 is not a 'Name: value' field: 'this is text'"]

    def test_non_field_line_without_body(self) -> None:
        _, body, problems = split_headers("Name: foo\n: no name\n")
        assert body == ": no name"
        assert len(problems) == 1

    def test_continuation_before_any_field(self) -> None:
        fields, _, problems = split_headers("  stray\nName: foo\n")
        assert fields == [("name", "foo")]
        assert problems == ["continuation line before any field: 'stray'"]

    @pytest.mark.parametrize("path", sorted(DATA.iterdir()), ids=lambda p: p.name)
    def test_agrees_with_email_parser(self, path: Path) -> None:
        text = path.read_bytes().decode()
        message = email.parser.Parser(policy=email.policy.compat32).parsestr(text)
        fields, body, problems = split_headers(text)
        assert problems == []
        expected = [
            (key.lower(), "\n".join(line.rstrip("\r") for line in str(value).split("\n")).strip())
            for key, value in message.items()
        ]
        assert [(key, value.strip()) for key, value in fields] == expected
        payload = message.get_payload()
        assert isinstance(payload, str)
        assert (body or "") == payload.replace("\r\n", "\n")


class TestUnfold:
    def test_single_line_unchanged(self) -> None:
        assert unfold("requests>=2") == "requests>=2"

    def test_joins_with_single_spaces(self) -> None:
        assert unfold("a (>=1,\n        <2)\n\t; extra == 'x'") == "a (>=1, <2) ; extra == 'x'"

    def test_skips_blank_continuations(self) -> None:
        assert unfold("a\n   \n  b") == "a b"


class TestUnfoldText:
    def test_single_line_unchanged(self) -> None:
        assert unfold_text("MIT") == "MIT"

    @pytest.mark.parametrize(
        ("folded", "text"),
        [
            ("a\n        b", "a\nb"),
            ("a\n       |b\n       |\n       |  c", "a\nb\n\n  c"),
            ("a\n\tb\n\t\tc", "a\nb\n\tc"),
            ("a\n  b", "a\nb"),
            ("a\n            deeper", "a\n    deeper"),
            ("a\n        ", "a\n"),
            ("a\n        b   ", "a\nb"),
        ],
    )
    def test_dedents(self, folded: str, text: str) -> None:
        assert unfold_text(folded) == text

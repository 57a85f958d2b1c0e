"""Tests of decoding, line joining, comments and ${VAR} expansion, with positions."""

from __future__ import annotations

import codecs

import pytest

from requirements_txt import UnreadableRequirementsFile
from requirements_txt._lines import LogicalLine, decode, logical_lines


def _lines(text: str, env: dict[str, str] | None = None) -> list[tuple[int, str]]:
    return [(line.line, line.text) for line in logical_lines(text, env or {})]


def _only(text: str, env: dict[str, str] | None = None) -> LogicalLine:
    (line,) = logical_lines(text, env or {})
    return line


class TestComments:
    def test_full_line_and_trailing_comments_go(self) -> None:
        text = "# header\nfoo==1.0  # pinned\n   # indented comment\nbar\n"
        assert _lines(text) == [(2, "foo==1.0"), (4, "bar")]

    def test_hash_without_whitespace_before_is_not_a_comment(self) -> None:
        text = "https://example.com/a.tar.gz#egg=a\nb @ https://example.com/b.whl#sha256=00\n"
        assert _lines(text) == [
            (1, "https://example.com/a.tar.gz#egg=a"),
            (2, "b @ https://example.com/b.whl#sha256=00"),
        ]

    def test_tab_before_hash_starts_a_comment(self) -> None:
        assert _lines("foo\t#comment") == [(1, "foo")]

    def test_blank_and_whitespace_lines_are_skipped(self) -> None:
        assert _lines("\n   \n\t\nfoo\n\n") == [(4, "foo")]


class TestContinuations:
    def test_joined_line_takes_the_first_line_number(self) -> None:
        text = "a\nfoo==1.0 \\\n  --hash=sha256:00 \\\n  --hash=sha256:11\nb\n"
        assert _lines(text) == [
            (1, "a"),
            (2, "foo==1.0   --hash=sha256:00   --hash=sha256:11"),
            (5, "b"),
        ]

    def test_comment_line_after_continuation_ends_it(self) -> None:
        # pip prefixes the comment line with a space so that it is cut as a comment.
        assert _lines("foo \\\n# note\nbar") == [(1, "foo"), (3, "bar")]

    def test_comment_before_continuation_swallows_the_next_line(self) -> None:
        # Joining happens before comments are cut, exactly as in pip.
        assert _lines("foo # note \\\nbar\nbaz") == [(1, "foo"), (3, "baz")]

    def test_comment_line_ending_in_backslash_does_not_continue(self) -> None:
        assert _lines("# note \\\nfoo") == [(2, "foo")]

    def test_continuation_at_end_of_file(self) -> None:
        assert _lines("foo \\") == [(1, "foo")]

    def test_positions_follow_physical_lines(self) -> None:
        line = _only("foo \\\n  --pre")
        assert line.text == "foo   --pre"
        assert line.position(0) == (1, 1)
        assert line.position(line.text.index("--pre")) == (2, 3)
        assert line.position(len(line.text)) == (2, 8)

    def test_crlf_line_endings(self) -> None:
        assert _lines("a \\\r\n  b\r\nc\r\n") == [(1, "a   b"), (3, "c")]


class TestEnvironmentVariables:
    def test_set_variables_are_expanded(self) -> None:
        env = {"TOKEN": "s3cret", "HOST": "example.com"}
        text = "-i https://u:${TOKEN}@${HOST}/simple"
        assert _lines(text, env) == [(1, "-i https://u:s3cret@example.com/simple")]

    def test_unset_empty_and_lowercase_names_stay_as_written(self) -> None:
        env = {"EMPTY": "", "lower": "x"}
        text = "foo ${MISSING} ${EMPTY} ${lower} $PLAIN"
        assert _lines(text, env) == [(1, text)]

    def test_expanded_characters_point_at_the_dollar(self) -> None:
        line = _only("ab ${V}cd", {"V": "xyz"})
        assert line.text == "ab xyzcd"
        assert [line.position(i)[1] for i in range(len(line.text) + 1)] == [
            1,
            2,
            3,
            4,
            4,
            4,
            8,
            9,
            10,
        ]

    def test_expansion_after_comments_keeps_hash_in_values(self) -> None:
        assert _lines("foo${V}", {"V": " #x"}) == [(1, "foo #x")]


class TestDecode:
    def test_utf8(self) -> None:
        assert decode("café\n".encode(), "r.txt") == "café\n"

    @pytest.mark.parametrize(
        ("bom", "codec"),
        [
            (codecs.BOM_UTF8, "utf-8"),
            (codecs.BOM_UTF16_LE, "utf-16-le"),
            (codecs.BOM_UTF16_BE, "utf-16-be"),
            (codecs.BOM_UTF32_LE, "utf-32-le"),
            (codecs.BOM_UTF32_BE, "utf-32-be"),
        ],
    )
    def test_bom_sets_the_encoding_and_is_dropped(self, bom: bytes, codec: str) -> None:
        assert decode(bom + "foo\nbär\n".encode(codec), "r.txt") == "foo\nbär\n"

    def test_pep263_coding_line(self) -> None:
        data = "# -*- coding: latin-1 -*-\ncafé\n".encode("latin-1")
        assert decode(data, "r.txt").splitlines()[1] == "café"

    def test_coding_line_after_the_second_line_is_ignored(self) -> None:
        data = b"a\nb\n# coding: latin-1\n\xe9\n"
        with pytest.raises(UnreadableRequirementsFile):
            decode(data, "r.txt")

    def test_not_utf8_points_at_the_bad_byte(self) -> None:
        with pytest.raises(UnreadableRequirementsFile) as info:
            decode(b"foo\nbar==1.0 \xff\n", "r.txt")
        assert str(info.value) == (
            "r.txt:2:10: not valid utf-8 (byte 0xff); save the file as UTF-8 or declare "
            "its encoding in a '# -*- coding: ... -*-' line"
        )

    def test_unknown_declared_encoding(self) -> None:
        with pytest.raises(UnreadableRequirementsFile) as info:
            decode(b"# coding: klingon\nfoo\n", "r.txt")
        assert str(info.value) == "r.txt:1:11: unknown encoding 'klingon' in coding comment"

    # Found by the property tests: these raised LookupError or a bare UnicodeError.
    @pytest.mark.parametrize("codec", ["rot13", "hex", "base64", "zlib"])
    def test_declared_codec_that_is_not_a_text_encoding(self, codec: str) -> None:
        with pytest.raises(UnreadableRequirementsFile) as info:
            decode(f"# coding: {codec}\nfoo\n".encode(), "r.txt")
        assert str(info.value) == f"r.txt:1:11: unknown encoding {codec!r} in coding comment"

    def test_codec_that_always_fails(self) -> None:
        with pytest.raises(UnreadableRequirementsFile) as info:
            decode(b"# coding: undefined\nfoo\n", "r.txt")
        assert str(info.value).startswith("r.txt:1:1: cannot decode as undefined: ")

    def test_bad_byte_in_a_codec_without_replace(self) -> None:
        with pytest.raises(UnreadableRequirementsFile) as info:
            decode(b"#coding:idna\nok\n\x80", "r.txt")
        assert str(info.value).startswith("r.txt:3:1: not valid idna (byte 0x80)")

    def test_unknown_escape_under_unicode_escape_is_kept(self) -> None:
        # Found by the property tests: the codec's DeprecationWarning became an error.
        assert decode(b"# coding: unicode_escape\nfoo\\ bar\n", "r.txt").splitlines()[1] == (
            "foo\\ bar"
        )

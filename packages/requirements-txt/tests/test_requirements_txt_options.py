"""Tests of cutting a line into requirement and options, and of option parsing."""

from __future__ import annotations

import pytest

from requirements_txt import InvalidOption, InvalidOptionValue, MissingOptionValue, UnknownOption
from requirements_txt._lines import logical_lines
from requirements_txt._options import OPTIONS, SplitLine, split_line


def _split(text: str) -> SplitLine:
    (line,) = logical_lines(text, {})
    return split_line(line, "r.txt")


def _options(text: str) -> list[tuple[str, str, str | None]]:
    return [
        (o.option.dest, o.spelling, None if o.value is None else o.value.value)
        for o in _split(text).options
    ]


class TestSplit:
    def test_requirement_ends_at_first_word_starting_with_dash(self) -> None:
        split = _split('foo[bar] >= 1.0 ; python_version < "3.8" --hash=sha256:00')
        assert split.requirement == 'foo[bar] >= 1.0 ; python_version < "3.8"'
        assert _options("foo --hash=sha256:00") == [("hashes", "--hash", "sha256:00")]

    def test_option_line_has_no_requirement(self) -> None:
        split = _split("--pre")
        assert split.requirement == ""
        assert _options("--pre") == [("pre", "--pre", None)]

    def test_only_spaces_separate_the_requirement(self) -> None:
        # pip splits on " " only: a tab keeps the option inside the requirement.
        split = _split("foo\t--pre")
        assert split.requirement == "foo\t--pre"
        assert split.options == ()

    def test_markers_are_not_shell_split(self) -> None:
        split = _split("foo ; sys_platform == 'win32' --hash sha256:00")
        assert split.requirement == "foo ; sys_platform == 'win32'"


class TestOptionForms:
    def test_every_short_option_takes_a_value(self) -> None:
        # The parser reads `-rfile` as `-r file` on this assumption.
        assert all(o.takes_value for o in OPTIONS if any(n[1] != "-" for n in o.names))

    @pytest.mark.parametrize(
        "text",
        ["-r other.txt", "-rother.txt", "--requirement other.txt", "--requirement=other.txt"],
    )
    def test_requirement_spellings(self, text: str) -> None:
        assert [(d, v) for d, _, v in _options(text)] == [("requirements", "other.txt")]

    def test_long_options_may_be_abbreviated(self) -> None:
        assert _options("--index https://example.com/simple --pre --prefer") == [
            ("index_url", "--index", "https://example.com/simple"),
            ("pre", "--pre", None),
            ("prefer_binary", "--prefer", None),
        ]

    def test_value_may_start_with_a_dash(self) -> None:
        assert _options("-i --pre") == [("index_url", "-i", "--pre")]

    def test_quotes_and_escapes_as_in_a_posix_shell(self) -> None:
        assert _options("""-C "key=a b" -C 'k2=$x' -C k3=a\\ b -C "q=\\"\\x" """) == [
            ("config_settings", "-C", "key=a b"),
            ("config_settings", "-C", "k2=$x"),
            ("config_settings", "-C", "k3=a b"),
            ("config_settings", "-C", 'q="\\x'),
        ]

    def test_words_after_double_dash_are_positional(self) -> None:
        split = _split("--pre -- --no-index")
        assert [o.option.dest for o in split.options] == ["pre"]
        assert [t.value for t in split.positional] == ["--no-index"]

    def test_value_offsets_point_into_the_line(self) -> None:
        (line,) = logical_lines("foo --hash='sha256:ab'", {})
        (occurrence,) = split_line(line, "r.txt").options
        assert occurrence.value is not None
        assert [line.text[i] for i in occurrence.value.offsets] == list("sha256:ab")
        assert occurrence.start == 4


class TestOptionErrors:
    def test_unknown_long_option(self) -> None:
        with pytest.raises(UnknownOption) as info:
            _split("foo==1.0 --upgrade")
        assert str(info.value) == "r.txt:1:10: unknown option '--upgrade'"

    def test_unknown_short_option(self) -> None:
        with pytest.raises(UnknownOption) as info:
            _split("--pre -xyz")
        assert str(info.value) == "r.txt:1:7: unknown option '-x'"

    def test_ambiguous_abbreviation(self) -> None:
        with pytest.raises(UnknownOption) as info:
            _split("--no")
        assert str(info.value) == (
            "r.txt:1:1: ambiguous option '--no': it could be --no-binary, --no-index"
        )

    def test_removed_option_has_a_hint(self) -> None:
        with pytest.raises(UnknownOption, match=r"removed it in version 23\.1"):
            _split("foo --install-option=--prefix=/x")

    @pytest.mark.parametrize(("text", "column"), [("--index-url", 1), ("foo  -c", 6)])
    def test_missing_value(self, text: str, column: int) -> None:
        with pytest.raises(MissingOptionValue) as info:
            _split(text)
        name = text.split()[-1]
        assert str(info.value) == f"r.txt:1:{column}: option {name} needs a value"

    def test_flag_with_a_value(self) -> None:
        with pytest.raises(InvalidOptionValue) as info:
            _split("--pre=yes")
        assert str(info.value) == "r.txt:1:7: option --pre takes no value"

    def test_unclosed_quote(self) -> None:
        with pytest.raises(InvalidOption) as info:
            _split('-i "https://example.com')
        assert str(info.value) == 'r.txt:1:4: no closing quotation mark for "'

    def test_trailing_backslash_in_options(self) -> None:
        # Continuations strip trailing backslashes; only a variable can bring one back.
        (line,) = logical_lines("--pre ${V}", {"V": "x\\"})
        with pytest.raises(InvalidOption) as info:
            split_line(line, "r.txt")
        assert str(info.value) == "r.txt:1:7: backslash at the end of the options"

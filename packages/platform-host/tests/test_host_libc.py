"""Tests of the glibc and musl version parsers."""

from __future__ import annotations

import pytest

from platform_host import InvalidPlatform, PlatformError, parse_glibc_version, parse_musl_version


class TestParseGlibcVersion:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("glibc 2.36", (2, 36)),
            ("glibc 2.5", (2, 5)),
            ("2.17", (2, 17)),
            ("2.20-2014.11", (2, 20)),
            ("GLIBC 2.35+git", (2, 35)),
            ("glibc 3.0", (3, 0)),
        ],
    )
    def test_parses(self, text: str, expected: tuple[int, int]) -> None:
        assert parse_glibc_version(text) == expected

    @pytest.mark.parametrize("text", ["", "glibc", "glibc two.three", "2", "musl 1.2"])
    def test_rejects(self, text: str) -> None:
        with pytest.raises(InvalidPlatform) as info:
            parse_glibc_version(text)
        assert isinstance(info.value, PlatformError)
        assert isinstance(info.value, ValueError)
        assert repr(text) in str(info.value)


class TestParseMuslVersion:
    def test_parses_loader_banner(self) -> None:
        banner = (
            "musl libc (x86_64)\nVersion 1.2.4\nDynamic Program Loader\n"
            "Usage: /lib/ld-musl-x86_64.so.1 [options] [--] pathname [args]\n"
        )
        assert parse_musl_version(banner) == (1, 2)

    def test_tolerates_blank_lines_and_indentation(self) -> None:
        assert parse_musl_version("\n  musl libc (aarch64)\n\n  Version 1.1.24\n") == (1, 1)

    @pytest.mark.parametrize(
        "output",
        ["", "musl libc (x86_64)", "glibc\nVersion 2.3", "musl libc\nVersion one.two", "x\ny\n"],
    )
    def test_not_musl_is_none(self, output: str) -> None:
        assert parse_musl_version(output) is None

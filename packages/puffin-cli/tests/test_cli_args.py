"""Unit tests of argument handling and the Printer."""

from __future__ import annotations

import io
import shutil

import pytest

import puffin_cli
from puffin_cli import Printer
from puffin_cli._args import env_default, env_flag, normalize_argv, terminal_width


class TestNormalizeArgv:
    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            (["pip", "compile", "x.in"], ["pip-compile", "x.in"]),
            (["-v", "pip", "sync", "x.txt"], ["-v", "pip-sync", "x.txt"]),
            (["pip-compile", "x.in"], ["pip-compile", "x.in"]),
            (["venv", "pip"], ["venv", "pip"]),
            (["pip", "frobnicate"], ["pip", "frobnicate"]),
        ],
    )
    def test_rewrites_pip_space_command(self, argv: list[str], expected: list[str]) -> None:
        assert normalize_argv(argv) == expected


class TestEnvDefaults:
    def test_value_flag_reads_puffin_variable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PUFFIN_CACHE_DIR", "/somewhere")
        assert env_default("--cache-dir") == "/somewhere"

    def test_empty_variable_is_unset(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PUFFIN_PYTHON", "")
        assert env_default("--python", "x") == "x"

    @pytest.mark.parametrize(("value", "expected"), [("1", True), ("yes", True), ("0", False)])
    def test_boolean_flags(
        self, monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
    ) -> None:
        monkeypatch.setenv("PUFFIN_NO_CACHE", value)
        assert env_flag("--no-cache") is expected


class TestTerminalWidth:
    @pytest.mark.parametrize("columns", ["120", "", "0", "wide"])
    def test_agrees_with_shutil(self, monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
        monkeypatch.setenv("COLUMNS", columns)
        assert terminal_width() == shutil.get_terminal_size().columns


class TestPrinter:
    def test_quiet_silences_info_not_errors(self) -> None:
        out, err = io.StringIO(), io.StringIO()
        printer = Printer(quiet=1, color="never", stdout=out, stderr=err)
        printer.info("progress")
        printer.out("result")
        printer.error("bad", ["because"])
        assert out.getvalue() == "result\n"
        assert err.getvalue() == "error: bad\n  Caused by: because\n"

    def test_color_always_styles(self) -> None:
        err = io.StringIO()
        Printer(color="always", stderr=err).warn("careful")
        assert "\x1b[" in err.getvalue()


def test_all_is_sorted() -> None:
    assert puffin_cli.__all__ == sorted(puffin_cli.__all__)


class TestBuildOptions:
    def test_only_binary_all_forbids_every_build(self) -> None:
        from types import SimpleNamespace

        from puffin_cli.commands._builds import build_options
        from puffin_normalize import PackageName

        args = SimpleNamespace(config_settings=None)
        everything = build_options(args, False, [":all:", "foo"]).no_build
        assert everything.everything
        named = build_options(args, False, ["foo"]).no_build
        assert not named.everything
        assert named.forbids(PackageName.parse("foo"))
        assert not named.forbids(PackageName.parse("bar"))
        assert build_options(args, True).no_build.everything

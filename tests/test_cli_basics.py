"""The command skeleton: version, help, flags, errors."""

from __future__ import annotations

import tomllib
from pathlib import Path
from textwrap import dedent

import puffin_cli
from puffin_test_support import Context


def test_version(context: Context) -> None:
    assert context.run("--version") == dedent(f"""\
        exit_code: 0
        ----- stdout -----
        puffin {puffin_cli.__version__}
        ----- stderr -----
        """)


def test_version_matches_pyproject() -> None:
    pyproject = Path(__file__).parents[1] / "packages" / "puffin-cli" / "pyproject.toml"
    version = tomllib.loads(pyproject.read_text())["project"]["version"]
    assert puffin_cli.__version__ == version


def test_unknown_flag_is_a_one_line_error(context: Context) -> None:
    assert context.run("--frobnicate") == dedent("""\
        exit_code: 1
        ----- stdout -----
        ----- stderr -----
        error: the following arguments are required: COMMAND (see `puffin --help`)
        """)


def test_unknown_command(context: Context) -> None:
    transcript = context.run("frobnicate")
    assert transcript.startswith("exit_code: 1\n")
    assert "error: argument COMMAND: invalid choice: 'frobnicate'" in transcript
    assert transcript.count("\n") == 4


def test_help_lists_commands(context: Context) -> None:
    transcript = context.run("--help")
    assert transcript.startswith("exit_code: 0\n")
    assert "venv" in transcript
    assert "--cache-dir" in transcript

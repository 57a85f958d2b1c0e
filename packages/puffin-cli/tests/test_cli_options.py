"""`parse_simple` against argparse: the same namespace for every line the fast path takes."""

from __future__ import annotations

import contextlib
import io
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from puffin_cli._args import build_parser, parse_command_line
from puffin_cli._main import COMMANDS, _module
from puffin_cli._options import Namespace, Option, parse_simple
from puffin_cli.errors import UsageError

TOKENS = (
    *("venv", "clean", "env", "x", "", "3.12", "always", "bogus", "pkg"),
    *("-p", "--python", "--python=3.12", "-p=x", "--prompt", "--prompt=-x", "--path"),
    *("--system-site-packages", "--clear", "--allow-existing", "--clear=1"),
    *("-q", "-qq", "-v", "--quiet", "--verbose", "-qv"),
    *("--color", "--color=never", "--color=bogus", "--cache-dir", "--cache-dir=", "-n"),
    *("--no-cache", "--c", "--pro", "--no", "-h", "--help", "-V", "--", "-", "-1"),
    *("pip-sync", "a.txt", "--no-binary", "--only-binary=:all:", "-f", "--find-links=d"),
)
ENVIRONMENTS: tuple[dict[str, str], ...] = (
    {},
    {"PUFFIN_CLEAR": "1", "PUFFIN_COLOR": "never", "PUFFIN_PATH": "elsewhere"},
    {"PUFFIN_ALLOW_EXISTING": "yes", "PUFFIN_CACHE_DIR": "/c", "PUFFIN_PYTHON": "3.11"},
)


def _options_of(name: str) -> tuple[Option, ...] | None:
    paths = {name: path for name, _, path in COMMANDS}
    return tuple(_module(paths[name]).OPTIONS) if name in paths else None


def _argparse(argv: list[str]) -> Namespace | None:
    parser = build_parser(
        [(name, summary, _options_of(name) or ()) for name, summary, _ in COMMANDS]
    )
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            result: Namespace = parse_command_line(parser, argv, _options_of, Namespace())
            return result
    except (UsageError, SystemExit):
        return None


def _check(argv: list[str]) -> bool:
    """Whether the fast path took *argv*; if it did, it must agree with argparse."""
    fast = parse_simple(argv, _options_of)
    if fast is not None:
        assert _argparse(argv) == fast, argv
    return fast is not None


@pytest.fixture(params=range(len(ENVIRONMENTS)), ids=["bare", "env-a", "env-b"])
def environment(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENVIRONMENTS[request.param].items():
        monkeypatch.setenv(name, value)


@pytest.mark.usefixtures("environment")
class TestAgreesWithArgparse:
    def test_every_short_line(self) -> None:
        taken = 0
        for length in range(4):
            for argv in itertools.product(TOKENS, repeat=length):
                if "venv" in argv or "clean" in argv or length < 2:
                    taken += _check(list(argv))
        assert taken > 100

    @settings(max_examples=1500, deadline=None)
    @given(st.lists(st.sampled_from(TOKENS), max_size=8))
    def test_random_lines(self, argv: list[str]) -> None:
        _check(argv)


class TestFastPath:
    @pytest.mark.parametrize(
        "argv",
        [
            ["venv"],
            ["venv", "env", "--python", "/usr/bin/python3", "--clear"],
            ["-q", "venv", "-p", "3.12", "--prompt", "demo", "env"],
            ["--cache-dir", "/c", "venv", "--allow-existing", "-v", "-v"],
            ["venv", "--color=never", "--system-site-packages", "-n"],
        ],
    )
    def test_plain_lines_skip_argparse(self, argv: list[str]) -> None:
        assert _check(argv)

    @pytest.mark.parametrize(
        "argv",
        [
            [],
            ["--help"],
            ["venv", "--help"],
            ["venv", "--pyth", "3.12"],
            ["venv", "-qq"],
            ["venv", "--clear", "--allow-existing"],
            ["venv", "a", "b"],
            ["venv", "-p", "-x"],
            ["-q", "venv", "-q"],
            ["frobnicate"],
        ],
    )
    def test_other_lines_are_left_to_argparse(self, argv: list[str]) -> None:
        assert parse_simple(argv, _options_of) is None

    def test_repeated_values_and_positional_runs(self) -> None:
        argv = ["pip-sync", "a.txt", "--no-binary", "x", "b.txt", "--no-binary=y", "-f", "d"]
        assert _check(argv)
        args = parse_simple(argv, _options_of)
        assert args is not None
        assert (args.src_files, args.no_binary, args.find_links) == (
            ["a.txt", "b.txt"],
            ["x", "y"],
            ["d"],
        )

    def test_a_flag_that_prefixes_another_is_left_to_argparse(self) -> None:
        options = (Option(("--cache",), "value", help="a prefix of --cache-dir"),)
        assert parse_simple(["demo", "--cache", "x"], {"demo": options}.get) is None

    def test_defaults_and_values(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PUFFIN_PYTHON", "3.11")
        args = parse_simple(["venv", "--clear", "-q", "-q"], _options_of)
        assert args == Namespace(
            quiet=2,
            verbose=0,
            color="auto",
            cache_dir=None,
            no_cache=False,
            command="venv",
            path=".venv",
            python="3.11",
            prompt=None,
            system_site_packages=False,
            seed=False,
            clear=True,
            allow_existing=False,
        )

"""Argument parsing: global flags, subcommands, and `PUFFIN_<FLAG>` environment defaults."""

from __future__ import annotations

import argparse
import os
import sys

from puffin_cli._version import __version__
from puffin_cli.errors import UsageError

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, NoReturn

__all__ = ["build_parser", "env_default", "normalize_argv", "terminal_width"]

# `puffin pip compile` is accepted as `puffin pip-compile`.
PIP_COMMANDS = ("compile", "sync", "install", "uninstall", "freeze")


def env_default(flag: str, default: Any = None) -> Any:
    """The default of a value flag: `PUFFIN_<FLAG>` from the environment, else *default*."""
    name = "PUFFIN_" + flag.lstrip("-").upper().replace("-", "_")
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_flag(flag: str) -> bool:
    """The default of a boolean flag: true when `PUFFIN_<FLAG>` is 1/true/yes/on."""
    value = env_default(flag, "")
    return str(value).lower() in {"1", "true", "yes", "on"}


def normalize_argv(argv: Sequence[str]) -> list[str]:
    """Rewrite `pip <command>` into `pip-<command>` so both spellings work."""
    args = list(argv)
    for index, arg in enumerate(args):
        if not arg.startswith("-"):
            if arg == "pip" and index + 1 < len(args) and args[index + 1] in PIP_COMMANDS:
                args[index : index + 2] = [f"pip-{args[index + 1]}"]
            break
    return args


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad flag is a `UsageError` (one line, exit 1) rather than exit 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str) -> None:
        # The width argparse would take (the terminal's, less 2), found without its
        # `import shutil`: argparse makes a formatter for every argument it adds.
        super().__init__(prog, max_help_position=32, width=terminal_width() - 2)


def terminal_width(fallback: int = 80) -> int:
    """``shutil.get_terminal_size().columns``: ``COLUMNS``, else stdout's terminal, else
    *fallback*."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or fallback


def _globals(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Global flags, accepted before and after the subcommand."""

    def default(value: Any) -> Any:
        return argparse.SUPPRESS if suppress else value

    group = parser.add_argument_group("global options")
    group.add_argument(
        "-q", "--quiet", action="count", default=default(0), help="print less (repeatable)"
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=default(0),
        help="trace what puffin does, with timings, on stderr (repeatable)",
    )
    group.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default=default(env_default("--color", "auto")),
        help="color output: auto (default), always or never; NO_COLOR also turns it off",
    )
    group.add_argument(
        "--cache-dir",
        metavar="DIR",
        default=default(env_default("--cache-dir")),
        help="cache directory (default: PUFFIN_CACHE_DIR, else the platform's cache dir)",
    )
    group.add_argument(
        "-n",
        "--no-cache",
        action="store_true",
        default=default(env_flag("--no-cache")),
        help="use a temporary cache, removed when the command ends",
    )


Command = tuple[str, str, "Callable[[argparse.ArgumentParser], None]"]


def build_parser(commands: Sequence[Command]) -> argparse.ArgumentParser:
    """The full parser: global flags plus one subparser per command."""
    parser = _Parser(
        prog="puffin",
        description="A fast Python package resolver and installer.",
        formatter_class=_Formatter,
    )
    parser.add_argument("-V", "--version", action="version", version=f"puffin {__version__}")
    _globals(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    sub.required = True
    for name, summary, configure in commands:
        command = sub.add_parser(
            name, help=summary, description=summary, formatter_class=_Formatter
        )
        configure(command)
        _globals(command, suppress=True)
    return parser

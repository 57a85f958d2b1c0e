"""Argument parsing with argparse: help, errors, and every line `parse_simple` leaves."""

from __future__ import annotations

import argparse
import os
import sys

from puffin_cli._options import GLOBAL_OPTIONS, env_default, env_flag, normalize_argv
from puffin_cli._version import __version__
from puffin_cli.errors import UsageError

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, NoReturn

    from puffin_cli._options import Option

__all__ = [
    "add_options",
    "build_parser",
    "parse_command_line",
    "env_default",
    "env_flag",
    "normalize_argv",
    "terminal_width",
]


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


def add_options(
    container: argparse._ActionsContainer, options: Sequence[Option], *, suppress: bool = False
) -> None:
    """Add *options* to a parser or group; with *suppress*, an option not given sets nothing."""
    groups: dict[str, argparse._MutuallyExclusiveGroup] = {}
    for option in options:
        target: argparse._ActionsContainer = container
        if option.exclusive is not None:
            if option.exclusive not in groups:
                groups[option.exclusive] = container.add_mutually_exclusive_group()
            target = groups[option.exclusive]
        default = argparse.SUPPRESS if suppress else option.default_value()
        kwargs: dict[str, Any] = {"default": default, "help": option.help}
        if option.kind == "value":
            kwargs.update(choices=option.choices, metavar=option.metavar)
        elif option.kind == "append":
            kwargs.update(action="append", choices=option.choices, metavar=option.metavar)
        elif option.kind == "positional":
            kwargs.update(nargs=option.nargs, metavar=option.metavar)
        else:
            kwargs["action"] = "store_true" if option.kind == "flag" else "count"
        target.add_argument(*option.flags, **kwargs)


Command = tuple[str, str, "Sequence[Option]"]


def build_parser(commands: Sequence[Command]) -> argparse.ArgumentParser:
    """The full parser: global flags plus one subparser per command."""
    parser = _Parser(
        prog="puffin",
        description="A fast Python package resolver and installer.",
        formatter_class=_Formatter,
    )
    parser.add_argument("-V", "--version", action="version", version=f"puffin {__version__}")
    # Global flags are accepted before and after the subcommand.
    add_options(parser.add_argument_group("global options"), GLOBAL_OPTIONS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    sub.required = True
    for name, summary, options in commands:
        command = sub.add_parser(
            name, help=summary, description=summary, formatter_class=_Formatter
        )
        add_options(command, options)
        add_options(command.add_argument_group("global options"), GLOBAL_OPTIONS, suppress=True)
    return parser


def parse_command_line(
    parser: argparse.ArgumentParser,
    argv: Sequence[str],
    options_of: Callable[[str], Sequence[Option] | None],
    namespace: Any,
) -> Any:
    """Parse *argv* into *namespace* as `parse_simple` does: words after flags go on to
    the command's ``*`` positional (argparse alone takes only the first run of them).

    :raises UsageError: a flag or argument argparse does not accept.
    """
    args, extras = parser.parse_known_args(argv, namespace=namespace)
    if extras:
        options = options_of(args.command) or ()
        star = next((o.dest for o in options if o.kind == "positional" and o.nargs == "*"), None)
        if star is None or any(extra.startswith("-") and extra != "-" for extra in extras):
            parser.error(f"unrecognized arguments: {' '.join(extras)}")
        setattr(args, star, [*getattr(args, star), *extras])
    return args

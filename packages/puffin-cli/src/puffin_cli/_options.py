"""Flags declared once as data: argparse is built from them, and plain command lines are
parsed from them directly, without importing argparse.

Importing argparse (with gettext and locale) and building the parser costs several
milliseconds, more than `puffin venv` spends on its work. `parse_simple` parses the
command lines whose meaning is plain (exact flag names, values that do not start with
``-``, at most the positionals a command has) and returns None for anything else, which
`_args.build_parser` then handles: help, errors, abbreviations, ``-qq``, ``--``, ...
A test checks that both parsers agree on every line `parse_simple` accepts.
"""

from __future__ import annotations

import os
from types import SimpleNamespace

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, Literal, TypeAlias

    Kind: TypeAlias = Literal["value", "append", "flag", "count", "positional"]

__all__ = [
    "GLOBAL_OPTIONS",
    "Namespace",
    "Option",
    "env_default",
    "env_flag",
    "normalize_argv",
    "parse_simple",
]

#: The parsed command line handed to a command's ``run`` (argparse fills one too).
Namespace = SimpleNamespace

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


class Option:
    """One flag (or positional) of the command line, as argparse would be told about it.

    *kind* is ``value`` (takes one value), ``append`` (takes one value each time it is
    given, collected in a list), ``flag`` (store true), ``count``, or ``positional``
    (with *nargs* ``?`` or ``*``). *env* names the flag whose
    ``PUFFIN_<FLAG>`` variable overrides *default*. Options sharing an *exclusive*
    name are mutually exclusive.

    >>> Option(("-p", "--python"), "value", help="the interpreter").dest
    'python'
    """

    __slots__ = (
        "choices",
        "default",
        "dest",
        "env",
        "exclusive",
        "flags",
        "help",
        "kind",
        "metavar",
        "nargs",
    )

    def __init__(
        self,
        flags: tuple[str, ...],
        kind: Kind,
        *,
        help: str,
        default: Any = None,
        env: str | None = None,
        choices: tuple[str, ...] | None = None,
        metavar: str | None = None,
        nargs: Literal["?", "*"] | None = None,
        exclusive: str | None = None,
    ) -> None:
        self.flags = flags
        self.kind = kind
        self.help = help
        self.default = 0 if kind == "count" else False if kind == "flag" else default
        if default is None and (kind == "append" or nargs == "*"):
            self.default = []
        self.env = env
        self.choices = choices
        self.metavar = metavar
        self.nargs = nargs
        self.exclusive = exclusive
        long = [flag for flag in flags if flag.startswith("--")]
        self.dest = (long[0] if long else flags[0]).lstrip("-").replace("-", "_")

    def default_value(self) -> Any:
        """The value when the option is not given: the environment's, else the default."""
        if self.env is None:
            return list(self.default) if isinstance(self.default, list) else self.default
        if self.kind == "flag":
            return env_flag(self.env)
        if self.kind == "append":
            # A fresh list each time: argparse appends to a copy, and so does `parse_simple`.
            value = env_default(self.env)
            return [] if value is None else [value]
        return env_default(self.env, self.default)


#: Accepted before and after the command.
GLOBAL_OPTIONS = (
    Option(("-q", "--quiet"), "count", help="print less (repeatable)"),
    Option(
        ("-v", "--verbose"),
        "count",
        help="trace what puffin does, with timings, on stderr (repeatable)",
    ),
    Option(
        ("--color",),
        "value",
        choices=("auto", "always", "never"),
        default="auto",
        env="--color",
        help="color output: auto (default), always or never; NO_COLOR also turns it off",
    ),
    Option(
        ("--cache-dir",),
        "value",
        metavar="DIR",
        env="--cache-dir",
        help="cache directory (default: PUFFIN_CACHE_DIR, else the platform's cache dir)",
    ),
    Option(
        ("-n", "--no-cache"),
        "flag",
        env="--no-cache",
        help="use a temporary cache, removed when the command ends",
    ),
)


def parse_simple(
    argv: Sequence[str], options_of: Callable[[str], Sequence[Option] | None]
) -> Namespace | None:
    """Parse a plain command line as argparse would, or return None to leave it to argparse.

    *options_of* gives a command's options (None for an unknown command).
    """
    values = {option.dest: option.default_value() for option in GLOBAL_OPTIONS}
    before = _Reader(GLOBAL_OPTIONS, values)
    index = before.read_options(argv, 0)
    if index is None or index == len(argv):
        return None
    command = argv[index]
    options = options_of(command)
    if options is None:
        return None
    values["command"] = command
    values.update((option.dest, option.default_value()) for option in options)
    after = _Reader((*options, *GLOBAL_OPTIONS), values)
    positionals = [option for option in options if option.kind == "positional"]
    index += 1
    while index < len(argv):
        if not argv[index].startswith("-"):
            if not positionals:
                return None
            positional = positionals[0]
            if positional.nargs == "*":
                # Every run of words, also after flags (`-c c.txt more.in`), as pip, uv and
                # `parse_args` below take them: the `*` positional stays open.
                stop = index
                while stop < len(argv) and not argv[stop].startswith("-"):
                    stop += 1
                values[positional.dest] = [*values[positional.dest], *argv[index:stop]]
                index = stop
            else:
                positionals.pop(0)
                values[positional.dest] = argv[index]
                index += 1
            continue
        end = after.read_options(argv, index)
        if end is None or end == index:
            return None
        index = end
    # A global given both before and after the command: argparse's count and override
    # rules for that case are its own.
    if before.given & after.given:
        return None
    return Namespace(**values)


class _Reader:
    """Reads exact flags (and their values) into *values*, remembering which were given."""

    def __init__(self, options: Sequence[Option], values: dict[str, Any]) -> None:
        self.by_flag = {flag: option for option in options for flag in option.flags}
        # Every long flag argparse could take a prefix for (global ones included, as the
        # top-level parser looks at every token, even after the command).
        self.long_flags = [f for o in (*options, *GLOBAL_OPTIONS) for f in o.flags if f[1] == "-"]
        self.values = values
        self.given: set[str] = set()
        self.groups: dict[str, str] = {}

    def read_options(self, argv: Sequence[str], index: int) -> int | None:
        """Read the options from *index* to the next positional; None if one is not plain."""
        while index < len(argv) and argv[index].startswith("-"):
            flag, equals, explicit = argv[index].partition("=")
            option = self.by_flag.get(flag)
            if option is None or option.kind == "positional":
                return None
            takes_value = option.kind in ("value", "append")
            if equals and (not takes_value or not flag.startswith("--")):
                return None
            if any(f != flag and f.startswith(flag) for f in self.long_flags):
                return None  # also a prefix of another flag: argparse may call it ambiguous
            group, dest = option.exclusive, option.dest
            if group is not None and self.groups.setdefault(group, dest) != dest:
                return None  # two of a mutually exclusive group: argparse's error
            index += 1
            if takes_value:
                if not equals:
                    if index == len(argv) or argv[index].startswith("-"):
                        return None
                    explicit = argv[index]
                    index += 1
                if option.choices is not None and explicit not in option.choices:
                    return None
                if option.kind == "append":
                    # Each occurrence adds to the list, the environment's value included.
                    self.values[option.dest] = [*self.values[option.dest], explicit]
                else:
                    self.values[option.dest] = explicit
            elif option.kind == "flag":
                self.values[option.dest] = True
            elif option.dest in self.given:
                self.values[option.dest] += 1
            else:
                self.values[option.dest] = 1
            self.given.add(option.dest)
        return index

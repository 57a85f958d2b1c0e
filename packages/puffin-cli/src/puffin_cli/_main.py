"""Entry point of the `puffin` command: parse, dispatch, and turn errors into exit codes."""

from __future__ import annotations

import sys

from puffin_cli._version import __version__

# `typing.TYPE_CHECKING` without importing typing: `puffin --version` and every
# command pay for whatever this module imports.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Protocol

    from puffin_cli._options import Namespace, Option
    from puffin_cli._printer import Printer

    class _CommandModule(Protocol):
        @property
        def OPTIONS(self) -> Sequence[Option]: ...
        def run(self, args: Namespace, printer: Printer) -> int: ...


__all__ = ["main", "run"]

# name, one-line summary, module; modules are imported only to parse or run them.
COMMANDS = (
    ("venv", "Create a virtual environment.", "puffin_cli.commands.venv"),
    ("clean", "Remove the cache, or some packages' entries in it.", "puffin_cli.commands.clean"),
    (
        "pip-compile",
        "Resolve requirements into pinned requirements.txt.",
        "puffin_cli.commands.pip_compile",
    ),
    ("pip-sync", "Make an environment match pinned requirements.", "puffin_cli.commands.pip_sync"),
    (
        "pip-install",
        "Install packages into an environment.",
        "puffin_cli.commands.pip_install",
    ),
    ("pip-uninstall", "Remove packages from an environment.", "puffin_cli.commands.pip_uninstall"),
    ("pip-freeze", "List installed packages as requirements.", "puffin_cli.commands.pip_freeze"),
)

# Exceptions defined by these packages are the user's to fix (exit 1); anything
# else escaping a command is a bug in puffin (exit 2).
_OUR_PACKAGES = (
    "distribution_filename",
    "gourgeist",
    "platform_host",
    "platform_tags",
    "puffin_",
    "pypi_types",
    "requirements_txt",
)


def _module(path: str) -> _CommandModule:
    # Not importlib.import_module: importing importlib (and the warnings module it
    # loads) is start-up time every command would pay for one call.
    __import__(path)
    module: _CommandModule = sys.modules[path]
    return module


def _is_user_error(error: BaseException) -> bool:
    module = type(error).__module__
    return module.startswith(_OUR_PACKAGES) or isinstance(error, OSError)


def _repeats(cause: str, message: str) -> bool:
    """Whether *cause* says again what *message* says after its ``where: `` prefix
    (``file:1:5: expected …``); short tails are not evidence enough."""
    tail = message.rsplit(": ", 1)[-1]
    return len(tail) >= 12 and tail in cause


def _causes(error: BaseException) -> list[str]:
    """The messages of the cause chain, leaving out what a message above already says."""
    said = [str(error)]
    causes = []
    seen = {id(error)}
    cause = error.__cause__
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        text = str(cause) or type(cause).__name__
        core = cause.strerror if isinstance(cause, OSError) and cause.strerror else text
        # Redundant either way: the cause is part of a message above, or it repeats one
        # (a parser's error re-raised with the file and line in front of it).
        first = core.splitlines()[0].rstrip(":") if core.strip() else core
        if not any(
            core in earlier or first in earlier or _repeats(core, earlier) for earlier in said
        ):
            causes.append(text)
        said.append(text)
        cause = cause.__cause__
    return causes


def run(argv: Sequence[str]) -> int:
    """Run puffin with *argv* (without the program name) and return the exit code."""
    if list(argv) in (["--version"], ["-V"]):
        # The fast path: no parser, no imports beyond this module.
        sys.stdout.write(f"puffin {__version__}\n")
        return 0

    # No cyclic garbage collection: a command is a short process that allocates many
    # long-lived objects (modules, index pages, metadata), and the collector walking
    # them over and over cost a third of a warm `pip-compile` of the jupyter set (900 ->
    # 600 ms) and a sixth of a cold one, for 7% more peak memory. Cycles are freed at exit.
    import gc

    gc.disable()
    from puffin_cli._options import normalize_argv, parse_simple
    from puffin_cli._printer import Printer

    paths = {name: path for name, _, path in COMMANDS}
    argv = normalize_argv(argv)
    args = parse_simple(argv, lambda name: _module(paths[name]).OPTIONS if name in paths else None)
    if args is None:
        # Help, errors and unusual spellings: argparse (imported only for them).
        from puffin_cli._args import build_parser, parse_command_line
        from puffin_cli._options import Namespace
        from puffin_cli.errors import UsageError

        parser = build_parser(
            [(name, summary, _module(path).OPTIONS) for name, summary, path in COMMANDS]
        )
        try:
            args = parse_command_line(
                parser,
                argv,
                lambda name: _module(paths[name]).OPTIONS if name in paths else None,
                Namespace(),
            )
        except UsageError as error:
            Printer().error(str(error), [])
            return 1
    printer = Printer(quiet=args.quiet, verbose=args.verbose, color=args.color)
    try:
        return _module(paths[args.command]).run(args, printer)
    except KeyboardInterrupt:
        printer.error("interrupted", [])
        return 130
    except Exception as error:
        if args.verbose:
            import traceback

            traceback.print_exception(error, file=printer.stderr)
        if _is_user_error(error):
            printer.error(str(error) or type(error).__name__, _causes(error))
            return 1
        printer.error(f"internal error: {type(error).__name__}: {error}", _causes(error))
        if not args.verbose:
            printer.stderr.write("  (run again with --verbose to see the traceback)\n")
        return 2


def main() -> None:
    """Console-script entry point."""
    code = run(sys.argv[1:])
    # The objects of a finished command die with the process: frozen, they are not
    # walked by the collection the interpreter makes as it exits (50-100 ms after a
    # warm pip-compile of the jupyter set, a quarter of the run).
    import gc

    gc.freeze()
    sys.exit(code)

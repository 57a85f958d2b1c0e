"""`puffin pip-compile`: resolve requirements into a pinned requirements.txt."""

from __future__ import annotations

import time

from puffin_cli._options import Option
from puffin_cli.commands._resolve import (
    RESOLUTION_OPTIONS,
    parse_exclude_newer,
    resolve_graph,
)
from puffin_cli.commands._shared import INDEX_OPTIONS, split_values
from puffin_cli.commands._target import PLATFORM_NAMES

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from distribution_types import IndexLocations
    from puffin_cli._options import Namespace
    from puffin_cli._printer import Printer
    from puffin_resolver import ResolutionGraph

__all__ = ["OPTIONS", "header", "parse_exclude_newer", "run"]

#: The flags of `puffin pip-compile`.
OPTIONS = (
    Option(
        ("src_files",),
        "positional",
        nargs="*",
        metavar="SRC_FILE",
        help="requirements.in / requirements.txt files or a pyproject.toml (- for standard input)",
    ),
    Option(
        ("-o", "--output-file"),
        "value",
        metavar="FILE",
        help="write the pins to FILE too (its pins are kept unless upgraded)",
    ),
    Option(
        ("--extra",),
        "append",
        metavar="EXTRA",
        help="include this optional-dependency group of pyproject.toml (repeatable)",
    ),
    Option(("--all-extras",), "flag", help="include every optional-dependency group"),
    Option(
        ("-p", "--python"),
        "value",
        env="--python",
        metavar="PYTHON",
        help="the interpreter to resolve for (default: the active environment, else python3)",
    ),
    Option(
        ("--python-version",),
        "value",
        env="--python-version",
        metavar="VERSION",
        help="resolve for this Python version (e.g. 3.11) instead of the interpreter's",
    ),
    Option(
        ("--python-platform",),
        "value",
        env="--python-platform",
        metavar="PLATFORM",
        choices=PLATFORM_NAMES,
        help="resolve for this platform (e.g. linux, macos, windows, x86_64-manylinux2014, "
        "aarch64-apple-darwin, x86_64-pc-windows-msvc)",
    ),
    Option(
        ("--generate-hashes",),
        "flag",
        env="--generate-hashes",
        help="add the sha256 of every file of each pin (--hash lines)",
    ),
    Option(("--no-header",), "flag", help="leave out the header comment"),
    Option(("--no-annotate",), "flag", help="leave out the `# via` comments"),
    Option(
        ("--annotation-style",),
        "value",
        env="--annotation-style",
        choices=("line", "split"),
        help="`# via` on the pin's line, or below it (default: split)",
    ),
    Option(("--emit-index-url",), "flag", help="write the index URLs into the output"),
    Option(("--emit-find-links",), "flag", help="write the find-links locations into the output"),
    Option(
        ("--custom-compile-command",),
        "value",
        env="--custom-compile-command",
        metavar="COMMAND",
        help="the command the header names (default: this command line)",
    ),
    *RESOLUTION_OPTIONS,
    *INDEX_OPTIONS,
)

# Left out of the header's command line (with their values): they do not change the
# result, or it is written below the header when it matters (--emit-*).
_QUIET_FLAGS = {"-q", "--quiet", "-v", "--verbose", "-U", "--upgrade"}
_VALUE_FLAGS = {"-P", "--upgrade-package"}
_INDEX_FLAGS = {"-i", "--index-url", "--extra-index-url"}
_INDEX_SWITCHES = {"--no-index"}
_FIND_LINKS_FLAGS = {"-f", "--find-links"}


def header(argv: Sequence[str], *, emit_index_url: bool, emit_find_links: bool) -> str:
    """The command line the header shows, as ``uv pip compile`` writes it: verbosity and
    upgrade flags left out, index flags too unless they are emitted below."""
    import shlex

    skip_value = set(_VALUE_FLAGS)
    skip = set(_QUIET_FLAGS)
    if not emit_index_url:
        skip_value |= _INDEX_FLAGS
        skip |= _INDEX_SWITCHES
    if not emit_find_links:
        skip_value |= _FIND_LINKS_FLAGS
    shown: list[str] = []
    args = iter(argv)
    for arg in args:
        flag = arg.split("=", 1)[0] if arg.startswith("--") else arg
        if flag in skip or (arg.startswith("-") and set(arg[1:]) <= {"q", "v"} and arg != "-"):
            continue
        if flag in skip_value:
            if "=" not in arg:
                next(args, None)
            continue
        shown.append(shlex.quote(arg))
    return " ".join(["puffin", "pip-compile", *shown])


def _emitted(args: Namespace, locations: IndexLocations) -> list[str]:
    lines = []
    if args.emit_index_url:
        indexes = list(locations.indexes())
        if locations.no_index:
            lines.append("--no-index")
        elif indexes:
            # Written as users write them, without the slash IndexUrl adds.
            lines.append(f"--index-url {indexes[0].redacted.rstrip('/')}")
            lines += [f"--extra-index-url {index.redacted.rstrip('/')}" for index in indexes[1:]]
    if args.emit_find_links:
        lines += [f"--find-links {location.redacted}" for location in locations.flat_indexes]
    return lines


def run(args: Namespace, printer: Printer) -> int:
    """Resolve the inputs and write the pins."""
    import sys
    from pathlib import Path

    from puffin_cache import Cache
    from puffin_cli.commands._compile_inputs import read_inputs, read_preferences
    from puffin_cli.commands._shared import index_settings
    from puffin_cli.commands._target import resolve_target
    from puffin_cli.errors import UsageError
    from puffin_interpreter import find_interpreter

    started = time.perf_counter()
    if not args.src_files:
        raise UsageError("pip-compile needs a requirements file (or - for standard input)")
    if args.exclude_newer is not None:
        parse_exclude_newer(args.exclude_newer)  # a bad date fails before any work
    cache = Cache.from_settings(args.cache_dir, args.no_cache)
    try:
        interpreter = find_interpreter(args.python, cache=cache, allow_system=True)
        target = resolve_target(interpreter, args.python_version, args.python_platform)
        inputs = read_inputs(
            args.src_files,
            split_values(args.constraint),
            split_values(args.override),
            split_values(args.extra),
            args.all_extras,
            printer,
        )
        preferences = [] if args.upgrade else read_preferences(args.output_file)
        locations = index_settings(args, inputs.files).locations(working_dir=Path.cwd())
        graph = resolve_graph(args, printer, cache, target, inputs, preferences, locations, started)
        if graph is None:
            return 1
        text = _output(args, graph, locations)
    finally:
        cache.close()
    if printer.quiet < 2 or args.output_file is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    if args.output_file is not None and args.output_file != "-":
        _write_atomically(Path(args.output_file), text)
    return 0


def _output(args: Namespace, graph: ResolutionGraph, locations: IndexLocations) -> str:
    """Header, emitted index options and the pins: the text of the output file."""
    import sys as _sys

    from puffin_resolver import AnnotationStyle

    parts = []
    if not args.no_header:
        command = args.custom_compile_command or header(
            _sys.argv[_argv_start(_sys.argv) :],
            emit_index_url=args.emit_index_url,
            emit_find_links=args.emit_find_links,
        )
        parts.append(
            f"# This file was autogenerated by puffin via the following command:\n#    {command}\n"
        )
    emitted = _emitted(args, locations)
    if emitted:
        parts.append("\n".join(emitted) + "\n\n")
    style = AnnotationStyle(args.annotation_style or "split")
    parts.append(
        graph.render(
            annotate=not args.no_annotate,
            annotation_style=style,
            generate_hashes=args.generate_hashes,
        )
    )
    return "".join(parts)


def _argv_start(argv: Sequence[str]) -> int:
    """Where the compile command's own arguments begin (after `pip-compile` or `pip compile`)."""
    for index, arg in enumerate(argv[1:], start=1):
        if arg == "pip-compile":
            return index + 1
        if arg == "compile" and argv[index - 1] == "pip":
            return index + 1
    return len(argv)


def _write_atomically(path: Path, text: str) -> None:
    """Write *text* to *path* through a temporary file renamed into place: a reader (or a
    failure) never sees half a file."""
    import os
    from pathlib import Path

    directory = path.parent if str(path.parent) else Path(".")
    # A name of our own beside the target (not tempfile, whose import costs start-up
    # time): O_EXCL makes it this run's alone.
    temporary = os.fspath(directory / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise

"""The ``puffin-dev`` command: developer tools over puffin's libraries."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from puffin_dev._lines import read_lines
from puffin_dev._outcome import LineResult
from puffin_dev._report import report_json, result_lines, summary_lines
from puffin_dev._resolving import LineResolver, parse_exclude_newer, resolve_target
from puffin_dev._uv import UvCompiler
from puffin_dev.errors import DevError, InputFileError, InvalidOption

__all__ = ["build_parser", "main"]

# Setup errors of these packages are the user's to fix (no interpreter, a bad index URL):
# reported in one line, like the command's own.
_OWN_PREFIXES = ("puffin_", "platform_", "distribution_")


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``puffin-dev``."""
    parser = argparse.ArgumentParser(prog="puffin-dev", description="puffin's developer tools.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    many = commands.add_parser(
        "resolve-many",
        help="resolve each line of a file on its own; optionally compare with uv",
        description=(
            "Resolve each requirement of FILE (one a line; comments and blank lines are "
            "skipped) on its own, print one result line each and a summary. Exit code: 0 "
            "when every line resolved (and uv agreed), 1 when one did not, 2 on bad input."
        ),
    )
    many.add_argument("file", metavar="FILE", help="requirements, one a line (- for stdin)")
    many.add_argument("--python", help="the interpreter to resolve for (default: as puffin's)")
    many.add_argument("--python-version", help="resolve for this Python version (e.g. 3.11)")
    many.add_argument("--exclude-newer", metavar="DATE", help="ignore files uploaded from DATE")
    many.add_argument("-i", "--index-url", metavar="URL", help="the package index")
    many.add_argument(
        "-f", "--find-links", action="append", default=[], metavar="DIR", help="(repeatable)"
    )
    many.add_argument("--no-index", action="store_true", help="only --find-links locations")
    many.add_argument("--cache-dir", metavar="DIR", help="the cache (default: puffin's)")
    many.add_argument("--offline", action="store_true", help="use no network")
    many.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N", help="lines resolved at once (1)"
    )
    many.add_argument("--uv", metavar="PATH", help="also compile each line with this uv binary")
    many.add_argument("--json", type=Path, metavar="OUT", help="write every result to OUT")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``puffin-dev`` with *argv* (default: the process's arguments); the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return _resolve_many(args)
    except DevError as error:
        return _fail(str(error))
    except Exception as error:
        if not type(error).__module__.startswith(_OWN_PREFIXES):
            raise
        return _fail(str(error))


def _fail(message: str) -> int:
    sys.stderr.write(f"puffin-dev: error: {message}\n")
    return 2


def _write(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _read(path: str) -> list[str]:
    if path == "-":
        return read_lines(sys.stdin.read())
    try:
        return read_lines(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise InputFileError(path, reason or str(error)) from error


def _resolve_many(args: argparse.Namespace) -> int:
    from puffin_cache import Cache
    from puffin_client import IndexSettings
    from puffin_interpreter import find_interpreter

    if args.jobs < 1:
        raise InvalidOption("--jobs", str(args.jobs), "a number of at least 1")
    lines = _read(args.file)
    exclude_newer = None if args.exclude_newer is None else parse_exclude_newer(args.exclude_newer)
    cache = Cache.from_settings(args.cache_dir, False)
    interpreter = find_interpreter(args.python, cache=cache, allow_system=True)
    settings = IndexSettings.from_env(
        index_url=args.index_url, find_links=args.find_links, no_index=args.no_index
    )
    resolver = LineResolver(
        cache,
        resolve_target(interpreter, args.python_version),
        settings.locations(working_dir=Path.cwd()),
        exclude_newer=exclude_newer,
        offline=args.offline,
        origin=f"-r {args.file}",
    )
    uv = None
    if args.uv is not None:
        uv = UvCompiler.from_flags(
            args.uv,
            python=str(interpreter.executable),
            python_version=args.python_version,
            exclude_newer=args.exclude_newer,
            index_url=args.index_url,
            find_links=args.find_links,
            no_index=args.no_index,
            offline=args.offline,
        )

    def one(line: str) -> LineResult:
        puffin = resolver.resolve(line)
        return LineResult(line, puffin, None if uv is None else uv.resolve(line))

    started = time.perf_counter()
    width = max(map(len, lines), default=0)
    results = []
    for result in _map(one, lines, args.jobs):
        results.append(result)
        for text in result_lines(result, width):
            _write(text)
    wall = time.perf_counter() - started
    for text in summary_lines(results, wall):
        _write(text)
    if args.json is not None:
        args.json.write_text(json.dumps(report_json(results, wall), indent=2) + "\n")
    return 0 if all(result.good for result in results) else 1


def _map(work: Callable[[str], LineResult], lines: list[str], jobs: int) -> Iterator[LineResult]:
    """Results in the order of *lines*, each as soon as it and those before it are done."""
    if jobs == 1:
        yield from map(work, lines)
        return
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="resolve") as pool:
        yield from pool.map(work, lines)

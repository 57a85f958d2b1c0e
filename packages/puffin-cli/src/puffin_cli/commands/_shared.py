"""What the pip-* commands share: index flags, requirements files, names and times."""

from __future__ import annotations

import sys
import time

from puffin_cli._options import Option

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from puffin_cache import Cache
    from puffin_cli._options import Namespace
    from puffin_cli._printer import Printer
    from puffin_client import IndexSettings
    from puffin_interpreter import Virtualenv
    from requirements_txt import RequirementsTxt

__all__ = [
    "INDEX_OPTIONS",
    "binary_names",
    "elapsed",
    "find_venv",
    "index_settings",
    "plural",
    "read_requirements",
    "split_values",
    "start_find_venv",
]

#: Where packages come from: the flags of every command that reads an index.
INDEX_OPTIONS = (
    Option(
        ("-i", "--index-url"),
        "value",
        metavar="URL",
        help="the package index (default: PUFFIN_INDEX_URL, pip's configuration, pip's default)",
    ),
    Option(
        ("--extra-index-url",),
        "append",
        metavar="URL",
        help="another index, searched after the index (repeatable; space-separated)",
    ),
    Option(
        ("--no-index",),
        "flag",
        help="search no index, only --find-links locations",
    ),
    Option(
        ("-f", "--find-links"),
        "append",
        metavar="LOCATION",
        help="a directory or page of links to distributions (repeatable; space-separated)",
    ),
    Option(
        ("--offline",),
        "flag",
        env="--offline",
        help="use no network: only what is in the cache or on disk",
    ),
    Option(
        ("--refresh",),
        "flag",
        env="--refresh",
        help="revalidate cached index pages",
    ),
)


def plural(count: int, noun: str = "package") -> str:
    """``1 package``, ``2 packages``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def elapsed(started: float) -> str:
    """The time since *started* (a `time.perf_counter` value): ``12ms`` or ``1.50s``."""
    seconds = time.perf_counter() - started
    return f"{seconds * 1000:.0f}ms" if seconds < 1 else f"{seconds:.2f}s"


def split_values(values: str | Sequence[str] | None) -> list[str]:
    """Values of a flag given as a list or as one comma- or space-separated string."""
    if values is None:
        return []
    items = [values] if isinstance(values, str) else list(values)
    return [part for item in items for part in item.replace(",", " ").split()]


def find_venv(python: str | None, cache: Cache) -> Virtualenv:
    """The environment to work on: *python*'s, else the active or nearest one.

    :raises UsageError: no environment is active and there is no ``.venv`` around.
    """
    from puffin_cli.errors import UsageError
    from puffin_interpreter import InterpreterNotFound, Virtualenv

    try:
        return Virtualenv.from_env(python, cache=cache)
    except InterpreterNotFound as error:
        if python is not None:
            raise
        raise UsageError("no virtual environment found; run `puffin venv` first") from error


def start_find_venv(python: str | None, cache: Cache) -> Callable[[], Virtualenv]:
    """Run `find_venv` in a thread and return the call that waits for its answer (or
    raises its error).

    Querying a new interpreter starts it in a subprocess, tens of milliseconds in which
    the caller can read its requirements and import what it needs next.
    """
    import threading

    answer: list[Virtualenv] = []
    failure: list[BaseException] = []

    def query() -> None:
        try:
            answer.append(find_venv(python, cache))
        except BaseException as exc:  # handed to the waiter, who raises it
            failure.append(exc)

    thread = threading.Thread(target=query, name="puffin-find-venv", daemon=True)
    thread.start()

    def wait() -> Virtualenv:
        thread.join()
        if failure:
            raise failure[0]
        return answer[0]

    return wait


def read_requirements(paths: Iterable[str], printer: Printer) -> list[RequirementsTxt]:
    """Parse requirements files (``-`` reads standard input), warning about what they ignore."""
    from pathlib import Path

    from requirements_txt import RequirementsTxt

    working_dir = Path.cwd()
    parsed = []
    for path in paths:
        if path == "-":
            found = RequirementsTxt.parse_text(sys.stdin.read(), "-", working_dir=working_dir)
        else:
            found = RequirementsTxt.parse(path, working_dir=working_dir)
        for warning in found.warnings:
            printer.warn(str(warning))
        parsed.append(found)
    return parsed


def index_settings(args: Namespace, files: Sequence[RequirementsTxt]) -> IndexSettings:
    """pip's index settings, with the flags and the files' index options over them."""
    from puffin_client import IndexSettings

    file_index = next((f.index_url for f in reversed(files) if f.index_url), None)
    return IndexSettings.from_env(
        index_url=args.index_url or file_index,
        extra_index_urls=[
            *split_values(args.extra_index_url),
            *(url for f in files for url in f.extra_index_urls),
        ],
        find_links=[
            *split_values(args.find_links),
            *(link for f in files for link in f.find_links),
        ],
        no_index=args.no_index or any(f.no_index for f in files),
    )


def binary_names(given: str | Sequence[str] | None, from_files: Iterable[str]) -> set[str]:
    """Package names (or ``:all:``) of ``--no-binary`` / ``--only-binary``; ``:none:``
    clears what came before."""
    from puffin_normalize import PackageName

    names = set(from_files)
    for value in split_values(given):
        if value == ":none:":
            names.clear()
        elif value == ":all:":
            names.add(value)
        else:
            names.add(PackageName.parse(value))
    return names

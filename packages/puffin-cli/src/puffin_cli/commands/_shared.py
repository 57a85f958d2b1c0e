"""What the pip-* commands share: index flags, requirements files, names and times."""

from __future__ import annotations

import sys
import time

from puffin_cli._options import Option

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from puffin_cache import Cache
    from puffin_cli._options import Namespace
    from puffin_cli._printer import Printer
    from puffin_client import IndexSettings
    from puffin_interpreter import Virtualenv
    from requirements_txt import RequirementsTxt

__all__ = [
    "INDEX_OPTIONS",
    "PendingVenv",
    "binary_names",
    "elapsed",
    "find_venv",
    "index_settings",
    "plural",
    "read_requirements",
    "split_values",
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


class PendingVenv:
    """`find_venv` started in a thread; call it to wait for the answer (or raise the
    error).

    Querying a new interpreter starts it in a subprocess, tens of milliseconds in which
    the caller can read its requirements and import what it needs next.
    """

    def __init__(self, python: str | None, cache: Cache) -> None:
        import threading

        self._venv: Virtualenv | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._query, args=(python, cache), name="puffin-find-venv", daemon=True
        )
        self._thread.start()

    def _query(self, python: str | None, cache: Cache) -> None:
        try:
            self._venv = find_venv(python, cache)
        except BaseException as exc:  # handed to the waiter, who raises it
            self._error = exc

    def done(self) -> bool:
        """Whether the answer (or the error) is there."""
        return not self._thread.is_alive()

    def prefetch(self, modules: Iterable[str]) -> None:
        """Import *modules* one by one while the interpreter is still being queried
        (a subprocess; a known interpreter answers from the cache at once): work a run
        that downloads does next, done while this process would only wait."""
        from importlib import import_module

        for module in modules:
            if self.done():
                return
            import_module(module)

    def __call__(self) -> Virtualenv:
        """Wait for the environment; raise the error finding it raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._venv is not None
        return self._venv


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

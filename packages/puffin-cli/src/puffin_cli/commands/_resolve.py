"""Resolving, as `pip-compile` and `pip-install` do: the flags that steer the resolver,
and the resolver built from them."""

from __future__ import annotations

from puffin_cli._options import Option
from puffin_cli.commands._builds import BUILD_OPTIONS, lazy_dispatch
from puffin_cli.commands._shared import binary_names, split_values

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime

    from distribution_types import IndexLocations
    from puffin_cache import Cache
    from puffin_cli._options import Namespace
    from puffin_cli._printer import Printer
    from puffin_cli.commands._compile_inputs import CompileInputs
    from puffin_cli.commands._target import Target
    from puffin_dispatch import BuildDispatch
    from puffin_pep508 import Requirement
    from puffin_resolver import NoSolution, ResolutionGraph

__all__ = ["RESOLUTION_OPTIONS", "parse_exclude_newer", "report_no_solution", "resolve_graph"]

#: Constraints, overrides, version choice and which files may be used.
RESOLUTION_OPTIONS = (
    Option(
        ("--prerelease",),
        "value",
        env="--prerelease",
        choices=("disallow", "allow", "if-necessary", "explicit", "if-necessary-or-explicit"),
        help="when to use pre-releases (default: if-necessary-or-explicit)",
    ),
    Option(("--pre",), "flag", help="allow pre-releases (--prerelease allow)"),
    Option(
        ("--resolution",),
        "value",
        env="--resolution",
        choices=("highest", "lowest", "lowest-direct"),
        help="prefer the highest versions (default), the lowest, or the lowest direct ones",
    ),
    Option(
        ("--exclude-newer",),
        "value",
        env="--exclude-newer",
        metavar="DATE",
        help="ignore files uploaded after this date or RFC 3339 time (e.g. 2026-11-01 or "
        "2026-11-01T00:00:00Z)",
    ),
    Option(("-U", "--upgrade"), "flag", help="ignore the pins of the output file"),
    Option(
        ("-P", "--upgrade-package"),
        "append",
        metavar="PACKAGE",
        help="ignore the output file's pin of this package (repeatable)",
    ),
    Option(("--no-build",), "flag", env="--no-build", help="never use source distributions"),
    Option(
        ("--no-build-package",),
        "append",
        metavar="PACKAGE",
        help="never use source distributions of this package (repeatable)",
    ),
    Option(
        ("--no-binary",),
        "append",
        metavar="PACKAGES",
        help="do not use wheels of these packages (repeatable; comma-separated, or :all:)",
    ),
    Option(
        ("--no-binary-package",),
        "append",
        metavar="PACKAGE",
        help="do not use wheels of this package (repeatable)",
    ),
    Option(
        ("--only-binary",),
        "append",
        metavar="PACKAGES",
        help="use only wheels of these packages (repeatable; comma-separated, or :all:)",
    ),
    *BUILD_OPTIONS,
    Option(
        ("-c", "--constraint"),
        "append",
        metavar="FILE",
        help="constrain versions with a constraints file (repeatable)",
    ),
    Option(
        ("--override",),
        "append",
        metavar="FILE",
        help="replace every requirement on a package with this file's (repeatable)",
    ),
)


def parse_exclude_newer(text: str) -> datetime:
    """``--exclude-newer``: an RFC 3339 time, or a date (midnight, local time)."""
    from datetime import UTC, datetime

    from puffin_cli.errors import UsageError

    value = text.strip()
    try:
        if len(value) == 10:
            return datetime.fromisoformat(value).astimezone(UTC)
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        raise UsageError(
            f"invalid --exclude-newer {text!r}: expected a date (2026-11-01) or an RFC 3339 "
            "time (2026-11-01T00:00:00Z)"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.astimezone(UTC)
    return parsed.astimezone(UTC)


def report_no_solution(printer: Printer, error: NoSolution) -> None:
    """The unsatisfiable-requirements report: an error line, then the explanation."""
    # Indented under the error line; the blank lines between paragraphs stay empty.
    report = "\n".join(f"  {line}" if line else "" for line in str(error).splitlines())
    printer.error(f"no solution found when resolving dependencies:\n{report}", [])


class _Reporter:
    """The resolver's reporter: its warnings go to the terminal as they come."""

    def __init__(self, printer: Printer) -> None:
        self.printer = printer

    def on_progress(self, name: str, version: str) -> None:
        """Nothing to show per step (yet)."""

    def on_complete(self) -> None:
        """Nothing to clear."""

    def on_warning(self, message: str) -> None:
        """Show *message* as a warning."""
        self.printer.warn(message)


def resolve_graph(
    args: Namespace,
    printer: Printer,
    cache: Cache,
    target: Target,
    inputs: CompileInputs,
    preferences: Sequence[Requirement],
    locations: IndexLocations,
    started: float,
    dispatch: Callable[[], BuildDispatch] | None = None,
) -> ResolutionGraph | None:
    """Build the resolver from the flags (`RESOLUTION_OPTIONS`), run it, and say how it
    went: ``Resolved N packages in …`` and the resolution's warnings, or, when no
    versions satisfy the inputs, the explanation (then None: the command exits with 1).
    """
    from puffin_cache import Refresh
    from puffin_cli.commands._shared import elapsed, plural
    from puffin_client import BaseClient, RegistryClient
    from puffin_distribution import DistributionDatabase
    from puffin_normalize import PackageName
    from puffin_resolver import (
        BuildOptions,
        Manifest,
        NoSolution,
        PrereleaseMode,
        PythonRequirement,
        ResolutionMode,
        ResolveOptions,
        Resolver,
    )

    exclude_newer = None if args.exclude_newer is None else parse_exclude_newer(args.exclude_newer)
    upgrade_packages = frozenset(
        PackageName.parse(name) for name in split_values(args.upgrade_package)
    )
    prerelease = args.prerelease or ("allow" if args.pre or inputs.pre else None)
    options = ResolveOptions(
        resolution=ResolutionMode(args.resolution or "highest"),
        prerelease=PrereleaseMode(prerelease or "if-necessary-or-explicit"),
        exclude_newer=exclude_newer,
    )
    files = inputs.files
    no_binary = binary_names(
        [*split_values(args.no_binary), *split_values(args.no_binary_package)],
        (name for f in files for name in f.no_binary),
    )
    only_binary = binary_names(args.only_binary, (name for f in files for name in f.only_binary))
    only_binary |= {PackageName.parse(name) for name in split_values(args.no_build_package)}
    build = BuildOptions(
        no_binary=frozenset(no_binary), only_binary=frozenset(only_binary), no_build=args.no_build
    )
    client = RegistryClient(
        locations,
        cache,
        client=BaseClient(offline=args.offline),
        refresh=Refresh.everything() if args.refresh else None,
    )
    if dispatch is None:
        dispatch = lazy_dispatch(args, cache, target.interpreter, lambda: locations, files)
    inputs.name_sources(dispatch)
    manifest = Manifest(
        requirements=tuple(inputs.requirements),
        constraints=tuple(inputs.constraints),
        overrides=tuple(inputs.overrides),
        preferences=tuple(preferences),
        upgrade=args.upgrade,
        upgrade_packages=upgrade_packages,
        editables=frozenset(inputs.editables),
    )
    resolver = Resolver(
        manifest,
        options,
        markers=target.markers,
        tags=target.tags,
        python=PythonRequirement(installed=target.installed, target=target.target),
        build=build,
        client=client,
        database=DistributionDatabase(client, cache, make_build_context=dispatch),
        reporter=_Reporter(printer),
    )
    try:
        graph = resolver.resolve()
    except NoSolution as error:
        report_no_solution(printer, error)
        return None
    count = f" {plural(len(graph))}" if len(graph) else ""
    printer.info(f"Resolved{count} in {elapsed(started)}")
    for message in graph.diagnostics:
        printer.warn(message)
    return graph

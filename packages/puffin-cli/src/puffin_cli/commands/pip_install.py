"""`puffin pip-install`: resolve packages into an environment, keeping what is there."""

from __future__ import annotations

import time

from puffin_cli._options import Option
from puffin_cli.commands import pip_sync
from puffin_cli.commands._resolve import RESOLUTION_OPTIONS
from puffin_cli.commands._shared import INDEX_OPTIONS, elapsed, plural, split_values

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from puffin_cli._options import Namespace
    from puffin_cli._printer import Printer
    from puffin_cli.commands._compile_inputs import CompileInputs
    from puffin_installer import Pin
    from puffin_resolver import ResolutionGraph

__all__ = ["OPTIONS", "run"]

# pip-sync's flags for the environment and the install step, shared as they are.
_FROM_SYNC = (
    *("python", "reinstall", "reinstall_package", "link_mode", "compile", "dry_run", "strict"),
)

#: The flags of `puffin pip-install`.
OPTIONS = (
    Option(
        ("packages",),
        "positional",
        nargs="*",
        metavar="PACKAGE",
        help="requirements to install, as pip takes them (e.g. 'flask>=3', 'rich[jupyter]')",
    ),
    Option(
        ("-e", "--editable"),
        "append",
        metavar="PATH",
        help="install this local project in editable mode (repeatable)",
    ),
    Option(
        ("-r", "--requirement"),
        "append",
        metavar="FILE",
        help="install the requirements of this file (repeatable)",
    ),
    *(option for option in pip_sync.OPTIONS if option.dest in _FROM_SYNC),
    *RESOLUTION_OPTIONS,
    *INDEX_OPTIONS,
)


def _command_line(packages: list[str], editables: list[str], inputs: CompileInputs) -> None:
    """Add the packages named on the command line, parsed as requirement lines."""
    import shlex
    from pathlib import Path

    from puffin_cli.commands._compile_inputs import add_entries
    from requirements_txt import RequirementsTxt

    lines = [*packages, *(f"-e {shlex.quote(path)}" for path in editables)]
    text = "\n".join(lines) + "\n"
    parsed = RequirementsTxt.parse_text(text, "<command line>", working_dir=Path.cwd())
    add_entries(parsed.requirements, "-r", inputs.requirements, inputs)


def _pins(graph: ResolutionGraph, inputs: CompileInputs) -> list[Pin]:
    """The resolution's pins, with the ``--hash`` values the requirements files give.

    As in pip, one ``--hash`` (or ``--require-hashes`` in a file) turns on hash
    checking for every package: each must then have hashes.
    """
    from puffin_installer import MissingHashes, Pin
    from puffin_pep508 import Requirement

    hashes: dict[str, tuple[tuple[str, ...], str]] = {}
    checking = any(f.require_hashes for f in inputs.files)
    for requirements_file in inputs.files:
        for entry in requirements_file.requirements:
            if entry.hashes and isinstance(entry.requirement, Requirement):
                checking = True
                known = hashes.get(entry.requirement.name, ((), ""))[0]
                merged = tuple(dict.fromkeys((*known, *entry.hashes)))
                hashes[entry.requirement.name] = (merged, str(entry.source))
    pins = []
    for package in graph.values():
        given, source = hashes.get(package.name, ((), ""))
        pin = Pin(
            package.name,
            package.url or package.version,
            given,
            source or None,
            package.editable,
        )
        if checking and not given:
            raise MissingHashes(pin.described(), None)
        pins.append(pin)
    return pins


def run(args: Namespace, printer: Printer) -> int:
    """Install the requirements and what they need; change nothing else."""
    from pathlib import Path

    from puffin_cache import Cache
    from puffin_cli.commands._builds import lazy_dispatch
    from puffin_cli.commands._compile_inputs import read_inputs
    from puffin_cli.commands._resolve import (
        parse_exclude_newer,
        resolve_graph,
    )
    from puffin_cli.commands._shared import find_venv, index_settings
    from puffin_cli.commands._target import resolve_target
    from puffin_cli.errors import UsageError
    from puffin_installer import InstallPlan, Planner, SitePackages
    from puffin_normalize import PackageName
    from puffin_pep508 import Requirement

    started = time.perf_counter()
    if not args.packages and not args.requirement and not args.editable:
        raise UsageError("pip-install needs a package or a requirements file (-r)")
    if args.exclude_newer is not None:
        parse_exclude_newer(args.exclude_newer)  # a bad date fails before any work
    cache = Cache.from_settings(args.cache_dir, args.no_cache)
    try:
        venv = find_venv(args.python, cache)
        inputs = read_inputs(
            split_values(args.requirement),
            split_values(args.constraint),
            split_values(args.override),
            [],
            False,
            printer,
        )
        if args.packages or args.editable:
            _command_line(args.packages or [], split_values(args.editable), inputs)
        markers = venv.interpreter.markers
        site_packages = SitePackages.from_venv(venv)
        for error in site_packages.invalid:
            printer.warn(str(error))
        reinstall: bool | set[PackageName] = args.reinstall or {
            PackageName.parse(name) for name in split_values(args.reinstall_package)
        }
        wanted = [sourced.requirement for sourced in inputs.requirements]
        upgrading = args.upgrade or bool(args.upgrade_package)
        if not (
            reinstall or upgrading or inputs.unnamed or inputs.editables
        ) and site_packages.satisfies(wanted, markers):
            printer.info(f"Audited {plural(len(wanted))} in {elapsed(started)}")
            return 0
        # What is installed stays, unless something asks for another version.
        preferences = [Requirement.parse(f"{dist.name}=={dist.version}") for dist in site_packages]
        locations = index_settings(args, inputs.files).locations(working_dir=Path.cwd())
        target = resolve_target(venv.interpreter, None, None)
        dispatch = lazy_dispatch(args, cache, venv.interpreter, lambda: locations, inputs.files)
        graph = resolve_graph(
            args, printer, cache, target, inputs, preferences, locations, started, dispatch
        )
        if graph is None:
            return 1
        pins = _pins(graph, inputs)
        plan = Planner(
            pins,
            site_packages=site_packages,
            cache=cache,
            tags=venv.interpreter.tags,
            reinstall=reinstall,
            index_locations=lambda: locations,
        ).build()
        # Unlike pip-sync, packages the resolution does not name are left alone.
        plan = InstallPlan(plan.cached, plan.remote, plan.reinstalls, (), plan.satisfied)
        if plan.is_empty:
            printer.info(f"Audited {plural(len(pins))} in {elapsed(started)}")
        else:
            args.require_hashes = False
            pip_sync._apply(
                args, printer, venv, cache, plan, pins, inputs.files, lambda: locations, dispatch
            )
        if args.strict and not args.dry_run:
            from puffin_pep440 import Version

            version = Version.parse(".".join(map(str, venv.interpreter.python_full_version)))
            for diagnostic in SitePackages.from_venv(venv).diagnostics(markers, version):
                printer.warn(str(diagnostic))
    finally:
        cache.close()
    return 0

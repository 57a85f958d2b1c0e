"""`puffin pip-sync`: make an environment hold exactly the pins of requirements files."""

from __future__ import annotations

import time
from functools import partial

from puffin_cli._options import Option
from puffin_cli.commands._builds import BUILD_OPTIONS, lazy_dispatch, named_entries
from puffin_cli.commands._shared import (
    INDEX_OPTIONS,
    PendingVenv,
    binary_names,
    elapsed,
    index_settings,
    plural,
    read_requirements,
    split_values,
)

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from distribution_types import CachedDist, IndexLocations
    from install_wheel import InstalledFiles
    from puffin_cache import Cache
    from puffin_cli._options import Namespace
    from puffin_cli._printer import Printer
    from puffin_client import IndexSettings
    from puffin_dispatch import BuildDispatch
    from puffin_installer import EagerInstall, Installer, InstallPlan, Pin
    from puffin_interpreter import Virtualenv
    from requirements_txt import RequirementsTxt

__all__ = ["OPTIONS", "Progress", "run"]

#: The flags of `puffin pip-sync`.
OPTIONS = (
    Option(
        ("src_files",),
        "positional",
        nargs="*",
        metavar="REQUIREMENTS",
        help="requirements files with exact pins (- for standard input)",
    ),
    Option(
        ("-p", "--python"),
        "value",
        env="--python",
        metavar="PYTHON",
        help="the environment's interpreter (default: the active or nearest virtual environment)",
    ),
    Option(
        ("--reinstall",),
        "flag",
        env="--reinstall",
        help="reinstall every package, even those installed already",
    ),
    Option(
        ("--reinstall-package",),
        "append",
        metavar="PACKAGE",
        help="reinstall this package (repeatable; comma-separated)",
    ),
    Option(
        ("--link-mode",),
        "value",
        env="--link-mode",
        choices=("hardlink", "copy", "clone"),
        help="how files get from the cache into the environment (default: hardlink; clone "
        "on macOS); falls back to copy where the file system refuses",
    ),
    Option(
        ("--compile",),
        "flag",
        env="--compile",
        help="byte-compile the installed modules",
    ),
    Option(
        ("--no-build",),
        "flag",
        env="--no-build",
        help="never build from source: install wheels only",
    ),
    Option(
        ("--no-binary",),
        "append",
        metavar="PACKAGES",
        help="do not use wheels of these packages (repeatable; comma-separated, or :all:)",
    ),
    Option(
        ("--only-binary",),
        "append",
        metavar="PACKAGES",
        help="use only wheels of these packages (repeatable; comma-separated, or :all:)",
    ),
    Option(
        ("--require-hashes",),
        "flag",
        env="--require-hashes",
        help="every requirement must carry --hash values, and every file must match one",
    ),
    *BUILD_OPTIONS,
    Option(
        ("--dry-run",),
        "flag",
        help="say what would change, and change nothing",
    ),
    Option(
        ("--strict",),
        "flag",
        help="check afterwards that the installed packages' requirements are met",
    ),
    *INDEX_OPTIONS,
)


class Progress:
    """The installer's `Reporter` for the terminal: warnings through the printer, and a
    progress line on stderr when it is a terminal (cleared before the summary)."""

    def __init__(self, printer: Printer) -> None:
        import threading

        self.printer = printer
        self.lock = threading.Lock()
        self.active = not printer.quiet and printer.stderr.isatty()
        self.label = ""
        self.total = 0
        self.done = 0

    def start(self, label: str, total: int) -> None:
        """Count *total* steps of *label* (``Downloading``, ``Installing``…)."""
        with self.lock:
            self.label, self.total, self.done = label, total, 0

    def _step(self, dist: str) -> None:
        with self.lock:
            self.done += 1
            if self.active:
                line = f"{self.label} [{self.done}/{self.total}] {dist}"
                self.printer.stderr.write(f"\r\x1b[2K{line[:100]}")
                self.printer.stderr.flush()

    def clear(self) -> None:
        """Remove the progress line."""
        with self.lock:
            if self.active and self.done:
                self.printer.stderr.write("\r\x1b[2K")
                self.printer.stderr.flush()
            self.done = 0

    def on_download(self, dist: str) -> None:
        """One wheel is in the cache."""
        self._step(dist)

    def on_install(self, dist: str) -> None:
        """One wheel is installed."""
        self._step(dist)

    def on_uninstall(self, dist: str) -> None:
        """One distribution is removed."""
        self._step(dist)

    def on_warning(self, message: str) -> None:
        """Show *message* as a warning."""
        with self.lock:
            if self.active and self.done:
                self.printer.stderr.write("\r\x1b[2K")
            self.printer.warn(message)


_PREFETCH = (
    "asyncio",
    "puffin_client._registry",
    "puffin_installer._finder",
    "puffin_installer._downloader",
)


def run(args: Namespace, printer: Printer) -> int:
    """Sync the environment with the requirements files."""
    from puffin_cache import Cache
    from puffin_cli.errors import UsageError

    started = time.perf_counter()
    if not args.src_files:
        raise UsageError("pip-sync needs a requirements file (or - for standard input)")
    cache = Cache.from_settings(args.cache_dir, args.no_cache)
    try:
        # The interpreter is queried (a subprocess) while the files are read and the
        # installer is imported; an error finding it comes first, as it would alone.
        wait_for_venv = PendingVenv(args.python, cache)
        try:
            files = read_requirements(args.src_files, printer)
            from pathlib import Path

            from puffin_installer import Planner, SitePackages, pins_from_entries
            from puffin_normalize import PackageName
        except BaseException:
            wait_for_venv()
            raise
        # What a sync that downloads imports next, if the interpreter is slow to answer.
        wait_for_venv.prefetch(_PREFETCH)
        venv = wait_for_venv()
        markers = venv.interpreter.markers
        settings: list[IndexSettings] = []

        def locations() -> IndexLocations:
            if not settings:
                settings.append(index_settings(args, files))
            return settings[0].locations(working_dir=Path.cwd())

        dispatch = lazy_dispatch(args, cache, venv.interpreter, locations, files)
        pins = pins_from_entries(
            named_entries([entry for f in files for entry in f.requirements], dispatch),
            markers,
            require_hashes=args.require_hashes or any(f.require_hashes for f in files),
        )
        reinstall: bool | set[PackageName] = args.reinstall or {
            PackageName.parse(name) for name in split_values(args.reinstall_package)
        }
        site_packages = SitePackages.from_venv(venv)
        for error in site_packages.invalid:
            printer.warn(str(error))
        plan = Planner(
            pins,
            site_packages=site_packages,
            cache=cache,
            tags=venv.interpreter.tags,
            reinstall=reinstall,
            index_locations=locations,
        ).build()
        printer.info(f"Resolved {plural(len(pins))} in {elapsed(started)}")
        if plan.is_empty:
            printer.info(f"Audited {plural(len(plan.satisfied))} in {elapsed(started)}")
        else:
            _apply(args, printer, venv, cache, plan, pins, files, locations, dispatch)
        if args.strict and not args.dry_run:
            from puffin_pep440 import Version

            version = Version.parse(".".join(map(str, venv.interpreter.python_full_version)))
            for diagnostic in SitePackages.from_venv(venv).diagnostics(markers, version):
                printer.warn(str(diagnostic))
    finally:
        cache.close()
    return 0


def _apply(
    args: Namespace,
    printer: Printer,
    venv: Virtualenv,
    cache: Cache,
    plan: InstallPlan,
    pins: Sequence[Pin],
    files: Sequence[RequirementsTxt],
    locations: Callable[[], IndexLocations],
    dispatch: Callable[[], BuildDispatch],
) -> None:
    """Find and fetch what is missing, then remove and install, reporting each step."""
    from puffin_client import ClientError
    from puffin_installer import DownloadError, EagerInstall, Uninstaller

    progress = Progress(printer)
    removals = [*plan.reinstalls, *plan.extraneous]
    wheels = list(plan.cached)
    installed: list[InstalledFiles] = []
    eager: EagerInstall | None = None
    if plan.remote:
        # Imported here: a sync from the cache runs no event loop.
        import asyncio

        started = time.perf_counter()
        if not removals and not args.dry_run:
            # Nothing to remove first: each wheel is linked as soon as it is unpacked and
            # every download is checked, while the others still unpack; a failure then
            # takes them out again. (No progress steps: the line counts downloads.)
            eager = EagerInstall(partial(_installer, args, venv, None))
        fetch = _fetch(args, venv, cache, plan, pins, files, locations(), progress, dispatch, eager)
        try:
            fetched = asyncio.run(fetch)
        except BaseException as error:
            if eager is not None:
                eager.undo()
            if isinstance(error, ClientError | DownloadError):
                # Their messages say it all; the transport's own wording adds nothing.
                raise error from None
            raise
        finally:
            progress.clear()
        wheels += fetched
        if fetched:
            printer.info(f"Downloaded {plural(len(fetched))} in {elapsed(started)}")
        if eager is not None:
            installed += eager.results()
    changes: list[tuple[str, int, str]] = [(dist.name, 0, str(dist)) for dist in removals]
    if args.dry_run:
        if plan.remote:
            printer.info(f"Would download {plural(len(plan.remote))}")
        if removals:
            printer.info(f"Would uninstall {plural(len(removals))}")
        if plan.cached or plan.remote:
            printer.info(f"Would install {plural(len(plan.cached) + len(plan.remote))}")
        changes += [(pin.name, 1, str(pin)) for pin in plan.remote]
        changes += [(wheel.name, 1, str(wheel)) for wheel in plan.cached]
        _show_changes(printer, changes)
        return
    if removals:
        started = time.perf_counter()
        progress.start("Uninstalling", len(removals))
        Uninstaller(venv.scheme, reporter=progress).uninstall(removals)
        progress.clear()
        printer.info(f"Uninstalled {plural(len(removals))} in {elapsed(started)}")
    if wheels:
        started = time.perf_counter()
        if eager is not None and eager.started is not None:
            started = eager.started
        rest = wheels if eager is None else list(plan.cached)
        progress.start("Installing", len(rest))
        installer = _installer(args, venv, progress)
        overwrite = {dist.name for dist in plan.reinstalls}
        installed += installer.install(rest, overwrite=overwrite)
        progress.clear()
        printer.info(f"Installed {plural(len(wheels))} in {elapsed(started)}")
        if args.compile:
            started = time.perf_counter()
            compiled = installer.compile(installed)
            noun = plural(compiled.compiled, "file")
            printer.info(f"Bytecode compiled {noun} in {elapsed(started)}")
            for path in compiled.failed:
                printer.warn(f"failed to byte-compile {path}")
    changes += [(wheel.name, 1, str(wheel)) for wheel in wheels]
    _show_changes(printer, changes)


def _installer(args: Namespace, venv: Virtualenv, progress: Progress | None) -> Installer:
    """The installer into *venv* with the ``--link-mode`` asked for."""
    # Imported only now: install_wheel takes tens of milliseconds to import, which
    # would otherwise delay the first request to the index.
    from install_wheel import LinkMode
    from puffin_installer import Installer

    link_mode = LinkMode(args.link_mode) if args.link_mode else None
    return Installer.from_venv(venv, link_mode=link_mode, reporter=progress)


def _show_changes(printer: Printer, changes: Sequence[tuple[str, int, str]]) -> None:
    """`` - name==version`` and `` + name==version`` lines, by name, removals first."""
    for _, kind, text in sorted(changes):
        printer.info(f" {'-+'[kind]} {text}")


async def _fetch(
    args: Namespace,
    venv: Virtualenv,
    cache: Cache,
    plan: InstallPlan,
    pins: Sequence[Pin],
    files: Sequence[RequirementsTxt],
    locations: IndexLocations,
    progress: Progress,
    dispatch: Callable[[], BuildDispatch],
    then: EagerInstall | None,
) -> list[CachedDist]:
    """Find the remote pins' wheels on the indexes and download them (not with --dry-run)."""
    from distribution_types import Dist, SourceDist
    from puffin_cache import Refresh
    from puffin_client import BaseClient, RegistryClient
    from puffin_distribution import DistributionDatabase
    from puffin_installer import DistFinder, Downloader
    from puffin_pep440 import Version

    client = BaseClient(offline=args.offline)
    refresh = Refresh.everything() if args.refresh else None
    tags = venv.interpreter.tags()
    python = Version.parse(".".join(map(str, venv.interpreter.python_full_version)))
    async with RegistryClient(
        locations, cache, client=client, refresh=refresh, reporter=progress
    ) as registry:
        finder = DistFinder(
            registry,
            tags,
            python,
            no_binary=binary_names(args.no_binary, (n for f in files for n in f.no_binary)),
            only_binary=binary_names(args.only_binary, (n for f in files for n in f.only_binary)),
            no_build=args.no_build,
            build=True,
            reporter=progress,
        )
        if args.dry_run:
            await finder.find(plan.remote)
            return []
        builder = dispatch()
        database = DistributionDatabase(registry, cache, build_context=builder, git=builder.git)

        async def build(dist: SourceDist) -> tuple[Dist, Path]:
            return await database.installable(dist, tags)

        progress.start("Downloading", len(plan.remote))
        downloader = Downloader(client, cache, reporter=progress, builder=build)
        # Each download starts as soon as its own wheel is found on the index.
        lookups = [finder.find_one(pin) for pin in plan.remote]
        return await downloader.download(lookups, pins={pin.name: pin for pin in pins}, then=then)

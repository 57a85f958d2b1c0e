"""`Installer` and `Uninstaller`: link many unpacked wheels at once, remove installs."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from puffin_installer._reporter import NullReporter, Reporter
from puffin_installer.errors import InstallError, UninstallError

if TYPE_CHECKING:
    from distribution_types import CachedDist, InstalledDist
    from install_wheel import Compiled, InstalledFiles, LinkMode, Removed, SchemeLike
    from puffin_interpreter import Virtualenv
    from puffin_normalize import PackageName

__all__ = ["EagerInstall", "Installer", "Uninstaller"]

T = TypeVar("T")
R = TypeVar("R")


def _default_workers() -> int:
    # One thread per core, at most 8: linking is system calls that release the GIL, but
    # the bookkeeping between them holds it, and with more threads than cores they mostly
    # wait for each other (97 wheels, 12k files, 2 cores: 2 threads 2x faster than 1,
    # 8 threads 1.5x slower than 2).
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on macOS and Windows
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))


def _run_all(function: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """*function* over *items* in a thread pool; every call finishes before the first
    error (in *items* order) is raised, so nothing is left running."""
    if len(items) <= 1 or workers <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(min(workers, len(items)), thread_name_prefix="puffin-link") as pool:
        futures = [pool.submit(function, item) for item in items]
    for future in futures:
        error = future.exception()
        if error is not None:
            raise error
    return [future.result() for future in futures]


class Installer:
    """Links unpacked wheels from the cache into one environment, many at once.

    Each wheel goes through `install_wheel.install_wheel` with *link_mode* (default
    `LinkMode.default`: hard links, clones on macOS; copies where the file system
    refuses), ``INSTALLER`` = *installer_name*, ``REQUESTED`` for requested packages
    and ``direct_url.json`` for wheels from a URL or path.
    """

    def __init__(
        self,
        scheme: SchemeLike,
        python_executable: str | os.PathLike[str],
        *,
        link_mode: LinkMode | None = None,
        installer_name: str = "puffin",
        reporter: Reporter | None = None,
        workers: int | None = None,
    ) -> None:
        self.scheme = scheme
        self.python_executable = Path(python_executable)
        self.link_mode = link_mode
        self.installer_name = installer_name
        self.reporter: Reporter = reporter if reporter is not None else NullReporter()
        self.workers = workers if workers is not None else _default_workers()

    @classmethod
    def from_venv(
        cls,
        venv: Virtualenv,
        *,
        link_mode: LinkMode | None = None,
        reporter: Reporter | None = None,
        workers: int | None = None,
    ) -> Installer:
        """An installer into *venv*, whose interpreter scripts will run with."""
        return cls(
            venv.scheme,
            venv.python_executable,
            link_mode=link_mode,
            reporter=reporter,
            workers=workers,
        )

    def install(
        self,
        wheels: Sequence[CachedDist],
        *,
        requested: bool | Collection[PackageName] = True,
        overwrite: Collection[PackageName] = (),
    ) -> list[InstalledFiles]:
        """Install *wheels* (at most one per package) and say what each put in place.

        *requested* marks direct requirements (all, or those named); files of packages
        in *overwrite* replace what is in their way (for reinstalls).

        :raises InstallError: a wheel could not be installed (the others were).
        """
        from install_wheel import InstallWheelError, install_wheel

        def one(wheel: CachedDist) -> InstalledFiles:
            is_requested = requested if isinstance(requested, bool) else wheel.name in requested
            try:
                installed = install_wheel(
                    wheel.path,
                    self.scheme,
                    python_executable=self.python_executable,
                    link_mode=self.link_mode,
                    installer=self.installer_name,
                    requested=is_requested,
                    direct_url=wheel.direct_url,
                    wheel_filename=wheel.filename,
                    overwrite=wheel.name in overwrite,
                )
            except InstallWheelError as exc:
                raise InstallError(str(wheel), str(exc)) from exc
            self.reporter.on_install(str(wheel))
            return installed

        return _run_all(one, wheels, self.workers)

    def compile(self, installed: Sequence[InstalledFiles]) -> Compiled:
        """Byte-compile the modules *installed* put in purelib and platlib (``--compile``),
        with the environment's interpreter.

        :raises install_wheel.CompileError: the interpreter could not be run.
        """
        from install_wheel import compile

        return compile(
            [path for files in installed for path in files.python_files], self.python_executable
        )


class EagerInstall:
    """Installs wheels one by one as they become ready, in threads, with the `Installer`
    that *make_installer* gives on first use: the *then* of `Downloader.download`, so
    that wheels are linked while others still unpack. `undo` takes back what it
    installed, for a download that failed after all.

    Only for wheels that replace nothing (the sync removes nothing first): undoing a
    reinstall could not bring the old version back.
    """

    def __init__(self, make_installer: Callable[[], Installer]) -> None:
        self._make_installer = make_installer
        self.installer: Installer | None = None
        """The installer, once the first wheel came."""
        self.started: float | None = None
        """When the first wheel began to be linked (`time.perf_counter`), None before."""
        self._pool: ThreadPoolExecutor | None = None
        self._jobs: list[Future[list[InstalledFiles]]] = []

    async def __call__(self, wheel: CachedDist) -> None:
        """Install *wheel* (in a thread); return when it is installed.

        :raises InstallError: it could not be installed.
        """
        import asyncio

        if self.installer is None or self._pool is None:
            import time

            self.started = time.perf_counter()
            self.installer = self._make_installer()
            self._pool = ThreadPoolExecutor(
                self.installer.workers, thread_name_prefix="puffin-link"
            )
        job = self._pool.submit(self.installer.install, [wheel])
        self._jobs.append(job)
        await asyncio.wrap_future(job)

    def results(self) -> list[InstalledFiles]:
        """What each wheel installed, in the order they came (after all of them ended).

        :raises InstallError: one of them could not be installed.
        """
        self._close()
        return [job.result()[0] for job in self._jobs]

    def undo(self) -> None:
        """Wait for the wheels still being linked, then uninstall every wheel installed
        (best effort: what cannot be removed stays)."""
        from install_wheel import InstallWheelError, uninstall

        self._close()
        for job in self._jobs:
            if job.exception() is None and self.installer is not None:
                with contextlib.suppress(InstallWheelError, OSError):
                    uninstall(job.result()[0].dist_info, scheme=self.installer.scheme)

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)


class Uninstaller:
    """Removes installed distributions (by RECORD, with `install_wheel.uninstall`), many
    at once. A ``.dist-info`` without RECORD (an interrupted install) has only its own
    directory removed: its files are overwritten by the reinstall that follows."""

    def __init__(
        self,
        scheme: SchemeLike | None = None,
        *,
        reporter: Reporter | None = None,
        workers: int | None = None,
    ) -> None:
        self.scheme = scheme
        self.reporter: Reporter = reporter if reporter is not None else NullReporter()
        self.workers = workers if workers is not None else _default_workers()

    def uninstall(self, dists: Sequence[InstalledDist]) -> list[Removed]:
        """Remove *dists*; what each removal did.

        :raises UninstallError: a distribution could not be removed (the others were).
        """
        from install_wheel import InstallWheelError, Removed, uninstall
        from puffin_cache import remove_tree

        def one(dist: InstalledDist) -> Removed:
            try:
                if dist.path.name.endswith(".dist-info") and not (dist.path / "RECORD").exists():
                    remove_tree(dist.path)
                    removed = Removed(dist.path, 0, 1, 0)
                else:
                    removed = uninstall(dist.path, scheme=self.scheme)
            except (InstallWheelError, OSError) as exc:
                raise UninstallError(str(dist), str(exc)) from exc
            self.reporter.on_uninstall(str(dist))
            return removed

        return _run_all(one, dists, self.workers)

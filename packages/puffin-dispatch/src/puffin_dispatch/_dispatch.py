"""`BuildDispatch`: `puffin_traits.BuildContext` made of the resolver, installer and builder."""

from __future__ import annotations

import os
import threading
from contextvars import ContextVar
from typing import TYPE_CHECKING

from puffin_dispatch.errors import BuildRequirementsError, CyclicBuild
from puffin_traits import BuildOptions

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from distribution_types import CachedDist, Dist, IndexLocations, Resolution, SourceDist
    from puffin_cache import Cache
    from puffin_distribution import DistributionDatabase
    from puffin_git import GitSource
    from puffin_interpreter import Interpreter, Virtualenv
    from puffin_pep508 import Requirement
    from puffin_traits import BuildContext, BuildKind, SourceBuild

__all__ = ["BuildDispatch"]

# The builds under way in the current chain (a build's requirements may need a build of
# their own): copied into every task and worker thread a build starts, so that each
# nested build sees who asked for it.
_CHAIN: ContextVar[tuple[str, ...]] = ContextVar("puffin_build_chain", default=())


class _SlotBuild:
    """A `SourceBuild` that gives its concurrency slot back when closed."""

    __slots__ = ("_build", "_release")

    def __init__(self, build: SourceBuild, release: threading.BoundedSemaphore | None) -> None:
        self._build = build
        self._release = release

    def metadata(self) -> Path | None:
        return self._build.metadata()

    def wheel(self, wheel_dir: Path) -> str:
        return self._build.wheel(wheel_dir)

    def close(self) -> None:
        try:
            self._build.close()
        finally:
            if self._release is not None:
                self._release.release()
                self._release = None


class BuildDispatch:
    """Builds source distributions for *interpreter* with requirements from *locations*.

    Thread-safe: builds run on worker threads, several at once (at most *concurrency*
    top-level builds prepare and run at the same time). Build requirements are resolved
    for *interpreter* (the one that runs the backend), whatever the resolution's
    target, and may themselves need builds: the chain is tracked, and a package that
    needs itself to be built fails with `CyclicBuild`.
    """

    def __init__(
        self,
        cache: Cache,
        interpreter: Interpreter,
        locations: IndexLocations,
        *,
        offline: bool = False,
        build_options: BuildOptions | None = None,
        concurrency: int | None = None,
        git: GitSource | None = None,
    ) -> None:
        self._cache = cache
        self._interpreter = interpreter
        self._locations = locations
        self._offline = offline
        self._build_options = build_options if build_options is not None else BuildOptions()
        self._slots = threading.BoundedSemaphore(concurrency or max(2, os.cpu_count() or 1))
        self._git = git
        self._lock = threading.Lock()
        self._resolutions: dict[tuple[str, ...], Resolution] = {}

    @property
    def cache(self) -> Cache:
        """The cache builds share with the run."""
        return self._cache

    @property
    def interpreter(self) -> Interpreter:
        """The interpreter that runs the builds."""
        return self._interpreter

    @property
    def build_options(self) -> BuildOptions:
        """What may not be built; the backends' ``config_settings``."""
        return self._build_options

    @property
    def git(self) -> GitSource:
        """The git fetcher of this run, shared by every build."""
        with self._lock:
            if self._git is None:
                from puffin_git import GitSource

                self._git = GitSource(self._cache, offline=self._offline)
            return self._git

    def database(self) -> DistributionDatabase:
        """A database for one event loop, building through this dispatch."""
        from puffin_client import BaseClient, RegistryClient
        from puffin_distribution import DistributionDatabase

        client = RegistryClient(
            self._locations, self._cache, client=BaseClient(offline=self._offline)
        )
        return DistributionDatabase(client, self._cache, build_context=self, git=self.git)

    def resolve(self, requirements: Sequence[Requirement]) -> Resolution:
        """Resolve build requirements for the building interpreter (once per set a run).

        :raises BuildRequirementsError: no resolution exists, or fetching failed.
        """
        key = tuple(sorted(str(requirement) for requirement in requirements))
        with self._lock:
            known = self._resolutions.get(key)
        if known is not None:
            return known
        from distribution_types import Resolution
        from puffin_pep440 import Version
        from puffin_resolver import BuildOptions as ResolverBuildOptions
        from puffin_resolver import (
            Manifest,
            PythonRequirement,
            ResolveError,
            Resolver,
            SourcedRequirement,
        )

        interpreter = self._interpreter
        python = Version.parse(".".join(map(str, interpreter.python_full_version)))
        no_build = self._build_options.no_build
        database = self.database()
        resolver = Resolver(
            Manifest(requirements=tuple(SourcedRequirement(r) for r in requirements)),
            markers=interpreter.markers,
            tags=interpreter.tags(),
            python=PythonRequirement(python, python),
            build=ResolverBuildOptions(
                only_binary=frozenset(str(name) for name in no_build.names),
                no_build=no_build.everything,
            ),
            client=database.client,
            database=database,
        )
        try:
            graph = resolver.resolve()
        except ResolveError as error:
            raise BuildRequirementsError(list(key), _one_line(error)) from error
        dists = [package.dist for package in graph.values() if package.dist is not None]
        resolution = Resolution(dists)
        with self._lock:
            self._resolutions[key] = resolution
        return resolution

    def install(self, resolution: Resolution, venv: Virtualenv) -> None:
        """Download (or build) and install every dist of *resolution* into *venv*.

        :raises BuildRequirementsError: a download, build or install failed.
        """
        import asyncio

        from distribution_types import Dist
        from puffin_installer import Installer

        dists = [dist for dist in resolution.values() if isinstance(dist, Dist)]
        if not dists:
            return
        try:
            cached = asyncio.run(self._fetch(dists))
            Installer.from_venv(venv).install(cached)
        except BuildRequirementsError:
            raise
        except Exception as error:
            shown = [f"{dist}" for dist in dists]
            raise BuildRequirementsError(shown, _one_line(error)) from error

    async def _fetch(self, dists: list[Dist]) -> list[CachedDist]:
        from puffin_installer import Downloader

        database = self.database()
        tags = self._interpreter.tags()

        async def build(dist: SourceDist) -> tuple[Dist, Path]:
            return await database.installable(dist, tags)

        async with database.client:
            downloader = Downloader(database.client.client, self._cache, builder=build)
            return await downloader.download(dists)

    def setup_build(
        self, source: Path, subdirectory: str | None, package_id: str, kind: BuildKind
    ) -> SourceBuild:
        """Prepare *source* for building (`puffin_build.SourceBuild.setup`).

        :raises CyclicBuild: *package_id* is already being built in this chain.
        """
        from puffin_build import SourceBuild

        chain = _CHAIN.get()
        if package_id in chain:
            raise CyclicBuild(package_id, chain)
        # Nested builds wait for no slot: their chain already holds one.
        slot = None if chain else self._slots
        if slot is not None:
            slot.acquire()
        token = _CHAIN.set((*chain, package_id))
        try:
            build = SourceBuild.setup(self, source, subdirectory, package_id, kind)
        except BaseException:
            if slot is not None:
                slot.release()
            raise
        finally:
            _CHAIN.reset(token)
        return _SlotBuild(build, slot)


def _one_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if "\n" in text and len(text) > 400 else text


def _conforms(dispatch: BuildDispatch) -> BuildContext:  # checked by mypy
    return dispatch

"""Running RegistryClient in tests: one client (and event loop) per run over one cache."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar

from distribution_types import FlatIndexLocation, IndexLocations, IndexUrl
from puffin_cache import Cache, Refresh
from puffin_client import BaseClient, CredentialStore, IndexStrategy, RegistryClient
from puffin_client_index_server import ServedFile, ServedIndex, build_wheel
from puffin_normalize import PackageName
from pypi_types import SimpleProject

__all__ = ["FOO", "Found", "RecordingReporter", "Setup", "add_project", "simple"]

T = TypeVar("T")
FOO = PackageName.parse("foo")


class RecordingReporter:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def on_warning(self, message: str) -> None:
        self.warnings.append(message)


class Setup:
    """Builds a RegistryClient per run over one cache directory."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache = Cache.from_path(cache_dir)
        self.reporter = RecordingReporter()

    def run(
        self,
        work: Callable[[RegistryClient], Awaitable[T]],
        *,
        indexes: Sequence[str] = (),
        find_links: Sequence[FlatIndexLocation] = (),
        no_index: bool = False,
        offline: bool = False,
        refresh: Refresh | None = None,
        heuristic: float = 600.0,
        strategy: IndexStrategy = IndexStrategy.FIRST_INDEX,
        credentials: CredentialStore | None = None,
    ) -> T:
        urls = [IndexUrl.parse(url) for url in indexes]
        locations = IndexLocations(urls[0] if urls else None, urls[1:], list(find_links), no_index)

        async def main() -> T:
            client = BaseClient(
                offline=offline,
                backoff=0.01,
                credentials=credentials or CredentialStore(netrc_path=None),
            )
            async with RegistryClient(
                locations,
                self.cache,
                client=client,
                refresh=refresh,
                strategy=strategy,
                reporter=self.reporter,
                heuristic=heuristic,
            ) as registry:
                return await work(registry)

        return asyncio.run(main())


def add_project(
    index: ServedIndex, name: str, versions: Sequence[str], tmp_path: Path, **options: object
) -> list[ServedFile]:
    files = []
    for version in versions:
        wheel = build_wheel(tmp_path / index.prefix, name, version, requires=["dep>=1"])
        file = ServedFile(wheel.name, wheel.read_bytes(), **options)  # type: ignore[arg-type]
        index.add(name, file)
        files.append(file)
    return files


Found = list[tuple[IndexUrl, SimpleProject]]


def simple(package: str) -> Callable[[RegistryClient], Awaitable[Found]]:
    return lambda registry: registry.simple(PackageName.parse(package))

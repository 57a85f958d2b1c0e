"""Resolving against a loopback `Registry` the way ``puffin pip-compile`` builds a Resolver."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from distribution_types import FlatIndexLocation, IndexLocations, IndexUrl
from platform_tags import Tags
from puffin_cache import Cache
from puffin_client import BaseClient, CredentialStore, RegistryClient
from puffin_distribution import DistributionDatabase
from puffin_normalize import PackageName
from puffin_pep440 import Version
from puffin_pep508 import MarkerEnvironment, Requirement
from puffin_resolver import (
    BuildOptions,
    Manifest,
    PythonRequirement,
    ResolutionGraph,
    ResolveOptions,
    Resolver,
    ResolverReporter,
    SourcedRequirement,
)
from puffin_resolver_index import Registry

__all__ = ["LINUX", "TAGS", "compile_pins", "markers_for", "resolve_graph"]

_PLATFORM = "manylinux_2_17_x86_64"
TAGS = Tags(
    [
        ("cp311", "cp311", _PLATFORM),
        ("cp311", "abi3", _PLATFORM),
        ("cp311", "none", _PLATFORM),
        ("py3", "none", _PLATFORM),
        ("cp311", "none", "any"),
        ("py3", "none", "any"),
    ]
)
"""The wheel tags of CPython 3.11 on x86_64 Linux (a short list)."""


def markers_for(python: str = "3.11") -> MarkerEnvironment:
    """The marker values of CPython *python* on x86_64 Linux."""
    full = python if python.count(".") == 2 else f"{python}.0"
    return MarkerEnvironment.from_dict(
        {
            "implementation_name": "cpython",
            "implementation_version": full,
            "os_name": "posix",
            "platform_machine": "x86_64",
            "platform_python_implementation": "CPython",
            "platform_release": "6.1.0",
            "platform_system": "Linux",
            "platform_version": "#1 SMP",
            "python_full_version": full,
            "python_version": ".".join(full.split(".")[:2]),
            "sys_platform": "linux",
        }
    )


LINUX = markers_for()


def _sourced(lines: Sequence[str] | str, origin: str) -> tuple[SourcedRequirement, ...]:
    if isinstance(lines, str):
        lines = [line for line in lines.splitlines() if line.strip()]
    return tuple(SourcedRequirement(Requirement.parse(line), origin) for line in lines)


def resolve_graph(
    registry: Registry | None,
    requirements: Sequence[str] | str,
    *,
    cache: Path,
    constraints: Sequence[str] | str = (),
    overrides: Sequence[str] | str = (),
    preferences: Sequence[str] = (),
    upgrade: bool = False,
    upgrade_packages: Sequence[str] = (),
    options: ResolveOptions | None = None,
    build: BuildOptions | None = None,
    python: str = "3.11",
    find_links: Sequence[Path] = (),
    reporter: ResolverReporter | None = None,
    offline: bool = False,
    project: str | None = None,
) -> ResolutionGraph:
    """Resolve *requirements* (``-r requirements.in``) against *registry*."""
    manifest = Manifest(
        _sourced(requirements, "-r requirements.in"),
        _sourced(constraints, "-c constraints.txt"),
        _sourced(overrides, "--override overrides.txt"),
        tuple(Requirement.parse(line) for line in preferences),
        upgrade,
        frozenset(PackageName.parse(name) for name in upgrade_packages),
        None if project is None else PackageName.parse(project),
    )
    index = None if registry is None else IndexUrl(registry.index_url)
    locations = IndexLocations(
        index,
        flat_indexes=[FlatIndexLocation(path=path) for path in find_links],
        no_index=registry is None,
    )
    client = RegistryClient(
        locations,
        Cache.from_path(cache),
        client=BaseClient(offline=offline, retries=1, credentials=CredentialStore(netrc_path=None)),
    )
    resolver = Resolver(
        manifest,
        options,
        markers=markers_for(python),
        tags=TAGS,
        python=PythonRequirement(Version.parse("3.11"), Version.parse(python)),
        build=build,
        client=client,
        database=DistributionDatabase(client, client.cache),
        reporter=reporter,
    )
    return resolver.resolve()


def compile_pins(
    registry: Registry | None, requirements: Sequence[str] | str, **options: object
) -> list[str]:
    """The ``name==version`` lines of a resolution (see `resolve_graph`)."""
    graph = resolve_graph(registry, requirements, **options)  # type: ignore[arg-type]
    return graph.render(annotate=False).splitlines()

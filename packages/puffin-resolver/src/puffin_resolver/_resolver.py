"""`Resolver`: resolve a `Manifest` against package indexes into a `ResolutionGraph`."""

from __future__ import annotations

import gc
from datetime import UTC
from typing import TYPE_CHECKING, Protocol

from distribution_types import GitSourceDist
from puffin_normalize import PackageName
from puffin_resolver._candidates import CandidateSelector, evaluate, exact_pins, first_party
from puffin_resolver._dependencies import DependencyRules
from puffin_resolver._dist_policy import DistPolicy
from puffin_resolver._fetcher import Fetcher
from puffin_resolver._graph import ResolutionGraph, ResolvedPackage, SourceKind
from puffin_resolver._index_provider import IndexProvider
from puffin_resolver._manifest import BuildOptions, ResolveOptions
from puffin_resolver._packages import BASE, Package
from puffin_resolver._solver import resolve
from puffin_resolver.errors import NoSolution, ProviderError, ResolveError, UrlRequirementError

if TYPE_CHECKING:
    from platform_tags import Tags
    from puffin_client import RegistryClient
    from puffin_distribution import DistributionDatabase
    from puffin_pep440 import Version
    from puffin_pep508 import MarkerEnvironment, VerbatimUrl
    from puffin_resolver._manifest import Manifest, PythonRequirement

__all__ = ["Resolver", "ResolverReporter"]


class ResolverReporter(Protocol):
    """Progress of a resolution, for a progress bar; called on the resolving thread."""

    def on_progress(self, name: str, version: str) -> None:
        """The solver is trying *version* of *name* (its dependencies are being read)."""
        ...

    def on_complete(self) -> None:
        """The resolution ended (with a result or an error)."""
        ...

    # A reporter may also define ``on_warning(message: str)``: it then hears each of
    # `Resolver.warnings` as the resolution finds it.


def _declared_urls(manifest: Manifest, markers: MarkerEnvironment) -> dict[str, VerbatimUrl]:
    """The URL of every package a first-party requirement names by URL."""
    urls: dict[str, VerbatimUrl] = {}
    for requirement in first_party(manifest, markers):
        url = requirement.url
        if url is None:
            continue
        known = urls.get(requirement.name)
        if known is not None and known != url:
            other = f"{requirement.name} @ {known.given or known.url}"
            raise UrlRequirementError(str(requirement), None, other=other)
        urls[requirement.name] = url
    return urls


class Resolver:
    """Resolves requirements against the indexes and find-links locations of *client*.

    Network work runs on an event loop of its own (*client* and *database* are used
    there, and the client's connections are closed when `resolve` returns), which
    runs while the solver waits for what it needs at the moment, on the calling
    thread (on a thread of its own if the calling thread runs an event loop already).
    The solver decides packages in uv's order and chooses versions by uv's rules, so
    both give the same pins.
    """

    def __init__(
        self,
        manifest: Manifest,
        options: ResolveOptions | None = None,
        *,
        markers: MarkerEnvironment,
        tags: Tags,
        python: PythonRequirement,
        build: BuildOptions | None = None,
        client: RegistryClient,
        database: DistributionDatabase,
        reporter: ResolverReporter | None = None,
    ) -> None:
        """A resolution of *manifest* for the environment *markers* / *tags* / *python*."""
        self.manifest = manifest
        self.options = options if options is not None else ResolveOptions()
        self.markers = markers
        self.tags = tags
        self.python = python
        self.build = build if build is not None else BuildOptions()
        self.client = client
        self.database = database
        self.reporter = reporter
        self.warnings: list[str] = []
        """What deserved a warning during the last `resolve` (even a failed one), in uv's
        words: files without an upload time under a cutoff, direct requirements without a
        lower bound under ``--resolution lowest``. The reporter's ``on_warning``, if it
        has one, hears each as it comes."""

    def resolve(self) -> ResolutionGraph:
        """The pins: one version (or URL) per package needed, transitively.

        The cyclic garbage collector is paused meanwhile: a resolution keeps tens of
        thousands of objects (the files of every page) and frees almost all of its
        garbage by reference counting, so the collector's passes over them are pure
        cost (about a sixth of a warm resolution).

        :raises NoSolution: no set of versions satisfies the requirements (``str()`` is
            the explanation).
        :raises ResolveError: a project's versions or a URL's metadata could not be
            fetched (`PackageFetchError`, `DistributionFailed`), or a URL dependency was
            not declared up front (`UrlRequirementError`).
        """
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._resolve()
        finally:
            if collecting:
                gc.enable()

    def _resolve(self) -> ResolutionGraph:
        manifest, markers = self.manifest, self.markers
        exclude_newer = self.options.exclude_newer
        if exclude_newer is not None and exclude_newer.tzinfo is None:
            exclude_newer = exclude_newer.replace(tzinfo=UTC)
        selector = CandidateSelector(manifest, self.options, markers)
        policy = DistPolicy(
            self.tags,
            self.python.target,
            self.build,
            exclude_newer,
            exact_pins(first_party(manifest, markers)) | selector.preference_pins(),
        )
        provider = IndexProvider(
            root=Package.root(manifest.project),
            requirements=[sourced.requirement for sourced in manifest.requirements],
            rules=DependencyRules(manifest, markers),
            selector=selector,
            policy=policy,
            urls=_declared_urls(manifest, markers),
            editables=manifest.editables,
            reporter=self.reporter,
        )
        fetcher = Fetcher(
            self.client,
            self.database,
            provider.build_versions,
            listed=provider.prefetch,
            fetched=provider.prefetch_dependencies,
        )
        provider.fetcher = fetcher
        self.warnings = provider.warnings
        try:
            solution = resolve(provider, provider.root, provider.root_version)
            url_hashes = provider.url_hashes(solution)
        except ProviderError as error:
            cause = error.__cause__
            if isinstance(cause, ResolveError):
                raise cause from cause.__cause__
            raise
        except NoSolution as error:
            from puffin_resolver._words import UvFormatter, collapse_proxies

            words = UvFormatter(provider)
            tree = collapse_proxies(error.tree)
            raise NoSolution(tree, error.root, error.root_version, words) from None
        finally:
            fetcher.close()
            if self.reporter is not None:
                self.reporter.on_complete()
        return _graph(solution, provider, manifest, markers, url_hashes, self.database)


def _graph(
    solution: dict[Package, Version],
    provider: IndexProvider,
    manifest: Manifest,
    markers: MarkerEnvironment,
    url_hashes: dict[str, tuple[str, ...]],
    database: DistributionDatabase,
) -> ResolutionGraph:
    chosen: dict[PackageName, Version] = {}
    packages: dict[PackageName, ResolvedPackage] = {}
    for package, version in solution.items():
        if package.is_root:
            continue
        name = package.name
        chosen[name] = version
        if package.kind != BASE or package.extra is not None or package.marker is not None:
            continue
        url = provider.urls.get(name)
        if url is not None:
            dist = provider.url_dist(name)
            if isinstance(dist, GitSourceDist):
                # The output pins the commit the reference resolved to.
                dist = database.precise(dist)
                url = _pinned_git_url(url, dist.commit)
            hashes = url_hashes.get(name, ())
            editable = name in manifest.editables
            packages[name] = ResolvedPackage(name, version, url, dist, hashes, editable=editable)
            continue
        dists = provider.versions(name).dists(version)
        packages[name] = ResolvedPackage(
            name, version, None, dists.dist, dists.hashes, dists.yanked
        )
    parents: dict[PackageName, set[PackageName]] = {}
    for package, version in solution.items():
        if package.is_root:
            continue
        for dependency, range in provider.dependencies.get((package, version), ()):
            name = dependency.name
            if name == package.name or name not in packages:
                continue
            if range.contains(chosen[name]):
                parents.setdefault(name, set()).add(package.name)
    sources: dict[PackageName, set[tuple[SourceKind, str]]] = {}
    groups = (
        (SourceKind.REQUIREMENT, manifest.requirements),
        (SourceKind.CONSTRAINT, manifest.constraints),
        (SourceKind.OVERRIDE, manifest.overrides),
    )
    for kind, group in groups:
        for sourced in group:
            name = sourced.requirement.name
            if sourced.origin and name in packages and evaluate(sourced.requirement, markers):
                sources.setdefault(name, set()).add((kind, sourced.origin))
    diagnostics = []
    for _, resolved in sorted(packages.items()):
        if resolved.yanked is not None:
            reason = f' (reason: "{resolved.yanked}")' if resolved.yanked else ""
            diagnostics.append(f"`{resolved.pin()}` is yanked{reason}")
    for project, version, extra in sorted(provider.missing_extras):
        found = packages.get(PackageName.from_normalized(project))
        if found is not None and found.version == version:
            pin = found.pin()
            diagnostics.append(f"The package `{pin}` does not have an extra named `{extra}`")
    return ResolutionGraph(
        packages,
        {name: frozenset(found) for name, found in parents.items()},
        {name: frozenset(found) for name, found in sources.items()},
        tuple(diagnostics),
    )


def _pinned_git_url(url: VerbatimUrl, commit: str | None) -> VerbatimUrl:
    """*url* (``git+https://host/repo@v1#subdirectory=x``) with its revision replaced by
    *commit* (``git+https://host/repo@<commit>#subdirectory=x``)."""
    if commit is None:
        return url
    from puffin_pep508 import VerbatimUrl

    text = url.given or url.url
    base, hash_mark, fragment = text.partition("#")
    scheme, sep, rest = base.partition("://")
    slash = rest.find("/")
    if sep and slash != -1:
        netloc, path = rest[:slash], rest[slash:]
        path = path.rpartition("@")[0] if "@" in path else path
        base = f"{scheme}://{netloc}{path}"
    pinned = f"{base}@{commit}" + (hash_mark + fragment if hash_mark else "")
    return VerbatimUrl.parse_url(pinned)

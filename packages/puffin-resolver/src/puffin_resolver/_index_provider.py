"""`IndexProvider`: the `DependencyProvider` over package indexes that `Resolver` runs.

It answers the solver from the `Fetcher`'s futures (project pages made into
`VersionMap`s, distribution metadata), asks for what the solver will need as soon
as it learns of a dependency, and keeps what the output needs: the dependencies of
every decided version, the unusable versions, the projects no index has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from distribution_types import Dist, DistributionTypesError, IndexUrl, RegistryBuiltDist
from puffin_pep440 import Version
from puffin_resolver._dist_policy import requires_python_fits
from puffin_resolver._packages import BASE, EXTRA, MARKER, Package
from puffin_resolver._priorities import ConflictTracker, Priorities
from puffin_resolver._provider import Unavailable
from puffin_resolver._range import Range
from puffin_resolver._version_map import VersionMap
from puffin_resolver.errors import DistributionFailed, PackageFetchError, UrlRequirementError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from puffin_normalize import PackageName
    from puffin_pep508 import Requirement, VerbatimUrl
    from puffin_resolver._candidates import CandidateSelector
    from puffin_resolver._dependencies import DependencyRules
    from puffin_resolver._dist_policy import DistPolicy
    from puffin_resolver._fetcher import Fetcher, Listing
    from puffin_resolver._priorities import Priority
    from puffin_resolver._resolver import ResolverReporter
    from pypi_types import File, Metadata

__all__ = ["IndexProvider", "MISSING_REASONS"]

MISSING_REASONS = {
    "not-found": "was not found in the package registry",
    "no-index": "was not found in the provided package locations",
    "offline": "was not found in the cache",
}
"""Why a project has no versions at all, in uv's words."""

_ROOT_VERSION = Version.parse("0")
_LOWEST = Version.MIN


class IndexProvider:
    """Versions from the indexes, dependencies from metadata, priorities as uv sets them."""

    def __init__(
        self,
        *,
        root: Package,
        requirements: Sequence[Requirement],
        rules: DependencyRules,
        selector: CandidateSelector,
        policy: DistPolicy,
        urls: Mapping[str, VerbatimUrl],
        editables: frozenset[PackageName] = frozenset(),
        reporter: ResolverReporter | None = None,
    ) -> None:
        self.root = root
        self.root_version = _ROOT_VERSION
        self.requirements = requirements
        self.rules = rules
        self.selector = selector
        self.policy = policy
        self.urls = urls
        self.editables = editables
        self.reporter = reporter
        self.priorities = Priorities()
        self.fetcher: Fetcher[VersionMap] | None = None
        self.version_maps: dict[str, VersionMap] = {}
        self.missing: dict[str, str] = {}
        """Projects no index has: name -> reason (see `MISSING_REASONS`)."""
        self.dependencies: dict[tuple[Package, Version], list[tuple[Package, Range]]] = {}
        """What each version the solver tried depends on, in order, before merging."""
        self.url_metadata: dict[str, Metadata] = {}
        self._hints: dict[str, Range] = {}
        self._metadata: dict[tuple[str, Version], Metadata | Unavailable] = {}
        self._tried: dict[str, set[Version]] = {}
        self._batched: dict[str, int] = {}
        self.warnings: list[str] = []
        """What deserved a warning during the resolution, in uv's words, in order."""
        self.missing_extras: set[tuple[str, Version, str]] = set()
        self.conflicts = ConflictTracker()

    # -- the fetcher's side (on its loop) ------------------------------------------------

    def build_versions(self, name: PackageName, listing: Listing) -> VersionMap:
        """Make *listing* into a `VersionMap` (find-links files first, as uv merges them)."""
        pages: list[tuple[Sequence[File], IndexUrl, bool]] = [
            ([found.file], IndexUrl(found.location.to_url()), True) for found in listing.flat
        ]
        pages.extend((page.files, index, False) for index, page in listing.pages)
        versions = VersionMap(name, pages, self.policy)
        if listing.missing is not None:
            self.missing[name] = listing.missing
        return versions

    def prefetch(self, name: PackageName, versions: VersionMap) -> None:
        """Start fetching the metadata of the version *name* would get now."""
        hint = self._hints.get(name, Range.full())
        version = self.selector.select(name, hint, versions)
        if version is not None:
            self._start_metadata(name, version, versions)

    def prefetch_dependencies(self, key: object, metadata: Metadata) -> None:
        """Start fetching the versions of what *metadata*'s project needs (no extras).

        The solver learns of these dependencies only when it decides the project; by
        then their pages (and the metadata of their likely versions) are on the way.
        """
        assert self.fetcher is not None
        rules = self.rules
        for requirement in rules.for_extra(metadata.requires_dist, None):
            name = requirement.name
            if name in self.urls or name in self.version_maps:
                continue
            self._hints.setdefault(name, rules.range(requirement))
            self.fetcher.versions(name)

    def _start_metadata(self, name: PackageName, version: Version, versions: VersionMap) -> None:
        assert self.fetcher is not None
        dists = versions.dists(version)
        if dists.dist is not None and requires_python_fits(
            dists.requires_python, self.policy.python
        ):
            self.fetcher.metadata((name, version), dists.dist)

    # -- the solver's side ---------------------------------------------------------------

    def prioritize(self, package: Package, range: Range) -> Priority:
        """uv's priority of *package* (see `Priorities`)."""
        return self.priorities.get(package)

    def stale_priorities(self) -> list[Package]:
        """Packages whose priority rose since the last call."""
        changed = self.priorities.changed
        if not changed:
            return changed
        self.priorities.changed = []
        return changed

    def record_conflict(
        self, affected: Package, packages: Iterable[Package], current: Package
    ) -> None:
        """Count a conflict (see `ConflictTracker`)."""
        self.conflicts.record(affected, packages, current)

    def reprioritize_conflicts(self) -> list[Package]:
        """Move names that keep conflicting; the packages whose decision to undo."""
        return self.conflicts.reprioritize(self.priorities)

    def on_package_added(self, package: Package, range: Range) -> None:
        """Start fetching the project's versions (or its URL's metadata)."""
        name = package.name
        if package.is_root or name in self.version_maps:
            return
        assert self.fetcher is not None
        url = self.urls.get(name)
        if url is not None:
            self.fetcher.metadata(("url", name), self._url_dist(name, url))
            return
        self._hints.setdefault(name, range)
        self.fetcher.versions(name)

    def versions(self, name: PackageName) -> VersionMap:
        """The versions of project *name*, waiting for them if needed."""
        found = self.version_maps.get(name)
        if found is None:
            assert self.fetcher is not None
            from puffin_client import ClientError

            try:
                found = self.fetcher.versions(name).result()
            except ClientError as error:
                raise PackageFetchError(name, str(error)) from error
            self.version_maps[name] = found
        return found

    def choose_version(self, package: Package, range: Range) -> Version | None:
        """The version to try: the URL's, or the selector's pick among the index's."""
        name = package.name
        if name in self.urls:
            found = self._url_metadata(name).version
            return found if range.contains(found) else None
        versions = self.versions(name)
        version = self.selector.select(name, range, versions)
        if versions.untimed:
            self._warn_untimed(versions, range, version)
        fetcher = self.fetcher
        if version is None or package.kind != BASE or fetcher is None:
            return version
        if not fetcher.started_metadata((name, version)):
            self._start_metadata(name, version, versions)
        if package.extra is None and package.marker is None:
            self._batch_prefetch(name, range, version, versions)
        return version

    def warn(self, message: str) -> None:
        """Record *message* (once) and pass it to the reporter, if it listens."""
        if message in self.warnings:
            return
        self.warnings.append(message)
        on_warning = getattr(self.reporter, "on_warning", None)
        if on_warning is not None:
            on_warning(message)

    def _warn_untimed(self, versions: VersionMap, range: Range, chosen: Version | None) -> None:
        """Warn about the files without an upload time that choosing *chosen* looked at
        (as uv, which warns as it reads the files of each version it passes)."""
        cutoff = self.policy.exclude_newer
        assert cutoff is not None
        shown = cutoff.strftime("%Y-%m-%dT%H:%M:%SZ")
        highest = self.selector.use_highest(versions.name)
        looked = [
            version
            for version in sorted(versions.untimed, reverse=highest)
            if range.contains(version)
            and (
                chosen is None
                or (
                    (version >= chosen if highest else version <= chosen)
                    and (chosen.is_prerelease or not version.is_prerelease)
                )
            )
        ]
        for version in looked:
            for filename in versions.untimed[version]:
                self.warn(f"`{filename}` is missing an upload date, but user provided: {shown}")

    def _batch_prefetch(
        self, name: PackageName, allowed: Range, version: Version, versions: VersionMap
    ) -> None:
        """After many versions of *name* were tried, fetch the metadata of the next ones.

        As uv does: after 5, 10 and 20 tried versions, then every 20, the next versions
        (as many as were tried, at most 50) that the selector would pick in *allowed*,
        then those below (or above, for the lowest first) the last one, whatever the
        range. Only wheels, whose metadata is cheap to get.
        """
        tried = self._tried.setdefault(name, set())
        count, last = len(tried), self._batched.get(name, 0)
        tried.add(version)
        if not (
            (count >= 5 and last < 5)
            or (count >= 10 and last < 10)
            or (count >= 20 and last < 20)
            or (count >= 20 and count - last >= 20)
        ):
            return
        self._batched[name] = count
        assert self.fetcher is not None
        select = self.selector.select
        highest = self.selector.use_highest(name)
        compatible: Range | None = allowed
        previous = version
        for _ in range(min(count, 50)):
            if compatible is not None:
                found = select(name, compatible, versions, prefer=False)
                if found is None:
                    compatible = None
                    continue
                compatible = compatible.difference(Range.singleton(found))
            else:
                below = (
                    Range.strictly_lower_than(previous)
                    if highest
                    else Range.strictly_higher_than(previous)
                )
                found = select(name, below, versions, prefer=False)
                if found is None:
                    break
            previous = found
            dists = versions.dists(found)
            if isinstance(dists.dist, RegistryBuiltDist) and requires_python_fits(
                dists.requires_python, self.policy.python
            ):
                self.fetcher.metadata((name, found), dists.dist)

    def get_dependencies(
        self, package: Package, version: Version
    ) -> Sequence[tuple[Package, Range]] | Unavailable:
        """What *package* at *version* depends on, or why the version cannot be used."""
        if package.is_root:
            requirements = self.rules.flatten(self.requirements, None, None)
            return self._dependencies(package, version, requirements)
        name = package.name
        metadata: Metadata | Unavailable | None = None
        if name in self.urls:
            metadata = self._url_metadata(name)
        else:
            unusable = self._unusable(name, version)
            if unusable is not None:
                return unusable
            if package.kind == BASE:
                metadata = self._registry_metadata(name, version)
        if isinstance(metadata, Unavailable):
            return metadata
        if metadata is not None and not requires_python_fits(
            metadata.requires_python, self.policy.python
        ):
            return Unavailable(f"requires Python {metadata.requires_python}")
        exact = Range.singleton(version)
        if package.kind == MARKER:
            marked = [Package.base(name), Package.base(name, None, package.marker)]
            return self._dependencies(package, version, (), [(p, exact) for p in marked])
        if package.kind == EXTRA:
            extra = package.extra
            proxied = [Package.base(name), Package.base(name, extra)]
            if package.marker is not None:
                proxied += [
                    Package.base(name, None, package.marker),
                    Package.base(name, extra, package.marker),
                ]
            return self._dependencies(package, version, (), [(p, exact) for p in proxied])
        assert metadata is not None
        if package.extra is not None and package.extra not in metadata.provides_extras:
            self.missing_extras.add((name, version, package.extra))
        if self.reporter is not None and package.extra is None and package.marker is None:
            self.reporter.on_progress(name, str(version))
        requirements = self.rules.flatten(metadata.requires_dist, package.extra, name)
        return self._dependencies(package, version, requirements)

    # -- helpers ----------------------------------------------------------------------------

    def lowest_first(self, name: PackageName) -> bool:
        """Whether the lowest version of *name* is tried first (``--resolution lowest``)."""
        return not self.selector.use_highest(name)

    def _unusable(self, name: PackageName, version: Version) -> Unavailable | None:
        dists = self.versions(name).dists(version)
        if dists.dist is None:
            return Unavailable(dists.reason or "has no available distributions")
        if not requires_python_fits(dists.requires_python, self.policy.python):
            return Unavailable(f"requires Python {dists.requires_python}")
        return None

    def _registry_metadata(self, name: PackageName, version: Version) -> Metadata | Unavailable:
        key = (name, version)
        found = self._metadata.get(key)
        if found is not None:
            return found
        from puffin_client import FetchError, MetadataError
        from puffin_distribution import BuildFailed, BuildNotSupported, SourceDistError
        from puffin_traits import BuildForbidden

        dists = self.versions(name).dists(version)
        assert dists.dist is not None
        assert self.fetcher is not None
        try:
            found = self.fetcher.metadata(key, dists.dist).result()
        except MetadataError as error:
            if not error.content:
                # Unreadable (a broken download or mirror), not wrong: say so, once.
                raise DistributionFailed(f"{name}=={version}", str(error)) from error
            found = Unavailable(f"is unavailable ({error})")
        except (BuildNotSupported, BuildForbidden, SourceDistError) as error:
            found = Unavailable(f"is unavailable ({error})")
        except (BuildFailed, FetchError) as error:
            raise DistributionFailed(f"{name}=={version}", str(error)) from error
        self._metadata[key] = found
        return found

    def url_hashes(self, solution: Mapping[Package, Version]) -> dict[str, tuple[str, ...]]:
        """The archive digests of the URL packages of *solution* (for ``--hash`` lines)."""
        assert self.fetcher is not None
        names = {package.name for package in solution if package.name in self.urls}
        futures = {
            name: self.fetcher.hashes(("hashes", name), self._url_dist(name, self.urls[name]))
            for name in sorted(names)
        }
        found: dict[str, tuple[str, ...]] = {}
        for name, future in futures.items():
            url = self.urls[name]
            try:
                found[name] = future.result()
            except Exception as error:
                raise DistributionFailed(f"{name} @ {url.given or url.url}", str(error)) from error
        return found

    def url_dist(self, name: PackageName) -> Dist:
        """The distribution the URL requirement on *name* names."""
        return self._url_dist(name, self.urls[name])

    def _url_dist(self, name: PackageName, url: VerbatimUrl) -> Dist:
        try:
            return Dist.from_url(name, url, editable=name in self.editables)
        except DistributionTypesError as error:
            raise DistributionFailed(f"{name} @ {url.given or url.url}", str(error)) from error

    def _url_metadata(self, name: PackageName) -> Metadata:
        found = self.url_metadata.get(name)
        if found is not None:
            return found
        assert self.fetcher is not None
        url = self.urls[name]
        shown = f"{name} @ {url.given or url.url}"
        try:
            found = self.fetcher.metadata(("url", name), self._url_dist(name, url)).result()
        except DistributionFailed:
            raise
        except Exception as error:
            raise DistributionFailed(shown, str(error)) from error
        if found.name != name:
            raise DistributionFailed(shown, f"its metadata names the project {found.name}")
        self.url_metadata[name] = found
        return found

    def _dependencies(
        self,
        package: Package,
        version: Version,
        requirements: Iterable[Requirement],
        extra: Iterable[tuple[Package, Range]] = (),
    ) -> list[tuple[Package, Range]]:
        rules = self.rules
        urls = self.urls
        ordered: list[tuple[Package, Range]] = []
        for requirement in requirements:
            name = requirement.name
            url = requirement.url
            if url is not None:
                declared = urls.get(name)
                if declared is None:
                    parent = None if package.is_root else f"{package.display}=={version}"
                    raise UrlRequirementError(f"{name} @ {url.given or url.url}", parent)
                if declared != url:
                    other = f"{name} @ {declared.given or declared.url}"
                    raise UrlRequirementError(str(requirement), None, other=other)
            range = rules.range(requirement)
            if (
                package.is_root
                and url is None
                and self.lowest_first(name)
                and (range.is_empty() or range.contains(_LOWEST))
            ):
                self.warn(
                    f"The direct dependency `{name}` is unpinned. Consider setting a lower"
                    " bound when using `--resolution lowest` or `--resolution lowest-direct`"
                    " to avoid using outdated versions."
                )
            ordered.extend((dependency, range) for dependency in rules.packages(requirement))
        ordered.extend(extra)
        priorities = self.priorities
        for dependency, range in ordered:
            priorities.insert(dependency, range, url=dependency.name in urls)
        self.dependencies[(package, version)] = ordered
        # Each requirement (and each constraint on it) stays a dependency of its own, as
        # in uv: a constraint that contradicts a requirement is then a fact of its own
        # in an explanation, not an empty range. Repeats are dropped.
        return list(dict.fromkeys(ordered))

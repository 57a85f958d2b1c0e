"""Dependency resolution: the PubGrub algorithm over PEP 440 version ranges."""

from puffin_resolver._candidates import CandidateSelector
from puffin_resolver._graph import AnnotationStyle, ResolutionGraph, ResolvedPackage
from puffin_resolver._manifest import (
    BuildOptions,
    Manifest,
    PrereleaseMode,
    PythonRequirement,
    ResolutionMode,
    ResolveOptions,
    SourcedRequirement,
)
from puffin_resolver._memory import InMemoryProvider
from puffin_resolver._packages import Package
from puffin_resolver._provider import Dependencies, DependencyProvider, Priority, Unavailable
from puffin_resolver._range import Range
from puffin_resolver._report import DefaultFormatter, ReportFormatter, render_report
from puffin_resolver._resolver import Resolver, ResolverReporter
from puffin_resolver._simplify import collapse_no_versions
from puffin_resolver._solver import resolve
from puffin_resolver._term import Term
from puffin_resolver._tree import (
    Dependency,
    DerivationTree,
    Derived,
    External,
    NotRoot,
    NoVersions,
    UnavailableVersions,
)
from puffin_resolver._version_map import DistPolicy, VersionDists, VersionMap
from puffin_resolver._words import UvFormatter
from puffin_resolver.errors import (
    DistributionFailed,
    NoSolution,
    PackageFetchError,
    ProviderError,
    ResolveError,
    UrlRequirementError,
)

__all__ = [
    "AnnotationStyle",
    "BuildOptions",
    "CandidateSelector",
    "DefaultFormatter",
    "Dependencies",
    "Dependency",
    "DependencyProvider",
    "DerivationTree",
    "Derived",
    "DistPolicy",
    "DistributionFailed",
    "External",
    "InMemoryProvider",
    "Manifest",
    "NoSolution",
    "NoVersions",
    "NotRoot",
    "Package",
    "PackageFetchError",
    "PrereleaseMode",
    "Priority",
    "ProviderError",
    "PythonRequirement",
    "Range",
    "ReportFormatter",
    "ResolutionGraph",
    "ResolutionMode",
    "ResolveError",
    "ResolveOptions",
    "ResolvedPackage",
    "Resolver",
    "ResolverReporter",
    "SourcedRequirement",
    "Term",
    "Unavailable",
    "UnavailableVersions",
    "UrlRequirementError",
    "UvFormatter",
    "VersionDists",
    "VersionMap",
    "collapse_no_versions",
    "render_report",
    "resolve",
]

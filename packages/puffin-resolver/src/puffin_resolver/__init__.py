"""Dependency resolution: the PubGrub algorithm over PEP 440 version ranges."""

# `typing.TYPE_CHECKING` without importing typing (see `_LAZY`); deleted below.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from puffin_resolver._candidates import CandidateSelector
    from puffin_resolver._dist_policy import DistPolicy
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
    from puffin_resolver._version_map import VersionDists, VersionMap
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

# Every name is imported from its module on first use (PEP 562): a command that only
# reads requirements (or resolves, and succeeds) does not pay for the reports, the
# in-memory provider, or the rest.
_LAZY = {
    "AnnotationStyle": "_graph",
    "BuildOptions": "_manifest",
    "CandidateSelector": "_candidates",
    "DefaultFormatter": "_report",
    "Dependencies": "_provider",
    "Dependency": "_tree",
    "DependencyProvider": "_provider",
    "DerivationTree": "_tree",
    "Derived": "_tree",
    "DistPolicy": "_dist_policy",
    "DistributionFailed": "errors",
    "External": "_tree",
    "InMemoryProvider": "_memory",
    "Manifest": "_manifest",
    "NoSolution": "errors",
    "NoVersions": "_tree",
    "NotRoot": "_tree",
    "Package": "_packages",
    "PackageFetchError": "errors",
    "PrereleaseMode": "_manifest",
    "Priority": "_provider",
    "ProviderError": "errors",
    "PythonRequirement": "_manifest",
    "Range": "_range",
    "ReportFormatter": "_report",
    "ResolutionGraph": "_graph",
    "ResolutionMode": "_manifest",
    "ResolveError": "errors",
    "ResolveOptions": "_manifest",
    "ResolvedPackage": "_graph",
    "Resolver": "_resolver",
    "ResolverReporter": "_resolver",
    "SourcedRequirement": "_manifest",
    "Term": "_term",
    "Unavailable": "_provider",
    "UnavailableVersions": "_tree",
    "UrlRequirementError": "errors",
    "UvFormatter": "_words",
    "VersionDists": "_version_map",
    "VersionMap": "_version_map",
    "collapse_no_versions": "_simplify",
    "render_report": "_report",
    "resolve": "_solver",
}

# Hidden from mypy, which would otherwise accept any attribute of the package.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


del TYPE_CHECKING

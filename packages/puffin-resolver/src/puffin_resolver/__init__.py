"""Dependency resolution: the PubGrub algorithm over PEP 440 version ranges."""

from puffin_resolver._memory import InMemoryProvider
from puffin_resolver._provider import Dependencies, DependencyProvider, Priority, Unavailable
from puffin_resolver._range import Range
from puffin_resolver._report import DefaultFormatter, ReportFormatter, render_report
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
from puffin_resolver.errors import NoSolution, ProviderError, ResolveError

__all__ = [
    "DefaultFormatter",
    "Dependencies",
    "Dependency",
    "DependencyProvider",
    "DerivationTree",
    "Derived",
    "External",
    "InMemoryProvider",
    "NoSolution",
    "NoVersions",
    "NotRoot",
    "Priority",
    "ProviderError",
    "Range",
    "ReportFormatter",
    "ResolveError",
    "Term",
    "Unavailable",
    "UnavailableVersions",
    "collapse_no_versions",
    "render_report",
    "resolve",
]

"""The derivation tree: why no solution exists, as facts and conclusions drawn from them.

Leaves are *external* incompatibilities, facts the solver was told (a
dependency, a lack of versions); inner nodes are incompatibilities the solver
derived from two others during conflict resolution.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar

if TYPE_CHECKING:
    from puffin_pep440 import Version
    from puffin_resolver._range import Range
    from puffin_resolver._term import Term

__all__ = [
    "Dependency",
    "DerivationTree",
    "Derived",
    "External",
    "NoVersions",
    "NotRoot",
    "UnavailableVersions",
]

P = TypeVar("P", bound=Hashable)


@dataclass(frozen=True, slots=True)
class NotRoot(Generic[P]):
    """The root package, at the version being solved, must be selected."""

    package: P
    version: Version


@dataclass(frozen=True, slots=True)
class NoVersions(Generic[P]):
    """No version of *package* in *range* exists (or may be chosen)."""

    package: P
    range: Range


@dataclass(frozen=True, slots=True)
class UnavailableVersions(Generic[P]):
    """The versions of *package* in *range* cannot be used, for *reason*."""

    package: P
    range: Range
    reason: str


@dataclass(frozen=True, slots=True)
class Dependency(Generic[P]):
    """*package* at versions in *range* depends on *dependency* in *dependency_range*."""

    package: P
    range: Range
    dependency: P
    dependency_range: Range


External: TypeAlias = NotRoot[P] | NoVersions[P] | UnavailableVersions[P] | Dependency[P]


@dataclass(frozen=True, slots=True, eq=False)
class Derived(Generic[P]):
    """An incompatibility derived from two others: its terms must not all hold.

    ``shared_id`` is set when several derivations of the tree use this one,
    so that a report explains it once and refers back to it.
    """

    terms: Mapping[P, Term]
    cause1: DerivationTree[P]
    cause2: DerivationTree[P]
    shared_id: int | None = None


DerivationTree: TypeAlias = External[P] | Derived[P]

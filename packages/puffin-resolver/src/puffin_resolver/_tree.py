"""The derivation tree: why no solution exists, as facts and conclusions drawn from them.

Leaves are *external* incompatibilities, facts the solver was told (a
dependency, a lack of versions); inner nodes are incompatibilities the solver
derived from two others during conflict resolution.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar

from puffin_resolver._frozen import Frozen, set_field

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


class NotRoot(Frozen, Generic[P]):
    """The root package, at the version being solved, must be selected."""

    __match_args__ = ("package", "version")
    __slots__ = __match_args__

    package: P
    version: Version

    def __init__(self, package: P, version: Version) -> None:
        set_field(self, "package", package)
        set_field(self, "version", version)


class NoVersions(Frozen, Generic[P]):
    """No version of *package* in *range* exists (or may be chosen)."""

    __match_args__ = ("package", "range")
    __slots__ = __match_args__

    package: P
    range: Range

    def __init__(self, package: P, range: Range) -> None:
        set_field(self, "package", package)
        set_field(self, "range", range)


class UnavailableVersions(Frozen, Generic[P]):
    """The versions of *package* in *range* cannot be used, for *reason*."""

    __match_args__ = ("package", "range", "reason")
    __slots__ = __match_args__

    package: P
    range: Range
    reason: str

    def __init__(self, package: P, range: Range, reason: str) -> None:
        set_field(self, "package", package)
        set_field(self, "range", range)
        set_field(self, "reason", reason)


class Dependency(Frozen, Generic[P]):
    """*package* at versions in *range* depends on *dependency* in *dependency_range*."""

    __match_args__ = ("package", "range", "dependency", "dependency_range")
    __slots__ = __match_args__

    package: P
    range: Range
    dependency: P
    dependency_range: Range

    def __init__(self, package: P, range: Range, dependency: P, dependency_range: Range) -> None:
        set_field(self, "package", package)
        set_field(self, "range", range)
        set_field(self, "dependency", dependency)
        set_field(self, "dependency_range", dependency_range)


External: TypeAlias = NotRoot[P] | NoVersions[P] | UnavailableVersions[P] | Dependency[P]


class Derived(Frozen, Generic[P]):
    """An incompatibility derived from two others: its terms must not all hold.

    ``shared_id`` is set when several derivations of the tree use this one,
    so that a report explains it once and refers back to it. Derivations are
    compared by identity.
    """

    __match_args__ = ("terms", "cause1", "cause2", "shared_id")
    __slots__ = __match_args__

    terms: Mapping[P, Term]
    cause1: DerivationTree[P]
    cause2: DerivationTree[P]
    shared_id: int | None

    def __init__(
        self,
        terms: Mapping[P, Term],
        cause1: DerivationTree[P],
        cause2: DerivationTree[P],
        shared_id: int | None = None,
    ) -> None:
        set_field(self, "terms", terms)
        set_field(self, "cause1", cause1)
        set_field(self, "cause2", cause2)
        set_field(self, "shared_id", shared_id)

    if not TYPE_CHECKING:
        __eq__ = object.__eq__
        __hash__ = object.__hash__


DerivationTree: TypeAlias = External[P] | Derived[P]

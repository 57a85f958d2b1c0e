"""`DependencyProvider`: what the solver asks of the world, and how it answers."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

from puffin_resolver._frozen import Frozen, set_field

if TYPE_CHECKING:
    from puffin_pep440 import Version
    from puffin_resolver._range import Range

__all__ = ["Dependencies", "DependencyProvider", "Priority", "Unavailable"]

P = TypeVar("P", bound=Hashable)


class Unavailable(Frozen):
    """A version whose dependencies cannot be known, so it cannot be used.

    The *reason* completes "a==1.0 is unavailable (...)" in reports, e.g.
    ``"its metadata is invalid"``.
    """

    __match_args__ = ("reason",)
    __slots__ = __match_args__

    reason: str

    def __init__(self, reason: str) -> None:
        set_field(self, "reason", reason)


Dependencies: TypeAlias = "Mapping[P, Range]"


class Priority(Protocol):
    """Anything ordered: the solver decides the package of the highest priority first."""

    def __lt__(self, other: Any, /) -> bool: ...


class DependencyProvider(Protocol[P]):
    """The source of packages, versions and dependencies that `resolve` explores.

    Packages are opaque hashable values, compared with ``==``. The solver is
    synchronous and calls these methods one at a time. To fetch ahead of
    need, start fetching in `on_package_added`, which the solver calls as
    soon as it learns of a dependency, long before it asks about the package.
    Any exception a method raises reaches the caller of `resolve` as a
    `ProviderError`.
    """

    def prioritize(self, package: P, range: Range) -> Priority:
        """How urgently to decide *package*, now required to be in *range*.

        Called again whenever *range* narrows. Ties go to the package that
        the solver learned of first. Deciding the most constrained packages
        first (fewest versions left, an exact pin) finds conflicts early.
        """
        ...

    def choose_version(self, package: P, range: Range) -> Version | None:
        """The version of *package* to try next, within *range*; None when none is left.

        This is where resolution strategies live (highest, lowest,
        preferences, pre-release policy): the solver only needs a version in
        *range*, and takes None as "no version of *package* in *range*".
        """
        ...

    def get_dependencies(
        self, package: P, version: Version
    ) -> Mapping[P, Range] | Sequence[tuple[P, Range]] | Unavailable:
        """What *version* of *package* requires: dependencies and their ranges (one
        incompatibility each: a package may come twice), or why not known.

        A dependency on *package* itself is allowed (it then constrains its
        own version).
        """
        ...

    # A provider may also define ``stale_priorities() -> Iterable[P]``: the packages
    # whose priority changed by itself (not because their range narrowed) since the
    # last call; the solver asks before each decision and prioritizes them again.

    def on_package_added(self, package: P, range: Range) -> None:
        """A chosen version depends on *package* in *range*: a hint to prefetch.

        Called for every dependency of every version the solver tries, as
        soon as the solver reads them; return quickly (queue work, do not do it).
        """
        ...

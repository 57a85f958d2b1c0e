"""`Incompatibility`: terms that must not all hold, with the reason they cannot."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar

from puffin_resolver._tree import Derived, External

if TYPE_CHECKING:
    from collections.abc import Iterable

    from puffin_resolver._term import Term
    from puffin_resolver._tree import DerivationTree

__all__ = ["Incompatibility", "build_tree"]

P = TypeVar("P", bound=Hashable)

Cause: TypeAlias = "External[P] | tuple[Incompatibility[P], Incompatibility[P]]"


class Incompatibility(Generic[P]):
    """A set of terms, at most one per package, that no solution satisfies all at once.

    The cause is either an external fact (see `External`) or the two
    incompatibilities this one was derived from by resolution.
    """

    __slots__ = ("cause", "id", "terms")

    terms: dict[P, Term]
    cause: Cause[P]
    id: int

    def __init__(self, id: int, terms: Iterable[tuple[P, Term]], cause: Cause[P]) -> None:
        """Gather *terms*, intersecting those of one package, dropping those always true."""
        merged: dict[P, Term] = {}
        for package, term in terms:
            previous = merged.get(package)
            merged[package] = term if previous is None else previous.intersection(term)
        # "not p ∈ ∅" holds in every solution: it never helps forbid one.
        self.terms = {
            package: term
            for package, term in merged.items()
            if term.positive or not term.range.is_empty()
        }
        self.cause = cause
        self.id = id

    def __repr__(self) -> str:
        inner = ", ".join(f"{package} {term}" for package, term in self.terms.items())
        return f"<Incompatibility #{self.id} {{{inner}}}>"


def build_tree(root: Incompatibility[P]) -> DerivationTree[P]:
    """The derivation tree of *root*, derived nodes used twice or more marked shared.

    Iterative, since derivation chains can be longer than Python's recursion limit.
    """
    parents: dict[int, int] = {}
    stack = [root]
    seen = {root.id}
    while stack:
        current = stack.pop()
        if isinstance(current.cause, tuple):
            for parent_of in current.cause:
                parents[parent_of.id] = parents.get(parent_of.id, 0) + 1
                if parent_of.id not in seen:
                    seen.add(parent_of.id)
                    stack.append(parent_of)
    nodes: dict[int, DerivationTree[P]] = {}
    pending: list[tuple[Incompatibility[P], bool]] = [(root, False)]
    while pending:
        current, expanded = pending.pop()
        if current.id in nodes:
            continue
        cause = current.cause
        if not isinstance(cause, tuple):
            nodes[current.id] = cause
            continue
        first, second = cause
        if expanded:
            shared = current.id if parents.get(current.id, 0) > 1 else None
            nodes[current.id] = Derived(
                current.terms, nodes[first.id], nodes[second.id], shared_id=shared
            )
        else:
            pending.append((current, True))
            pending.extend((child, False) for child in (first, second) if child.id not in nodes)
    return nodes[root.id]

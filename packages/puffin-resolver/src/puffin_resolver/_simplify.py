"""Simplify a derivation tree before explaining it."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TypeVar

from puffin_resolver._range import Range
from puffin_resolver._tree import (
    Dependency,
    DerivationTree,
    Derived,
    NoVersions,
    UnavailableVersions,
)

__all__ = ["collapse_no_versions"]

P = TypeVar("P", bound=Hashable)


def collapse_no_versions(tree: DerivationTree[P]) -> DerivationTree[P]:
    """*tree* with facts "no version of p in R" folded into their sibling about p.

    The solver rules versions out one at a time, and what lies between them
    (local versions of a pin, gaps between releases) then needs its own
    "there are no versions of p in R" to conclude about a whole range. When
    such a fact meets another about the same package, the conclusion reads
    as the sibling fact stretched to the concluded range: "p==1.0 depends on
    q" and "there are no versions of p>1.0, <=1.0" give "p==1.0 depends on
    q" directly. A lack of versions of the *other* package of a dependency
    ("only b<2 is available") is kept.
    """
    done: dict[int, DerivationTree[P]] = {}
    pending: list[tuple[DerivationTree[P], bool]] = [(tree, False)]
    while pending:
        node, expanded = pending.pop()
        if id(node) in done:
            continue
        if not isinstance(node, Derived):
            done[id(node)] = node
        elif not expanded:
            pending.append((node, True))
            pending.extend((cause, False) for cause in (node.cause1, node.cause2))
        else:
            done[id(node)] = _collapse(node, done[id(node.cause1)], done[id(node.cause2)])
    return done[id(tree)]


def _collapse(
    node: Derived[P], cause1: DerivationTree[P], cause2: DerivationTree[P]
) -> DerivationTree[P]:
    for other, lack in ((cause1, cause2), (cause2, cause1)):
        if isinstance(lack, NoVersions):
            term = node.terms.get(lack.package)
            if term is not None and term.positive:
                merged = _stretch(node, other, lack.package)
                if merged is not None:
                    return merged
    if cause1 is node.cause1 and cause2 is node.cause2:
        return node
    return Derived(node.terms, cause1, cause2, node.shared_id)


def _stretch(node: Derived[P], fact: DerivationTree[P], package: P) -> DerivationTree[P] | None:
    """*fact* about *package* widened to the range *node* concludes, if it then says *node*."""
    terms = node.terms
    range = terms[package].range
    if isinstance(fact, Derived):
        if fact.shared_id is not None or terms.keys() != fact.terms.keys():
            return None
        if any(fact.terms[key] != term for key, term in terms.items() if key != package):
            return None
        # The dependencies of *package* that made *fact* hold over the stretched range
        # too ("a==2.0 depends on b" and no a>2.0 exists: "a>=2.0 depends on b").
        old = fact.terms[package].range
        cause1, cause2 = (
            _restated(cause, package, old, range) for cause in (fact.cause1, fact.cause2)
        )
        return Derived(terms, cause1, cause2, node.shared_id)
    if getattr(fact, "package", None) != package:
        return None
    if isinstance(fact, Dependency):
        if len(terms) == 1 and fact.dependency_range.is_empty():
            # A dependency nothing can satisfy (its range met a constraint): the node
            # says only that *package* is unusable, over the stretched range.
            return Dependency(package, range, fact.dependency, fact.dependency_range)
        dependency = terms.get(fact.dependency)
        if len(terms) != 2 or dependency is None or dependency.positive:
            return None
        if dependency.range != fact.dependency_range:
            return None
        return Dependency(package, range, fact.dependency, fact.dependency_range)
    if len(terms) != 1:
        return None
    if isinstance(fact, UnavailableVersions):
        return UnavailableVersions(package, range, fact.reason)
    if isinstance(fact, NoVersions):
        return NoVersions(package, range)
    return None


def _restated(cause: DerivationTree[P], package: P, old: Range, range: Range) -> DerivationTree[P]:
    """*cause*, a dependency of *package* over *old*, said over *range* instead."""
    if isinstance(cause, Dependency) and cause.package == package and cause.range == old:
        return Dependency(package, range, cause.dependency, cause.dependency_range)
    return cause

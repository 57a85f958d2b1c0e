"""`PartialSolution`: the solver's current assignments, indexed by package."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Generic, TypeVar

from puffin_resolver._term import Term

if TYPE_CHECKING:
    from puffin_pep440 import Version
    from puffin_resolver._incompatibility import Incompatibility

__all__ = ["Assignment", "PartialSolution"]

P = TypeVar("P", bound=Hashable)


class Assignment(Generic[P]):
    """One decision (a version, no cause) or derivation (a term and its cause).

    ``index`` orders all assignments; ``accumulated`` is the intersection of
    this package's assignments up to and including this one.
    """

    __slots__ = ("accumulated", "cause", "index", "level", "package", "term")

    def __init__(
        self,
        package: P,
        term: Term,
        level: int,
        index: int,
        cause: Incompatibility[P] | None,
        accumulated: Term,
    ) -> None:
        """An assignment; built by `PartialSolution` only."""
        self.package = package
        self.term = term
        self.level = level
        self.index = index
        self.cause = cause
        self.accumulated = accumulated

    @property
    def is_decision(self) -> bool:
        """Whether this assignment is a decision."""
        return self.cause is None

    def __repr__(self) -> str:
        kind = "decision" if self.cause is None else "derivation"
        return f"<{kind} #{self.index} {self.package} {self.term} @{self.level}>"


class _PackageAssignments(Generic[P]):
    __slots__ = ("assignments", "decision", "term")

    def __init__(self) -> None:
        self.assignments: list[Assignment[P]] = []
        self.decision: Version | None = None
        self.term: Term | None = None


class PartialSolution(Generic[P]):
    """The ordered assignments of the solver, with per-package accumulated terms.

    Per-package lists keep every query proportional to one package's
    assignments: the accumulated term is kept up to date, and the satisfier
    of a term is found without scanning other packages.
    """

    __slots__ = ("_next_index", "_packages", "level")

    def __init__(self) -> None:
        """An empty partial solution at decision level 0."""
        self._packages: dict[P, _PackageAssignments[P]] = {}
        self._next_index = 0
        self.level = 0

    def term(self, package: P) -> Term | None:
        """The intersection of all assignments of *package*, or None without any."""
        state = self._packages.get(package)
        return None if state is None else state.term

    def decision(self, package: P) -> Version | None:
        """The version decided for *package*, if any."""
        state = self._packages.get(package)
        return None if state is None else state.decision

    def decision_level(self, package: P) -> int | None:
        """The decision level at which *package* was decided, if it is."""
        state = self._packages.get(package)
        if state is None or state.decision is None:
            return None
        return next(a.level for a in state.assignments if a.cause is None)

    def decisions(self) -> dict[P, Version]:
        """Every decided package and its version."""
        return {
            package: state.decision
            for package, state in self._packages.items()
            if state.decision is not None
        }

    def undecided_positive(self, package: P) -> Term | None:
        """The accumulated term of *package* if it is positive and undecided, else None."""
        state = self._packages.get(package)
        if state is None or state.decision is not None:
            return None
        term = state.term
        return term if term is not None and term.positive else None

    def satisfies(self, package: P, term: Term) -> bool:
        """Whether the assignments of *package* satisfy *term*."""
        state = self._packages.get(package)
        return state is not None and state.term is not None and state.term.subset_of(term)

    def decide(self, package: P, version: Version) -> None:
        """Select *version* of *package*, opening a new decision level."""
        self.level += 1
        state = self._add(package, Term.exactly(version), None)
        state.decision = version

    def derive(self, package: P, term: Term, cause: Incompatibility[P]) -> None:
        """Record *term* as a consequence of *cause* at the current level."""
        self._add(package, term, cause)

    def _add(
        self, package: P, term: Term, cause: Incompatibility[P] | None
    ) -> _PackageAssignments[P]:
        state = self._packages.get(package)
        if state is None:
            state = self._packages[package] = _PackageAssignments()
        accumulated = term if state.term is None else state.term.intersection(term)
        state.assignments.append(
            Assignment(package, term, self.level, self._next_index, cause, accumulated)
        )
        state.term = accumulated
        self._next_index += 1
        return state

    def satisfier(self, package: P, term: Term) -> Assignment[P]:
        """The earliest assignment after which the assignments of *package* satisfy *term*.

        :raises LookupError: when they do not satisfy it at all (a solver bug).
        """
        state = self._packages.get(package)
        if state is not None:
            for assignment in state.assignments:
                if assignment.accumulated.subset_of(term):
                    return assignment
        raise LookupError(f"{package} {term} is not satisfied")

    def backtrack(self, level: int) -> list[P]:
        """Drop the assignments above decision *level*; return the packages that lost some."""
        touched = []
        emptied = []
        for package, state in self._packages.items():
            assignments = state.assignments
            if assignments[-1].level <= level:
                continue
            touched.append(package)
            keep = len(assignments)
            while keep and assignments[keep - 1].level > level:
                keep -= 1
            if not keep:
                emptied.append(package)
                continue
            del assignments[keep:]
            state.term = assignments[-1].accumulated
            if state.decision is not None and all(a.cause is not None for a in assignments):
                state.decision = None
        for package in emptied:
            del self._packages[package]
        self.level = level
        return touched

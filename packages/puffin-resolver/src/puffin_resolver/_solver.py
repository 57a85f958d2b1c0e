"""`resolve`: the PubGrub version solving algorithm.

The algorithm is Natalie Weizenbaum's, as published with the Dart package
manager (doc/solver.md of dart-lang/pub): unit propagation over
incompatibilities, decisions, and conflict resolution that learns the root
cause of each conflict and jumps back to the decision it blames.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar

from puffin_resolver._incompatibility import Incompatibility, build_tree
from puffin_resolver._partial_solution import PartialSolution
from puffin_resolver._provider import Unavailable
from puffin_resolver._range import Range
from puffin_resolver._term import Term
from puffin_resolver._tree import Dependency, External, NotRoot, NoVersions, UnavailableVersions
from puffin_resolver.errors import NoSolution, ProviderError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from puffin_pep440 import Version
    from puffin_resolver._provider import DependencyProvider, Priority

__all__ = ["resolve"]

P = TypeVar("P", bound=Hashable)


def resolve(provider: DependencyProvider[P], root: P, version: Version) -> dict[P, Version]:
    """Choose one version of every package that *root* at *version* needs, transitively.

    The result maps each selected package to its version, *root* included.

    :raises NoSolution: when no such selection exists; ``str()`` of the
        error explains why, and ``.tree`` holds the derivation tree.
    :raises ProviderError: when a method of *provider* raises (the original
        exception is the ``__cause__``).
    """
    return _Solver(provider, root, version).solve()


class _Relation(Enum):
    SATISFIED = 1
    CONTRADICTED = 2
    ALMOST_SATISFIED = 3
    INCONCLUSIVE = 4


class _Highest:
    """Inverts the order of a priority, as `heapq` pops the lowest item first."""

    __slots__ = ("value",)

    def __init__(self, value: Priority) -> None:
        self.value = value

    def __lt__(self, other: _Highest) -> bool:
        return bool(other.value < self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Highest) and bool(self.value == other.value)


class _Solver(Generic[P]):
    """The state of one resolution."""

    def __init__(self, provider: DependencyProvider[P], root: P, root_version: Version) -> None:
        self.provider = provider
        self.root = root
        self.root_version = root_version
        self.solution: PartialSolution[P] = PartialSolution()
        self.incompatibilities: dict[P, list[Incompatibility[P]]] = {}
        # Incompatibility id -> the decision level at which it was found
        # contradicted; it stays so until the solver backtracks below it.
        self.contradicted: dict[int, int] = {}
        self.dependencies: dict[tuple[P, Version], list[Incompatibility[P]]] = {}
        self.next_id = 0
        # Packages to decide: a heap of (priority, first seen, stamp, package);
        # an entry is stale when its stamp is no longer the package's latest.
        self.queue: list[tuple[_Highest, int, int, P]] = []
        self.stamps: dict[P, int] = {}
        self.first_seen: dict[P, int] = {}
        # Packages whose accumulated term changed since the last decision.
        self.dirty: dict[P, None] = {}
        # Optional: a provider whose priorities change by themselves says which.
        self.stale: Any = getattr(provider, "stale_priorities", None)
        # Optional: a provider that learns from conflicts (see `DependencyProvider`).
        self.on_conflict: Any = getattr(provider, "record_conflict", None)
        self.reprioritize: Any = getattr(provider, "reprioritize_conflicts", None)
        # The package the last decision was about (uv's "next"): conflicts are its doing.
        self.current: P = root

    # Main loop ---------------------------------------------------------------

    def solve(self) -> dict[P, Version]:
        self._add(
            [(self.root, Term(Range.singleton(self.root_version), positive=False))],
            NotRoot(self.root, self.root_version),
        )
        package: P | None = self.root
        while package is not None:
            self._propagate(package)
            if self.reprioritize is not None:
                for culprit in self.reprioritize():
                    self._backtrack_before(culprit)
            package = self._decide()
        return self.solution.decisions()

    def _backtrack_before(self, package: P) -> None:
        """Undo the decision of *package* and every later one (to decide it later)."""
        level = self.solution.decision_level(package)
        if level is None:
            return
        self._backtrack(level - 1)

    def _backtrack(self, level: int) -> None:
        touched = self.solution.backtrack(level)
        self.dirty.update(dict.fromkeys(touched))
        contradicted = self.contradicted
        for key in [key for key, found in contradicted.items() if found > level]:
            del contradicted[key]

    def _conflict(self, affected: P, incompatibility: Incompatibility[P]) -> None:
        if self.on_conflict is not None:
            self.on_conflict(affected, incompatibility.terms.keys(), self.current)

    def _add(self, terms: Iterable[tuple[P, Term]], cause: Any) -> Incompatibility[P]:
        incompatibility = Incompatibility(self.next_id, terms, cause)
        self.next_id += 1
        for package in incompatibility.terms:
            self.incompatibilities.setdefault(package, []).append(incompatibility)
        return incompatibility

    def _derive(self, package: P, term: Term, cause: Incompatibility[P]) -> None:
        self.solution.derive(package, term, cause)
        if package not in self.first_seen:
            self.first_seen[package] = len(self.first_seen)
        self.dirty[package] = None

    # Unit propagation --------------------------------------------------------

    def _relation(self, incompatibility: Incompatibility[P]) -> tuple[_Relation, P | None]:
        """How the partial solution relates to *incompatibility*, and its unsatisfied package."""
        unsatisfied: P | None = None
        inconclusive = 0
        term_of = self.solution.term
        for package, term in incompatibility.terms.items():
            assigned = term_of(package)
            if assigned is not None:
                if assigned.subset_of(term):
                    continue
                if term.is_disjoint(assigned):
                    return _Relation.CONTRADICTED, None
            inconclusive += 1
            unsatisfied = package
        if not inconclusive:
            return _Relation.SATISFIED, None
        if inconclusive == 1:
            return _Relation.ALMOST_SATISFIED, unsatisfied
        return _Relation.INCONCLUSIVE, None

    def _propagate(self, start: P) -> None:
        changed: dict[P, None] = {start: None}
        contradicted = self.contradicted
        while changed:
            package = next(iter(changed))
            del changed[package]
            conflict = None
            # Newest first: learned incompatibilities tend to be the most general.
            for incompatibility in reversed(self.incompatibilities.get(package, ())):
                if incompatibility.id in contradicted:
                    continue
                relation, unsatisfied = self._relation(incompatibility)
                if relation is _Relation.SATISFIED:
                    conflict = incompatibility
                    break
                if relation is _Relation.ALMOST_SATISFIED:
                    assert unsatisfied is not None
                    term = incompatibility.terms[unsatisfied]
                    self._derive(unsatisfied, term.negate(), incompatibility)
                    contradicted[incompatibility.id] = self.solution.level
                    changed[unsatisfied] = None
                elif relation is _Relation.CONTRADICTED:
                    contradicted[incompatibility.id] = self.solution.level
            if conflict is not None:
                cause = self._resolve_conflict(conflict)
                relation, unsatisfied = self._relation(cause)
                if relation is not _Relation.ALMOST_SATISFIED or unsatisfied is None:
                    raise AssertionError(f"{cause} is not almost satisfied after backjumping")
                self._derive(unsatisfied, cause.terms[unsatisfied].negate(), cause)
                contradicted[cause.id] = self.solution.level
                changed = {unsatisfied: None}

    # Conflict resolution -----------------------------------------------------

    def _is_terminal(self, incompatibility: Incompatibility[P]) -> bool:
        terms = incompatibility.terms
        if not terms:
            return True
        if len(terms) > 1:
            return False
        term = terms.get(self.root)
        return term is not None and term.positive and term.range.contains(self.root_version)

    def _resolve_conflict(self, incompatibility: Incompatibility[P]) -> Incompatibility[P]:
        """Learn the root cause of a satisfied *incompatibility* and backjump; return the cause."""
        solution = self.solution
        learned = False
        while not self._is_terminal(incompatibility):
            latest = None
            latest_package: P | None = None
            previous_level = 1
            for package, term in incompatibility.terms.items():
                satisfier = solution.satisfier(package, term)
                if latest is None:
                    latest, latest_package = satisfier, package
                elif latest.index < satisfier.index:
                    previous_level = max(previous_level, latest.level)
                    latest, latest_package = satisfier, package
                else:
                    previous_level = max(previous_level, satisfier.level)
            assert latest is not None and latest_package is not None
            term = incompatibility.terms[latest_package]
            # The satisfier may satisfy the term only together with earlier
            # assignments; the earliest of those also bounds the backjump.
            difference = latest.term.difference(term)
            if not difference.is_empty():
                earlier = solution.satisfier(latest_package, difference.negate())
                previous_level = max(previous_level, earlier.level)
            if latest.cause is None or previous_level < latest.level:
                self._conflict(latest_package, incompatibility)
                self._backtrack(previous_level)
                if learned:
                    for package in incompatibility.terms:
                        self.incompatibilities.setdefault(package, []).append(incompatibility)
                return incompatibility
            self._conflict(latest_package, incompatibility)
            cause = latest.cause
            terms = [(p, t) for p, t in incompatibility.terms.items() if p != latest_package]
            terms.extend((p, t) for p, t in cause.terms.items() if p != latest_package)
            if not difference.is_empty():
                terms.append((latest_package, difference.negate()))
            incompatibility = Incompatibility(self.next_id, terms, (incompatibility, cause))
            self.next_id += 1
            learned = True
        return self._fail(incompatibility)

    def _fail(self, incompatibility: Incompatibility[P]) -> NoReturn:
        tree = build_tree(incompatibility)
        raise NoSolution(tree, self.root, self.root_version)

    # Decision making ---------------------------------------------------------

    def _next_package(self) -> P | None:
        """The undecided package with a positive derivation of the highest priority."""
        solution = self.solution
        if self.stale is not None:
            self.dirty.update(dict.fromkeys(self.stale()))
        for package in self.dirty:
            term = solution.undecided_positive(package)
            if term is None or package == self.root:
                continue
            priority = self._call("prioritize", package, self.provider.prioritize, term.range)
            stamp = self.stamps[package] = self.stamps.get(package, 0) + 1
            heapq.heappush(
                self.queue, (_Highest(priority), self.first_seen[package], stamp, package)
            )
        self.dirty.clear()
        queue = self.queue
        while queue:
            _, _, stamp, package = queue[0]
            if stamp == self.stamps[package] and solution.undecided_positive(package) is not None:
                return package
            heapq.heappop(queue)
        return None

    def _decide(self) -> P | None:
        """Try a version of the next package; return the package, or None when all are decided."""
        solution = self.solution
        version: Version | None
        if solution.decision(self.root) is None:
            package, version = self.root, self.root_version
            self.current = package
        else:
            next_package = self._next_package()
            if next_package is None:
                return None
            package = next_package
            term = solution.undecided_positive(package)
            assert term is not None
            version = self._call(
                "choose_version", package, self.provider.choose_version, term.range
            )
            if version is None:
                self._add([(package, term)], NoVersions(package, term.range))
                return package
            if not term.range.contains(version):
                message = f"chose {version}, outside the allowed range {term.range}"
                raise ProviderError("choose_version", package, message)
        assert version is not None
        self.current = package
        known = self.dependencies.get((package, version))
        if known is None:
            incompatibilities = self._dependency_incompatibilities(package, version)
            if incompatibilities is None:
                return package
            for incompatibility in incompatibilities:
                if all(
                    p == package or solution.satisfies(p, t)
                    for p, t in incompatibility.terms.items()
                ):
                    # Deciding would satisfy this incompatibility at once: let unit
                    # propagation rule this version out instead.
                    self._conflict(package, incompatibility)
                    return package
        # Dependencies added before are known not to conflict by themselves: a
        # conflict with later assignments shows in unit propagation (as in pubgrub).
        solution.decide(package, version)
        if package not in self.first_seen:
            self.first_seen[package] = len(self.first_seen)
        return package

    def _dependency_incompatibilities(
        self, package: P, version: Version
    ) -> list[Incompatibility[P]] | None:
        """Add the dependencies of *version* as incompatibilities (None: it is unavailable)."""
        provider = self.provider
        dependencies = self._call("get_dependencies", package, provider.get_dependencies, version)
        exact = Range.singleton(version)
        if isinstance(dependencies, Unavailable):
            self._add(
                [(package, Term(exact, positive=True))],
                UnavailableVersions(package, exact, dependencies.reason),
            )
            return None
        added = []
        for dependency, range in _items(dependencies):
            cause: External[P] = Dependency(package, exact, dependency, range)
            if dependency == package:
                if not range.contains(version):
                    added.append(self._add([(package, Term(exact, positive=True))], cause))
                continue
            terms = [
                (package, Term(exact, positive=True)),
                (dependency, Term(range, positive=False)),
            ]
            added.append(self._add(terms, cause))
            self._call("on_package_added", dependency, provider.on_package_added, range)
        self.dependencies[(package, version)] = added
        return added

    def _call(self, method: str, package: P, function: Any, argument: Any) -> Any:
        try:
            return function(package, argument)
        except Exception as error:
            raise ProviderError(method, package, str(error) or type(error).__name__) from error


def _items(
    dependencies: Mapping[P, Range] | Sequence[tuple[P, Range]],
) -> Iterable[tuple[P, Range]]:
    return dependencies.items() if isinstance(dependencies, Mapping) else dependencies

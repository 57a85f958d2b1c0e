"""Explain a derivation tree in numbered English, as PubGrub's error reporting does.

The walk over the tree is the one published with the algorithm (the "Error
Reporting" section of Dart pub's doc/solver.md); the words come from a
`ReportFormatter`, so that callers name packages and versions their own way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from puffin_resolver._range import Range, is_plain
from puffin_resolver._simplify import collapse_no_versions
from puffin_resolver._tree import (
    Dependency,
    DerivationTree,
    Derived,
    External,
    NotRoot,
    NoVersions,
    UnavailableVersions,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from puffin_pep440 import Version
    from puffin_resolver._term import Term

__all__ = ["DefaultFormatter", "ReportFormatter", "render_report"]

P = TypeVar("P", bound=Hashable)


class ReportFormatter(Protocol[P]):
    """The words of a report: clauses for facts and for derived conclusions.

    `render_report` assembles them into sentences ("Because A and B, C.",
    "And because A, C.").
    """

    def external(self, external: External[P]) -> str:
        """One fact, as a clause: ``a==1.0 depends on b>=2.0``."""
        ...

    def externals(self, first: External[P], second: External[P]) -> str:
        """Two facts joined: ``A and B``, or shorter when they chain."""
        ...

    def terms(self, terms: Mapping[P, Term]) -> str:
        """A derived conclusion, as a clause: ``a==1.0 cannot be used``."""
        ...


class DefaultFormatter(Generic[P]):
    """Plain English in the style of PubGrub's reports; subclass to rename things.

    Packages are written with ``str()`` (override `package`), a package and
    its versions as ``b>=2.0``, and *root*, the package being solved, by its
    name alone.
    """

    def __init__(
        self,
        root: object = None,
        *,
        known_versions: Callable[[P], Sequence[Version]] | None = None,
    ) -> None:
        """A formatter for a resolution of *root*.

        With *known_versions* (every version of a package, ascending), the
        versions a sentence is about read as "all versions of a" when they
        hold every known version and as ``a==1.0`` when they hold one; the
        ranges that packages depend on are written as they are.
        """
        self.root = root
        self.known_versions = known_versions

    def _simplify(self, package: P, range: Range, *, open_ended: bool = False) -> Range:
        if self.known_versions is None or range.is_full():
            return range
        known = self.known_versions(package)
        inside = [version for version in known if range.contains(version)]
        if known and len(inside) == len(known):
            return Range.full()
        if len(inside) == 1:
            only = inside[0]
            if open_ended and only == known[-1] and Range.higher_than(only).subset_of(range):
                return range
            return Range.singleton(only)
        return range

    def package(self, package: P) -> str:
        """The name of *package*."""
        return str(package)

    def versions(self, package: P, range: Range) -> str:
        """*package* restricted to *range*: ``b>=2.0``, or ``b`` for every version."""
        if package == self.root or range.is_full():
            return self.package(package)
        return f"{self.package(package)}{range}"

    def subject(self, package: P, range: Range, *, open_ended: bool = False) -> tuple[str, bool]:
        """*package* in *range* as the subject of a sentence, and whether it is plural.

        A range holding one known version reads as that version, except with
        *open_ended* when the version is the newest and the range goes on past it
        ("a>=2.0" stays so).
        """
        range = self._simplify(package, range, open_ended=open_ended)
        if range.is_full() and package != self.root:
            return f"all versions of {self.package(package)}", True
        return self.versions(package, range), False

    def external(self, external: External[P]) -> str:
        """One fact, as a clause."""
        if isinstance(external, NotRoot):
            return f"we are solving dependencies of {self.package(external.package)}"
        if isinstance(external, NoVersions):
            package, range = external.package, external.range
            if range.is_full():
                return f"there are no versions of {self.package(package)}"
            available = range.complement()
            if is_plain(available):
                return f"only {self.versions(package, available)} is available"
            return f"there are no versions of {self.versions(package, range)}"
        subject, plural = self.subject(external.package, external.range)
        if isinstance(external, UnavailableVersions):
            verb = "are" if plural else "is"
            return f"{subject} {verb} unavailable ({external.reason})"
        verb = "depend" if plural else "depends"
        target = self.versions(external.dependency, external.dependency_range)
        return f"{subject} {verb} on {target}"

    def externals(self, first: External[P], second: External[P]) -> str:
        """Two facts joined; dependencies come first, and chain when they can."""
        if isinstance(second, Dependency) and not isinstance(first, Dependency):
            first, second = second, first
        merged = _widen(first, second) or _widen(second, first)
        if merged is not None:
            return self.external(merged)
        if isinstance(first, Dependency) and isinstance(second, Dependency):
            for a, b in ((first, second), (second, first)):
                if a.dependency == b.package and a.dependency_range.subset_of(b.range):
                    target = self.versions(b.dependency, b.dependency_range)
                    return f"{self.external(a)} which depends on {target}"
            if first.package == second.package and first.range == second.range:
                subject, plural = self.subject(first.package, first.range)
                verb = "depend" if plural else "depends"
                one = self.versions(first.dependency, first.dependency_range)
                other = self.versions(second.dependency, second.dependency_range)
                return f"{subject} {verb} on both {one} and {other}"
        return f"{self.external(first)} and {self.external(second)}"

    def terms(self, terms: Mapping[P, Term]) -> str:
        """A derived conclusion, as a clause."""
        items = list(terms.items())
        if not items or (len(items) == 1 and items[0][0] == self.root and items[0][1].positive):
            return "version solving failed"
        if len(items) == 1:
            package, term = items[0]
            if not term.positive:
                return f"{self.versions(package, term.range)} is required"
            range = self._simplify(package, term.range)
            if range.is_full():
                return f"no version of {self.package(package)} can be used"
            return f"{self.versions(package, range)} cannot be used"
        if len(items) == 2:
            (p1, t1), (p2, t2) = items
            if t1.positive != t2.positive:
                (p, t), (q, u) = (items[0], items[1]) if t1.positive else (items[1], items[0])
                subject, plural = self.subject(p, t.range)
                verb = "require" if plural else "requires"
                return f"{subject} {verb} {self.versions(q, u.range)}"
            one, other = self.versions(p1, t1.range), self.versions(p2, t2.range)
            if t1.positive:
                return f"{one} and {other} are incompatible"
            return f"{one} or {other} is required"
        parts = [
            self.versions(package, term.range)
            if term.positive
            else f"not {self.versions(package, term.range)}"
            for package, term in items
        ]
        return f"{', '.join(parts[:-1])} and {parts[-1]} are incompatible"


def _widen(fact: External[P], lack: External[P]) -> External[P] | None:
    """*fact* about p stretched over *lack*, "no versions of p in N": one statement."""
    if not isinstance(lack, NoVersions) or getattr(fact, "package", None) != lack.package:
        return None
    if isinstance(fact, Dependency):
        range = fact.range.union(lack.range)
        return Dependency(fact.package, range, fact.dependency, fact.dependency_range)
    if isinstance(fact, UnavailableVersions):
        return UnavailableVersions(fact.package, fact.range.union(lack.range), fact.reason)
    return None


def render_report(
    tree: DerivationTree[P], formatter: ReportFormatter[P] | None = None, *, collapse: bool = True
) -> str:
    """The explanation of *tree*, one derivation per line, shared ones numbered.

    With *collapse*, facts that a range of a package holds no version are
    folded into the neighbouring statement about that package first (see
    `collapse_no_versions`).

    >>> print(render_report(NoVersions("b", Range.full())))
    Because there are no versions of b, version solving failed.
    """
    words: ReportFormatter[P] = DefaultFormatter() if formatter is None else formatter
    if collapse:
        tree = collapse_no_versions(tree)
    if not isinstance(tree, Derived):
        # The root itself is at fault: its dependencies or its own version.
        return f"Because {words.external(tree)}, {words.terms({})}."
    return _Report(words).run(tree)


class _Report(Generic[P]):
    """One run of the report walk: output lines and the numbers given to them."""

    def __init__(self, words: ReportFormatter[P]) -> None:
        self.words = words
        self.lines: list[tuple[str, int | None]] = []
        self.numbers: dict[int, int] = {}  # id(node) -> its line number
        # Work to do, last first: (visit a node, forced number) or a deferred line.
        self.tasks: list[tuple[Derived[P], bool] | Callable[[], None]] = []

    def run(self, tree: Derived[P]) -> str:
        self.tasks.append((tree, False))
        while self.tasks:
            task = self.tasks.pop()
            if callable(task):
                task()
            else:
                self._visit(*task)
        return "\n".join(f"{text} ({number})" if number else text for text, number in self.lines)

    def _number(self, node: DerivationTree[P]) -> int | None:
        return self.numbers.get(id(node)) if isinstance(node, Derived) else None

    def _terms(self, node: Derived[P]) -> str:
        return self.words.terms(node.terms)

    def _then(self, *steps: tuple[Derived[P], bool] | Callable[[], None]) -> None:
        """Schedule *steps* to run in order, before anything scheduled earlier."""
        self.tasks.extend(reversed(steps))

    def _write(
        self, node: Derived[P], numbered: bool, text: Callable[[], str]
    ) -> Callable[[], None]:
        """A deferred line: its text reads line numbers given by the steps before it."""

        def write() -> None:
            number = None
            if numbered:
                number = len(self.numbers) + 1
                self.numbers[id(node)] = number
            self.lines.append((text(), number))

        return write

    def _blank(self) -> None:
        self.lines.append(("", None))

    def _visit(self, node: Derived[P], conclusion: bool) -> None:
        if id(node) in self.numbers:
            return  # explained already (reached twice through a shared cause)
        numbered = conclusion or node.shared_id is not None
        cause1, cause2 = node.cause1, node.cause2
        if isinstance(cause1, Derived) and isinstance(cause2, Derived):
            self._visit_derived_pair(node, numbered, cause1, cause2)
        elif isinstance(cause1, Derived):
            assert not isinstance(cause2, Derived)
            self._visit_mixed(node, numbered, cause1, cause2)
        elif isinstance(cause2, Derived):
            self._visit_mixed(node, numbered, cause2, cause1)
        else:
            line = f"Because {self.words.externals(cause1, cause2)}, {self._terms(node)}."
            self._then(self._write(node, numbered, lambda: line))

    def _visit_derived_pair(
        self, node: Derived[P], numbered: bool, first: Derived[P], second: Derived[P]
    ) -> None:
        one, other = self._number(first), self._number(second)
        if one is not None and other is not None:
            line = (
                f"Because {self._terms(first)} ({one}) and {self._terms(second)} ({other}),"
                f" {self._terms(node)}."
            )
            self._then(self._write(node, numbered, lambda: line))
        elif one is not None or other is not None:
            known, unknown = (first, second) if one is not None else (second, first)
            self._then(
                (unknown, False),
                self._write(
                    node,
                    numbered,
                    lambda: (
                        f"And because {self._terms(known)} ({self._number(known)}),"
                        f" {self._terms(node)}."
                    ),
                ),
            )
        elif _is_single_line(first) or _is_single_line(second):
            # Explain the longer branch, then the one-line one, then conclude.
            longer, shorter = (first, second) if _is_single_line(second) else (second, first)
            self._then(
                (longer, False),
                (shorter, False),
                self._write(node, numbered, lambda: f"Thus, {self._terms(node)}."),
            )
        else:
            self._then(
                (first, True),
                self._blank,
                (second, False),
                self._write(
                    node,
                    numbered,
                    lambda: (
                        f"And because {self._terms(first)} ({self._number(first)}),"
                        f" {self._terms(node)}."
                    ),
                ),
            )

    def _visit_mixed(
        self, node: Derived[P], numbered: bool, derived: Derived[P], external: External[P]
    ) -> None:
        number = self._number(derived)
        if number is not None:
            line = (
                f"Because {self.words.external(external)} and {self._terms(derived)} ({number}),"
                f" {self._terms(node)}."
            )
            self._then(self._write(node, numbered, lambda: line))
            return
        prior = self._collapsible(derived)
        if prior is not None:
            prior_derived, prior_external = prior
            self._then(
                (prior_derived, False),
                self._write(
                    node,
                    numbered,
                    lambda: (
                        f"And because {self.words.externals(prior_external, external)},"
                        f" {self._terms(node)}."
                    ),
                ),
            )
            return
        self._then(
            (derived, False),
            self._write(
                node,
                numbered,
                lambda: f"And because {self.words.external(external)}, {self._terms(node)}.",
            ),
        )

    def _collapsible(self, derived: Derived[P]) -> tuple[Derived[P], External[P]] | None:
        """The derived and external causes of *derived*, when its line can be skipped.

        That is when nothing else refers to *derived*, and its derived cause
        is not explained yet: "A, so B. And because C, D." becomes "A. And
        because B and C, D."
        """
        if derived.shared_id is not None:
            return None
        cause1, cause2 = derived.cause1, derived.cause2
        if isinstance(cause1, Derived) == isinstance(cause2, Derived):
            return None
        if isinstance(cause1, Derived):
            assert not isinstance(cause2, Derived)
            prior, external = cause1, cause2
        else:
            assert isinstance(cause2, Derived)
            prior, external = cause2, cause1
        if self._number(prior) is not None:
            return None
        return prior, external


def _is_single_line(node: Derived[P]) -> bool:
    """Whether *node* is derived from two facts, so explained in one line."""
    return not isinstance(node.cause1, Derived) and not isinstance(node.cause2, Derived)

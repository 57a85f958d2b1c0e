"""`UvFormatter`: reports that name packages as users see them, worded as uv words them.

Proxies (see `_packages`) are an implementation detail: `collapse_proxies` removes
the facts between a proxy and the project it stands for before the report is
written, and packages show as ``foo`` or ``foo[bar]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from puffin_resolver._index_provider import MISSING_REASONS
from puffin_resolver._packages import Package
from puffin_resolver._range import Range
from puffin_resolver._report import DefaultFormatter
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
    from puffin_pep440 import Version
    from puffin_resolver._index_provider import IndexProvider
    from puffin_resolver._term import Term

__all__ = ["UvFormatter", "collapse_proxies"]

_PLURAL = {"has": "have", "was": "were", "is": "are", "requires": "require"}


def _plural(predicate: str) -> str:
    verb, space, rest = predicate.partition(" ")
    return f"{_PLURAL.get(verb, verb)}{space}{rest}"


def _between_namesakes(fact: External[Package]) -> bool:
    return (
        isinstance(fact, Dependency)
        and not fact.package.is_root
        and fact.package.name == fact.dependency.name
    )


def collapse_proxies(tree: DerivationTree[Package]) -> DerivationTree[Package]:
    """*tree* without the facts "foo[bar]==1.0 depends on foo==1.0" that proxies add: a
    conclusion drawn from such a fact and another is replaced by the other."""
    done: dict[int, DerivationTree[Package] | None] = {}
    pending: list[tuple[DerivationTree[Package], bool]] = [(tree, False)]
    while pending:
        node, expanded = pending.pop()
        if id(node) in done:
            continue
        if not isinstance(node, Derived):
            done[id(node)] = None if _between_namesakes(node) else node
        elif not expanded:
            pending.append((node, True))
            pending.extend((cause, False) for cause in (node.cause1, node.cause2))
        else:
            first, second = done[id(node.cause1)], done[id(node.cause2)]
            if first is None or second is None:
                done[id(node)] = second if first is None else first
            elif first is node.cause1 and second is node.cause2:
                done[id(node)] = node
            else:
                done[id(node)] = Derived(node.terms, first, second, node.shared_id)
    result = done[id(tree)]
    return tree if result is None else result


class UvFormatter(DefaultFormatter[Package]):
    """Words a resolution's failure: ``foo[bar]`` for extras, "you require" for the root's
    dependencies, "we can conclude that ..." for conclusions, uv's reasons for unusable
    versions ("has no wheels with a matching platform tag") and missing projects
    ("was not found in the package registry")."""

    def __init__(self, provider: IndexProvider) -> None:
        """A formatter reading what *provider* learned (versions, missing projects)."""
        super().__init__(provider.root, known_versions=self._known)
        self.provider = provider

    def _known(self, package: Package) -> Sequence[Version]:
        found = self.provider.version_maps.get(package.name)
        return found.versions if found is not None else ()

    def package(self, package: Package) -> str:
        """``foo`` or ``foo[bar]``."""
        return package.display

    def versions(self, package: Package, range: Range) -> str:
        """``foo>=1.0,<2`` (specifier style), or ``foo`` for every version."""
        if package == self.root or range.is_full():
            return self.package(package)
        return f"{self.package(package)}{str(range).replace(', ', ',')}"

    def external(self, external: External[Package]) -> str:
        """One fact, in uv's words."""
        if isinstance(external, NotRoot):
            return f"we are solving dependencies of {self._root_name()}"
        package = external.package
        if isinstance(external, NoVersions):
            missing = self.provider.missing.get(package.name)
            if missing is not None:
                return f"{self.package(package)} {MISSING_REASONS[missing]}"
            if external.range.exact_version() is not None:
                return f"there is no version of {self.versions(package, external.range)}"
            return super().external(external)
        if isinstance(external, UnavailableVersions):
            subject, plural = self.subject(package, external.range)
            reason = external.reason
            return f"{subject} {_plural(reason) if plural else reason}"
        target = self._target(external)
        if package == self.root:
            project = self._project()
            return f"you require {target}" if project is None else f"{project} depends on {target}"
        # uv writes a dependency's versions (and a derived conclusion's) as given when
        # they reach past the newest version: "a>=2.0", not "a==2.0".
        subject, plural = self.subject(package, external.range, open_ended=True)
        return f"{subject} {'depend' if plural else 'depends'} on {target}"

    def _target(self, dependency: Dependency[Package]) -> str:
        """What *dependency* is on; an empty range as the requirements that made it."""
        target, range = dependency.dependency, dependency.dependency_range
        if not range.is_empty():
            return self.versions(target, range)
        pieces: list[Range] = []
        for (package, version), edges in self.provider.dependencies.items():
            if package != dependency.package or not dependency.range.contains(version):
                continue
            for found, piece in edges:
                if found == target and piece not in pieces:
                    pieces.append(piece)
            break
        if not pieces:
            return self.versions(target, range)
        return " and ".join(self.versions(target, piece) for piece in pieces)

    def externals(self, first: External[Package], second: External[Package]) -> str:
        """Two facts joined, in the order the solver learned them."""
        if (
            isinstance(first, Dependency)
            and isinstance(second, Dependency)
            and first.package == second.package == self.root
        ):
            both = f"{self._target(first)} and {self._target(second)}"
            project = self._project()
            return f"you require {both}" if project is None else f"{project} depends on {both}"
        if (
            isinstance(first, Dependency)
            and isinstance(second, Dependency)
            and first.package == second.package
            and first.range == second.range
            and first.dependency == second.dependency
        ):
            # Two requirements on one package (a requirement and a constraint): uv names
            # the dependent once.
            subject, plural = self.subject(first.package, first.range, open_ended=True)
            both = f"{self._target(first)} and {self._target(second)}"
            return f"{subject} {'depend' if plural else 'depends'} on {both}"
        return f"{self.external(first)} and {self.external(second)}"

    def terms(self, terms: Mapping[Package, Term]) -> str:
        """A conclusion: "we can conclude that ..."."""
        return f"we can conclude that {self._conclusion(terms)}"

    def _conclusion(self, terms: Mapping[Package, Term]) -> str:
        items = list(terms.items())
        if not items or (len(items) == 1 and items[0][0] == self.root and items[0][1].positive):
            project = self._project()
            if project is not None:
                return f"{project}'s requirements are unsatisfiable"
            return "your requirements are unsatisfiable"
        if len(items) == 1:
            package, term = items[0]
            if not term.positive:
                return f"{self.versions(package, term.range)} is required"
            subject, _ = self.subject(package, term.range, open_ended=True)
            return f"{subject} cannot be used"
        if len(items) == 2:
            (p1, t1), (p2, t2) = items
            if t1.positive != t2.positive:
                (p, t), (q, u) = (items[0], items[1]) if t1.positive else (items[1], items[0])
                subject, plural = self.subject(p, t.range)
                verb = "depend" if plural else "depends"
                return f"{subject} {verb} on {self.versions(q, u.range)}"
            if t1.positive:
                one, _ = self.subject(p1, t1.range)
                other, _ = self.subject(p2, t2.range)
                return f"{one} and {other} are incompatible"
        return super().terms(terms)

    def _root_name(self) -> str:
        return self._project() or "your requirements"

    def _project(self) -> str | None:
        """The project being resolved, when the root is one."""
        root = self.root
        if isinstance(root, Package) and root.name:
            return root.display
        return None

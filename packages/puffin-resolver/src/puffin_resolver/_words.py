"""`UvFormatter`: reports that name packages as users see them, worded as uv words them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from puffin_resolver._index_provider import MISSING_REASONS
from puffin_resolver._packages import Package
from puffin_resolver._range import Range
from puffin_resolver._report import DefaultFormatter
from puffin_resolver._tree import NotRoot, NoVersions, UnavailableVersions

if TYPE_CHECKING:
    from puffin_pep440 import Version
    from puffin_resolver._index_provider import IndexProvider
    from puffin_resolver._term import Term
    from puffin_resolver._tree import External

__all__ = ["UvFormatter"]

_PLURAL = {"has": "have", "was": "were", "is": "are", "requires": "require"}


def _plural(predicate: str) -> str:
    verb, space, rest = predicate.partition(" ")
    return f"{_PLURAL.get(verb, verb)}{space}{rest}"


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
        """``foo`` or ``foo[bar]``; the root is "your requirements" unless it is a project."""
        return package.display

    def versions(self, package: Package, range: Range) -> str:
        """``foo>=1.0``, or ``foo`` for every version."""
        if package == self.root or range.is_full():
            return self.package(package)
        return f"{self.package(package)}{range}"

    def external(self, external: External[Package]) -> str:
        """One fact, in uv's words."""
        if isinstance(external, NotRoot):
            return f"we are solving dependencies of {self._root_name()}"
        package = external.package
        if isinstance(external, NoVersions):
            missing = self.provider.missing.get(package.name)
            if missing is not None:
                return f"{self.package(package)} {MISSING_REASONS[missing]}"
            return super().external(external)
        if isinstance(external, UnavailableVersions):
            subject, plural = self.subject(package, external.range)
            reason = external.reason
            return f"{subject} {_plural(reason) if plural else reason}"
        if package == self.root:
            target = self.versions(external.dependency, external.dependency_range)
            return f"you require {target}"
        return super().external(external)

    def terms(self, terms: Mapping[Package, Term]) -> str:
        """A conclusion: "we can conclude that ..."."""
        items = list(terms.items())
        if not items or (len(items) == 1 and items[0][0] == self.root and items[0][1].positive):
            return "we can conclude that your requirements are unsatisfiable"
        return f"we can conclude that {super().terms(terms)}"

    def _root_name(self) -> str:
        root = self.root
        if isinstance(root, Package) and root.name:
            return root.display
        return "your requirements"

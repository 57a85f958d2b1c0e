"""Errors of puffin-resolver.

::

    ResolveError
    ├── NoSolution       no set of versions satisfies the requirements; carries the
    │                    derivation tree, and str() is the report in plain English
    └── ProviderError    the dependency provider raised; the original is the __cause__
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from puffin_resolver._report import DefaultFormatter, render_report

if TYPE_CHECKING:
    from puffin_pep440 import Version
    from puffin_resolver._tree import DerivationTree

__all__ = ["NoSolution", "ProviderError", "ResolveError"]


class ResolveError(Exception):
    """Root of every error raised by puffin-resolver."""


class NoSolution(ResolveError):
    """No selection of versions satisfies every dependency of the root package.

    ``tree`` explains why (see `render_report` to word it your own way);
    ``root`` and ``root_version`` are what was being solved.
    """

    tree: DerivationTree[Any]

    def __init__(self, tree: DerivationTree[Any], root: object, root_version: Version) -> None:
        """An unsolvable resolution of *root* at *root_version*, explained by *tree*."""
        self.tree = tree
        self.root = root
        self.root_version = root_version
        super().__init__(tree, root, root_version)

    def __str__(self) -> str:
        return render_report(self.tree, DefaultFormatter(self.root))


class ProviderError(ResolveError):
    """The dependency provider raised while the solver called *method* for *package*."""

    def __init__(self, method: str, package: object, message: str) -> None:
        """A failure of ``provider.<method>(package, ...)``, described by *message*."""
        self.method = method
        self.package = package
        self.message = message
        super().__init__(method, package, message)

    def __str__(self) -> str:
        return f"{self.method} failed for {self.package}: {self.message}"

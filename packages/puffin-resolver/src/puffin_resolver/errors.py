"""Errors of puffin-resolver.

::

    ResolveError
    ├── NoSolution            no set of versions satisfies the requirements; carries the
    │                         derivation tree, and str() is the report in plain English
    ├── ProviderError         the dependency provider raised; the original is the __cause__
    ├── PackageFetchError     a project's versions could not be fetched (network, index)
    ├── DistributionFailed    the metadata of a URL requirement could not be obtained
    └── UrlRequirementError   a URL dependency that was not declared up front, or two URLs
                              for one package
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from puffin_pep440 import Version
    from puffin_resolver._report import ReportFormatter
    from puffin_resolver._tree import DerivationTree

__all__ = [
    "DistributionFailed",
    "NoSolution",
    "PackageFetchError",
    "ProviderError",
    "ResolveError",
    "UrlRequirementError",
]


class ResolveError(Exception):
    """Root of every error raised by puffin-resolver."""


class NoSolution(ResolveError):
    """No selection of versions satisfies every dependency of the root package.

    ``tree`` explains why (see `render_report` to word it your own way);
    ``root`` and ``root_version`` are what was being solved.
    """

    tree: DerivationTree[Any]

    def __init__(
        self,
        tree: DerivationTree[Any],
        root: object,
        root_version: Version,
        formatter: ReportFormatter[Any] | None = None,
    ) -> None:
        """An unsolvable resolution of *root* at *root_version*, explained by *tree*.

        *formatter* words the report (default: `DefaultFormatter`).
        """
        self.tree = tree
        self.root = root
        self.root_version = root_version
        self.formatter = formatter
        super().__init__(tree, root, root_version)

    def __str__(self) -> str:
        from puffin_resolver._report import DefaultFormatter, render_report

        formatter = self.formatter if self.formatter is not None else DefaultFormatter(self.root)
        return render_report(self.tree, formatter)


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


class PackageFetchError(ResolveError):
    """The versions of *package* could not be fetched; *cause* says why (it names the URL).

    >>> print(PackageFetchError("foo", "could not fetch https://example.com/simple/foo/: HTTP 500"))
    cannot get the versions of foo: could not fetch https://example.com/simple/foo/: HTTP 500
    """

    def __init__(self, package: str, cause: str) -> None:
        self.package = package
        self.cause = cause
        super().__init__(package, cause)

    def __str__(self) -> str:
        return f"cannot get the versions of {self.package}: {self.cause}"


class DistributionFailed(ResolveError):
    """The metadata of *dist* (``name @ url``) could not be obtained: *cause*.

    >>> print(DistributionFailed("foo @ https://example.com/foo.tar.gz", "needs a build"))
    cannot get the metadata of foo @ https://example.com/foo.tar.gz: needs a build
    """

    def __init__(self, dist: str, cause: str) -> None:
        self.dist = dist
        self.cause = cause
        super().__init__(dist, cause)

    def __str__(self) -> str:
        return f"cannot get the metadata of {self.dist}: {self.cause}"


class UrlRequirementError(ResolveError):
    """A URL dependency the requirements did not declare, or two URLs for one package.

    *parent* (``foo==1.0``) is the package whose metadata named the URL; None for a
    first-party requirement. The message is uv's.

    >>> error = UrlRequirementError("bar @ https://example.com/b.whl", "foo==1.0")
    >>> print(str(error).replace(". ", ".\\n"))
    Package `bar` was included as a URL dependency.
    URL dependencies must be expressed as direct requirements or constraints.
    Consider adding `bar @ https://example.com/b.whl` to your dependencies or constraints file.
    """

    def __init__(self, requirement: str, parent: str | None, *, other: str | None = None) -> None:
        self.requirement = requirement
        self.parent = parent
        self.other = other
        super().__init__(requirement, parent, other)

    def __str__(self) -> str:
        if self.other is not None:
            return f"conflicting URLs for one package: {self.other} and {self.requirement}"
        name = self.requirement.partition(" @ ")[0].partition("[")[0]
        return (
            f"Package `{name}` was included as a URL dependency. URL dependencies must be"
            " expressed as direct requirements or constraints. Consider adding"
            f" `{self.requirement}` to your dependencies or constraints file."
        )

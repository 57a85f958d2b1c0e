"""Errors of puffin-dispatch.

::

    DispatchError
    ├── CyclicBuild            a build needs (transitively) the package being built
    └── BuildRequirementsError the build requirements could not be resolved or installed
"""

from __future__ import annotations

__all__ = ["BuildRequirementsError", "CyclicBuild", "DispatchError"]


class DispatchError(Exception):
    """Root of the errors of puffin-dispatch."""


class CyclicBuild(DispatchError):
    """Building *package_id* needs *package_id* again (*chain* lists the builds).

    >>> print(CyclicBuild("a==1.0", ("a==1.0", "b==2.0")))
    cyclic build dependency: a==1.0 -> b==2.0 -> a==1.0
    """

    def __init__(self, package_id: str, chain: tuple[str, ...]) -> None:
        self.package_id = package_id
        self.chain = chain
        super().__init__(package_id, chain)

    def __str__(self) -> str:
        return "cyclic build dependency: " + " -> ".join((*self.chain, self.package_id))


class BuildRequirementsError(DispatchError):
    """The build requirements *requirements* could not be resolved or installed: *reason*.

    >>> print(BuildRequirementsError(["setuptools>=40"], "no version of setuptools"))
    cannot install the build requirements (setuptools>=40): no version of setuptools
    """

    def __init__(self, requirements: list[str], reason: str) -> None:
        self.requirements = requirements
        self.reason = reason
        super().__init__(requirements, reason)

    def __str__(self) -> str:
        return (
            f"cannot install the build requirements ({', '.join(self.requirements)}): {self.reason}"
        )

"""The packages the solver sees: the root, projects, their extras, and proxies (as uv has them).

A requirement ``foo[bar]>=1`` becomes a dependency on the proxy ``foo[bar]`` (an
`EXTRA` proxy), which at version V depends on ``foo==V`` and on the extra package
``foo[bar]==V``, whose own dependencies are the requirements that ``bar`` adds. A
requirement with a marker that holds (``foo; python_version < "3.13"``) becomes a
`MARKER` proxy depending on ``foo==V`` and on ``foo{marker}==V`` (the same
dependencies as ``foo``). Proxies cost a few decisions; in exchange the solver
decides packages in the very order uv does, so that both find the same versions.
"""

from __future__ import annotations

from typing import ClassVar, Final

from puffin_normalize import ExtraName, PackageName

__all__ = ["BASE", "EXTRA", "MARKER", "ROOT", "Package"]

ROOT: Final = 0
BASE: Final = 1
"""A project, or one extra of it (``extra`` set), or a copy with a marker."""
EXTRA: Final = 2
"""Proxy for a requirement with an extra."""
MARKER: Final = 3
"""Proxy for a requirement with a marker that holds."""


class Package:
    """A node of the dependency graph; interned, so ``==`` is identity.

    Build them with `Package.root`, `Package.base`, `Package.extra_proxy` and
    `Package.marker_proxy`.

    >>> foo = Package.base(PackageName.parse("foo"))
    >>> foo is Package.base(PackageName.parse("foo")), str(foo)
    (True, 'foo')
    >>> str(Package.base(foo.name, ExtraName.parse("bar")))
    'foo[bar]'
    """

    __slots__ = ("extra", "kind", "marker", "name", "text")

    kind: int
    name: PackageName
    extra: ExtraName | None
    marker: str | None
    """The marker of a proxy or marked copy, as text."""
    text: str

    _interned: ClassVar[dict[tuple[int, str, str | None, str | None], Package]] = {}

    def __init__(
        self, kind: int, name: PackageName, extra: ExtraName | None, marker: str | None
    ) -> None:
        """Use the constructors, which intern."""
        self.kind = kind
        self.name = name
        self.extra = extra
        self.marker = marker
        text = f"{name}" if kind != ROOT else f"{name or 'root'}"
        if extra is not None:
            text = f"{text}[{extra}]"
        if marker is not None:
            text = f"{text}{{{marker}}}"
        self.text = text

    @classmethod
    def _get(
        cls, kind: int, name: PackageName, extra: ExtraName | None, marker: str | None
    ) -> Package:
        key = (kind, name, extra, marker)
        package = cls._interned.get(key)
        if package is None:
            package = cls._interned[key] = cls(kind, name, extra, marker)
        return package

    @classmethod
    def root(cls, project: PackageName | None = None) -> Package:
        """The root: the project being resolved, or an anonymous set of requirements."""
        return cls._get(ROOT, project or PackageName.from_normalized(""), None, None)

    @classmethod
    def base(
        cls, name: PackageName, extra: ExtraName | None = None, marker: str | None = None
    ) -> Package:
        """Project *name* (with *extra*: the requirements that extra adds)."""
        return cls._get(BASE, name, extra, marker)

    @classmethod
    def extra_proxy(cls, name: PackageName, extra: ExtraName, marker: str | None) -> Package:
        """The proxy of a requirement on *name* with *extra*."""
        return cls._get(EXTRA, name, extra, marker)

    @classmethod
    def marker_proxy(cls, name: PackageName, marker: str) -> Package:
        """The proxy of a requirement on *name* with a *marker*."""
        return cls._get(MARKER, name, None, marker)

    @property
    def is_root(self) -> bool:
        """Whether this is the root."""
        return self.kind == ROOT

    @property
    def is_proxy(self) -> bool:
        """Whether this is a proxy or a marked copy (never part of the output)."""
        return self.kind != BASE or self.marker is not None

    @property
    def display(self) -> str:
        """The name users see: ``foo`` or ``foo[bar]`` (markers left out)."""
        if self.kind == ROOT:
            return self.text
        return f"{self.name}" if self.extra is None else f"{self.name}[{self.extra}]"

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<Package({self.text!r})>"

"""`ResolutionGraph`: the resolved packages, who requires them, and their requirements.txt form."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from puffin_resolver._frozen import Frozen, set_field

if TYPE_CHECKING:
    from distribution_types import Dist
    from puffin_normalize import PackageName
    from puffin_pep440 import Version
    from puffin_pep508 import VerbatimUrl

__all__ = ["AnnotationStyle", "ResolutionGraph", "ResolvedPackage", "SourceKind"]

_LINE_WIDTH = 24  # pins shorter than this are padded, so that line comments align


class AnnotationStyle(enum.Enum):
    """How ``# via`` comments are laid out (``--annotation-style``)."""

    SPLIT = "split"
    """On lines of their own below the pin, one requirer per line when several."""
    LINE = "line"
    """At the end of the pin's line, comma-separated."""


class SourceKind(enum.IntEnum):
    """Where a first-party requirement came from; annotations list them in this order."""

    CONSTRAINT = 0
    OVERRIDE = 1
    REQUIREMENT = 2


class ResolvedPackage(Frozen):
    """One package of a resolution: its version, its URL when asked for by one, its file."""

    __match_args__ = ("name", "version", "url", "dist", "hashes", "yanked", "editable")
    __slots__ = __match_args__

    name: PackageName
    version: Version
    url: VerbatimUrl | None
    dist: Dist | None
    """The distribution that would be installed (a wheel, or a source distribution)."""
    hashes: tuple[str, ...]
    """``algorithm:hex`` of every file of the version (of the URL's file, for a URL)."""
    yanked: str | None
    """The yank reason (``""`` when none given) when the version is yanked."""
    editable: bool
    """Whether it is an editable source tree (``-e``)."""

    def __init__(
        self,
        name: PackageName,
        version: Version,
        url: VerbatimUrl | None = None,
        dist: Dist | None = None,
        hashes: tuple[str, ...] = (),
        yanked: str | None = None,
        editable: bool = False,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "version", version)
        set_field(self, "url", url)
        set_field(self, "dist", dist)
        set_field(self, "hashes", hashes)
        set_field(self, "yanked", yanked)
        set_field(self, "editable", editable)

    def pin(self) -> str:
        """``name==version``, ``name @ url`` as the requirement wrote it, or ``-e url``."""
        if self.url is not None and self.editable:
            return f"-e {self.url.given or self.url.url}"
        if self.url is not None:
            return f"{self.name} @ {self.url.given or self.url.url}"
        return f"{self.name}=={self.version}"


class ResolutionGraph(Mapping["PackageName", ResolvedPackage]):
    """The packages a resolution chose, by name, with who requires each.

    ``parents`` maps a package to the packages whose chosen versions depend on it;
    ``sources`` to the first-party files that name it (``-r requirements.in``).
    """

    def __init__(
        self,
        packages: Mapping[PackageName, ResolvedPackage],
        parents: Mapping[PackageName, frozenset[PackageName]],
        sources: Mapping[PackageName, frozenset[tuple[SourceKind, str]]],
        diagnostics: tuple[str, ...] = (),
    ) -> None:
        """A graph of *packages*; *parents* and *sources* as described on the class."""
        self._packages = dict(sorted(packages.items()))
        self.parents = parents
        self.sources = sources
        self.diagnostics = diagnostics
        """What is worth a warning about the result, in uv's words: yanked versions
        chosen (``a==2.0`` is yanked (reason: "...")), extras a package does not have."""

    def __getitem__(self, name: PackageName) -> ResolvedPackage:
        return self._packages[name]

    def __iter__(self) -> Iterator[PackageName]:
        return iter(self._packages)

    def __len__(self) -> int:
        return len(self._packages)

    def __repr__(self) -> str:
        return f"<ResolutionGraph({len(self)} packages)>"

    def via(self, name: PackageName) -> tuple[list[str], list[str]]:
        """The requirers of *name*: package names, then first-party sources (each sorted)."""
        parents: list[str] = sorted(self.parents.get(name, ()))
        sources = [origin for _, origin in sorted(self.sources.get(name, ()))]
        return parents, sources

    def render(
        self,
        *,
        annotate: bool = True,
        annotation_style: AnnotationStyle = AnnotationStyle.SPLIT,
        generate_hashes: bool = False,
    ) -> str:
        """The pins as requirements.txt lines, laid out exactly as uv 0.13 writes them.

        One ``name==version`` (or ``name @ url``) per package, sorted by name; with
        *generate_hashes*, ``--hash`` continuation lines (sorted); with *annotate*,
        ``# via`` comments naming the requiring packages and first-party files.
        """
        out: list[str] = []
        for package in self._packages.values():
            text = package.pin()
            hashes = sorted(package.hashes) if generate_hashes else []
            if hashes:
                text += "".join(f" \\\n    --hash={value}" for value in hashes)
            if annotate:
                text += self._annotation(package.name, text, bool(hashes), annotation_style)
            out.append(text + "\n")
        return "".join(out)

    def _annotation(
        self, name: PackageName, line: str, hashes: bool, style: AnnotationStyle
    ) -> str:
        parents, sources = self.via(name)
        if not parents and not sources:
            return ""
        if style is AnnotationStyle.LINE:
            comment = "# via " + ", ".join(parents + sources)
            if hashes:
                return "\n    " + comment
            return " " * max(0, _LINE_WIDTH - len(line)) + "  " + comment
        items = sources + parents
        if len(items) == 1:
            return f"\n    # via {items[0]}"
        return "\n    # via" + "".join(f"\n    #   {item}" for item in items)

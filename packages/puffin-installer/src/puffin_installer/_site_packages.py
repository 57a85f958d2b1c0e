"""`SitePackages`: the distributions installed in an environment, by name."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from distribution_types import InstalledDist, InvalidDistInfo
from puffin_normalize import PackageName

if TYPE_CHECKING:
    from puffin_installer._diagnostics import Diagnostic
    from puffin_interpreter import Virtualenv
    from puffin_pep440 import Version
    from puffin_pep508 import MarkerEnvironment, Requirement

__all__ = ["SEED_PACKAGES", "SitePackages"]

SEED_PACKAGES: Final = frozenset(
    PackageName.from_normalized(name) for name in ("pip", "setuptools", "wheel")
)
"""What ``python -m venv`` and virtualenv install by themselves: `SitePackages.preserved`
in an environment puffin did not create."""


class SitePackages:
    """The installed distributions of an environment, read from its ``*.dist-info``
    directories (in purelib and platlib), looked up by name.

    Only ``METADATA``'s name and version headers and ``direct_url.json`` are read per
    distribution (distribution-types does the reading), plus one ``stat`` for ``RECORD``:
    a ``.dist-info`` without it is an interrupted install (`is_complete`). Directories
    that cannot be read as installed distributions are kept in `invalid`, and several
    distributions of one name in `duplicates`.

    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp())
    >>> (site / "foo-1.0.dist-info").mkdir()
    >>> _ = (site / "foo-1.0.dist-info" / "METADATA").write_text("Name: Foo\\nVersion: 1.0\\n")
    >>> packages = SitePackages.from_paths([site])
    >>> [str(dist) for dist in packages], packages.is_complete(packages.get("foo"))
    (['foo==1.0'], False)
    """

    __slots__ = ("_by_name", "_incomplete", "created_by_puffin", "dirs", "invalid")

    def __init__(
        self,
        dists: Iterable[InstalledDist] = (),
        *,
        dirs: Sequence[Path] = (),
        invalid: Sequence[InvalidDistInfo] = (),
        incomplete: Iterable[Path] = (),
        created_by_puffin: bool = False,
    ) -> None:
        """Wrap already-read *dists*; use `from_venv` or `from_paths` to read an environment."""
        by_name: dict[PackageName, list[InstalledDist]] = {}
        for dist in dists:
            by_name.setdefault(dist.name, []).append(dist)
        self._by_name = {name: tuple(by_name[name]) for name in sorted(by_name)}
        self._incomplete = frozenset(incomplete)
        self.dirs = tuple(dirs)
        """The directories that were scanned."""
        self.invalid = tuple(invalid)
        """``.dist-info`` directories that could not be read (no or bad METADATA)."""
        self.created_by_puffin = created_by_puffin
        """Whether the environment's ``pyvenv.cfg`` has the ``puffin`` key."""

    @classmethod
    def from_venv(cls, venv: Virtualenv) -> SitePackages:
        """The distributions installed in *venv* (its purelib and platlib)."""
        from puffin_interpreter import NotAVirtualenv

        scheme = venv.scheme
        try:
            created_by_puffin = venv.pyvenv_cfg().puffin is not None
        except NotAVirtualenv:  # a conda environment has no pyvenv.cfg
            created_by_puffin = False
        return cls.from_paths([scheme.purelib, scheme.platlib], created_by_puffin=created_by_puffin)

    @classmethod
    def from_paths(
        cls, paths: Iterable[str | os.PathLike[str]], *, created_by_puffin: bool = False
    ) -> SitePackages:
        """The distributions installed in the directories *paths* (missing ones are empty;
        a directory given twice, or through a link, is read once)."""
        dists: list[InstalledDist] = []
        invalid: list[InvalidDistInfo] = []
        incomplete: list[Path] = []
        dirs: list[Path] = []
        seen: set[str] = set()
        for path in paths:
            directory = os.fspath(path)
            real = os.path.realpath(directory)
            if real in seen:
                continue
            seen.add(real)
            dirs.append(Path(directory))
            try:
                entries = [
                    entry.path
                    for entry in os.scandir(directory)
                    if entry.name.endswith(".dist-info") and entry.is_dir()
                ]
            except (FileNotFoundError, NotADirectoryError):
                continue
            for dist_info in sorted(entries):
                try:
                    dist = InstalledDist.from_dist_info(dist_info)
                except InvalidDistInfo as exc:
                    invalid.append(exc)
                    continue
                dists.append(dist)
                if not os.path.isfile(os.path.join(dist_info, "RECORD")):
                    incomplete.append(dist.path)
        return cls(
            dists,
            dirs=dirs,
            invalid=invalid,
            incomplete=incomplete,
            created_by_puffin=created_by_puffin,
        )

    def __iter__(self) -> Iterator[InstalledDist]:
        """Every installed distribution, by name."""
        for dists in self._by_name.values():
            yield from dists

    def __len__(self) -> int:
        return sum(len(dists) for dists in self._by_name.values())

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def names(self) -> list[PackageName]:
        """The installed package names, sorted."""
        return list(self._by_name)

    def get(self, name: str) -> InstalledDist | None:
        """The distribution of *name* (the first found, if several), or None."""
        dists = self._by_name.get(_name(name))
        return dists[0] if dists else None

    def get_all(self, name: str) -> tuple[InstalledDist, ...]:
        """Every installed distribution of *name* (usually one, or none)."""
        return self._by_name.get(_name(name), ())

    def duplicates(self) -> dict[PackageName, tuple[InstalledDist, ...]]:
        """The names with more than one installed distribution."""
        return {name: dists for name, dists in self._by_name.items() if len(dists) > 1}

    def is_complete(self, dist: InstalledDist) -> bool:
        """Whether *dist*'s ``.dist-info`` has a RECORD (without one, the install was cut
        short: reinstall it)."""
        return dist.path not in self._incomplete

    @property
    def preserved(self) -> frozenset[PackageName]:
        """The packages pip-sync keeps even when the requirements do not name them: pip,
        setuptools and wheel in an environment that puffin did not create."""
        return frozenset() if self.created_by_puffin else SEED_PACKAGES

    def satisfies(self, requirements: Iterable[Requirement], markers: MarkerEnvironment) -> bool:
        """Whether *requirements* and, transitively, their dependencies are all installed
        in versions (or from URLs) that satisfy them; markers are evaluated for *markers*.
        """
        from puffin_installer._diagnostics import satisfies

        return satisfies(self, requirements, markers)

    def diagnostics(
        self, markers: MarkerEnvironment, python_version: Version | None = None
    ) -> list[Diagnostic]:
        """What is wrong with the environment: missing or mismatched dependencies of
        installed distributions, a ``Requires-Python`` that *python_version* fails,
        duplicates, unreadable or incomplete ``.dist-info`` directories.
        """
        from puffin_installer._diagnostics import diagnose

        return diagnose(self, markers, python_version)

    def __repr__(self) -> str:
        return f"<SitePackages({len(self)} distributions in {', '.join(map(str, self.dirs))})>"


def _name(name: str) -> PackageName:
    return name if isinstance(name, PackageName) else PackageName.parse(name)

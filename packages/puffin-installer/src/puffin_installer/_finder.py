"""`DistFinder`: the best file of each pinned version on the indexes and find-links."""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from distribution_filename import DistFilename, WheelFilename
from distribution_types import (
    BuiltDist,
    Dist,
    DistributionTypesError,
    IndexUrl,
    RegistryBuiltDist,
    RegistrySourceDist,
)
from puffin_installer._frozen import Frozen, set_field
from puffin_installer._layout import location_index
from puffin_installer._reporter import NullReporter, Reporter
from puffin_installer.errors import BuildNotSupported, DistNotFound, InvalidPin
from puffin_normalize import PackageName
from puffin_pep440 import InvalidSpecifier, InvalidVersion, Version, VersionSpecifiers

if TYPE_CHECKING:
    from platform_tags import Tags
    from puffin_client import FlatIndex, RegistryClient
    from puffin_installer._pin import Pin
    from pypi_types import File

__all__ = ["DistFinder"]

_ALL = ":all:"
_SHOWN_VERSIONS = 5


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class _Candidate(Frozen):
    __match_args__ = ("file", "filename", "index", "priority", "order")
    __slots__ = __match_args__

    file: File
    filename: WheelFilename
    index: IndexUrl
    priority: int
    order: int

    def __init__(
        self, file: File, filename: WheelFilename, index: IndexUrl, priority: int, order: int
    ) -> None:
        set_field(self, "file", file)
        set_field(self, "filename", filename)
        set_field(self, "index", index)
        set_field(self, "priority", priority)
        set_field(self, "order", order)


class DistFinder:
    """Finds, for pins, the distribution to download.

    For ``name==version``: among the files of that version on the project's index page
    (see `puffin_client.RegistryClient.simple`) and in the find-links locations, the
    wheel whose best tag comes first in *tags* (`Tags.compatibility`); files whose
    ``Requires-Python`` excludes *python_version* are skipped, as are yanked files
    unless nothing else fits (PEP 592: a pin names the version exactly; a warning goes
    to *reporter*). *no_binary* / *only_binary* hold package names or ``:all:`` (pip's
    ``--no-binary`` / ``--only-binary``); *no_build* is ``--only-binary :all:``.

    With *build*, a version with no fitting wheel gives its source distribution, and a
    URL pin its source archive, directory or repository (the caller builds them);
    without, those are `BuildNotSupported` (`DistNotFound` when the flags forbid
    building).
    """

    def __init__(
        self,
        client: RegistryClient,
        tags: Tags,
        python_version: Version,
        *,
        no_binary: Collection[str] = (),
        only_binary: Collection[str] = (),
        no_build: bool = False,
        build: bool = False,
        reporter: Reporter | None = None,
    ) -> None:
        self.client = client
        self.tags = tags
        self.python_version = python_version
        self.no_binary = frozenset(no_binary)
        self.only_binary = frozenset(only_binary)
        self.no_build = no_build
        self.build = build
        self.reporter: Reporter = reporter if reporter is not None else NullReporter()
        self._flat: asyncio.Future[FlatIndex] | None = None
        self._requires_python: dict[str, bool] = {}

    def _binary_forbidden(self, name: PackageName) -> bool:
        return _ALL in self.no_binary or name in self.no_binary

    def _build_forbidden(self, name: PackageName) -> bool:
        return self.no_build or _ALL in self.only_binary or name in self.only_binary

    async def find(self, pins: Sequence[Pin]) -> list[Dist]:
        """The wheel to install for each of *pins*, in the same order (looked up at once).

        :raises DistNotFound: no file of a pinned version fits.
        :raises BuildNotSupported: only a source distribution would do.
        :raises puffin_client.FetchError: an index could not be read.
        """
        return list(await asyncio.gather(*(self.find_one(pin) for pin in pins)))

    async def find_one(self, pin: Pin) -> Dist:
        """The wheel to install for *pin* (see `find`)."""
        url = pin.url
        if url is not None:
            return self._from_url(pin)
        from puffin_client import PackageNotFound

        flat = await self._flat_index()
        try:
            pages = await self.client.simple(pin.name)
        except PackageNotFound:
            if not flat.get(pin.name):
                raise
            pages = []
        listed: list[tuple[Sequence[File], IndexUrl]] = [
            (project.files, index) for index, project in pages
        ]
        listed.extend(
            ((found.file,), location_index(found.location)) for found in flat.get(pin.name)
        )
        # Pages list thousands of files, and parsing each filename dominates a sync's
        # lookups: look first only at wheels whose version part equals the pin's.
        matching = self._same_version(pin, listed)
        fast = self._best_wheel(pin, matching) if matching else None
        if fast is not None:
            return fast
        candidates = [(file, index) for files, index in listed for file in files]
        return self._choose_slow(pin, candidates)

    async def _flat_index(self) -> FlatIndex:
        if self._flat is None:
            self._flat = asyncio.ensure_future(self.client.flat_index())
        return await asyncio.shield(self._flat)

    def _from_url(self, pin: Pin) -> Dist:
        assert pin.url is not None
        try:
            dist = Dist.from_url(pin.name, pin.url, editable=pin.editable)
        except DistributionTypesError as exc:
            raise InvalidPin(str(pin), pin.source, str(exc)) from exc
        if not isinstance(dist, BuiltDist):
            if self._build_forbidden(pin.name):
                flag = "--no-build" if self.no_build else "--only-binary"
                raise DistNotFound(
                    pin.described(), [f"it is not a wheel, and {flag} forbids building it"]
                )
            if not self.build:
                raise BuildNotSupported(pin.described())
            return dist
        if dist.compatibility(self.tags) is None:
            raise DistNotFound(
                pin.described(), [f"the wheel {dist.filename} does not fit this interpreter"]
            )
        return dist

    def _python_fits(self, file: File) -> bool:
        text = file.requires_python
        if not text:
            return True
        fits = self._requires_python.get(text)
        if fits is None:
            try:
                fits = VersionSpecifiers.parse(text).contains(self.python_version, prereleases=True)
            except InvalidSpecifier:
                fits = True  # as pip: a malformed Requires-Python does not exclude the file
            self._requires_python[text] = fits
        return fits

    def _same_version(
        self, pin: Pin, listed: Sequence[tuple[Sequence[File], IndexUrl]]
    ) -> list[tuple[File, IndexUrl]]:
        """The wheels among *listed* whose version part equals *pin*'s. A wheel
        filename's version is its second dash-separated part, exactly as
        `WheelFilename.parse` reads it; the `File` of a cached page's row is made only
        for those."""
        from puffin_client import FileRows, GroupedRows, file_from_row

        version = pin.version
        same: dict[str, bool] = {}
        matching: list[tuple[File, IndexUrl]] = []
        for files, index in listed:
            rows: list[tuple[Any, ...]] | None
            if isinstance(files, GroupedRows) and version is not None:
                # A page grouped by version: only that version's rows are unpacked.
                rows = files.version_rows(version)
            else:
                rows = files.rows if isinstance(files, FileRows) else None
            names = [row[0] for row in rows] if rows is not None else [f.filename for f in files]
            for position, filename in enumerate(names):
                if not filename.endswith(".whl"):
                    continue
                parts = filename.split("-", 2)
                if len(parts) < 3:
                    continue
                text = parts[1]
                equal = same.get(text)
                if equal is None:
                    try:
                        equal = Version.parse(text) == version
                    except InvalidVersion:
                        equal = False
                    same[text] = equal
                if equal:
                    file = file_from_row(rows[position]) if rows is not None else files[position]
                    matching.append((file, index))
        return matching

    def _best_wheel(
        self, pin: Pin, files: Sequence[tuple[File, IndexUrl]]
    ) -> RegistryBuiltDist | None:
        """The wheel of *pin*'s version among *files* that `_choose_slow` would pick."""
        name, version = pin.name, pin.version
        wheels: list[_Candidate] = []
        yanked_wheels: list[_Candidate] = []
        if self._binary_forbidden(name):
            return None
        for order, (file, index) in enumerate(files):
            filename = DistFilename.try_from_filename(file.filename, name)
            if not isinstance(filename, WheelFilename) or filename.version != version:
                continue
            if not self._python_fits(file):
                continue
            priority = self.tags.compatibility(filename)
            if priority is None:
                continue
            candidate = _Candidate(file, filename, index, priority, order)
            (yanked_wheels if file.is_yanked else wheels).append(candidate)
        return self._pick(pin, wheels, yanked_wheels)

    def _pick(
        self, pin: Pin, wheels: list[_Candidate], yanked_wheels: list[_Candidate]
    ) -> RegistryBuiltDist | None:
        """The best of *wheels*, else of *yanked_wheels* (with a warning); None if none."""
        best = min(wheels or yanked_wheels, key=lambda c: (c.priority, c.order), default=None)
        if best is None:
            return None
        if best.file.is_yanked:
            reason = best.file.yanked.reason if best.file.yanked is not None else None
            self.reporter.on_warning(
                f"{pin} is yanked{f' (reason: {reason})' if reason else ''}: "
                f"{best.file.filename} is installed because it is pinned exactly"
            )
        return RegistryBuiltDist(best.filename, best.file, best.index)

    def _choose_slow(self, pin: Pin, files: Sequence[tuple[File, IndexUrl]]) -> Dist:
        name, version = pin.name, pin.version
        wheels: list[_Candidate] = []
        yanked_wheels: list[_Candidate] = []
        sdists = 0
        sdist: RegistrySourceDist | None = None
        versions: set[Version] = set()
        incompatible: list[str] = []
        wrong_python: list[str] = []
        no_binary = 0
        for order, (file, index) in enumerate(files):
            filename = DistFilename.try_from_filename(file.filename, name)
            if filename is None:
                continue
            versions.add(filename.version)
            if filename.version != version:
                continue
            if not self._python_fits(file):
                wrong_python.append(file.requires_python or "")
                continue
            if not isinstance(filename, WheelFilename):
                sdists += 1
                if sdist is None or (sdist.file.is_yanked and not file.is_yanked):
                    sdist = RegistrySourceDist(filename, file, index)
                continue
            if self._binary_forbidden(name):
                no_binary += 1
                continue
            priority = self.tags.compatibility(filename)
            if priority is None:
                incompatible.append(file.filename)
                continue
            candidate = _Candidate(file, filename, index, priority, order)
            (yanked_wheels if file.is_yanked else wheels).append(candidate)
        best = self._pick(pin, wheels, yanked_wheels)
        if best is not None:
            return best
        if sdists:
            if self._build_forbidden(name):
                flag = "--no-build" if self.no_build else "--only-binary"
                raise DistNotFound(
                    pin.described(),
                    [f"only a source distribution fits, and {flag} forbids building it"],
                )
            if self.build and sdist is not None:
                return sdist
            raise BuildNotSupported(pin.described())
        reasons = []
        if version not in versions:
            shown = ", ".join(str(v) for v in sorted(versions, reverse=True)[:_SHOWN_VERSIONS])
            more = ", ..." if len(versions) > _SHOWN_VERSIONS else ""
            reasons.append(
                f"version {version} was not found (available: {shown}{more})"
                if versions
                else "no files of this project were found"
            )
        if incompatible:
            verb = "does" if len(incompatible) == 1 else "do"
            reasons.append(
                f"{_plural(len(incompatible), 'wheel')} {verb} not fit this interpreter "
                f"(such as {incompatible[0]})"
            )
        if wrong_python:
            verb = "requires" if len(wrong_python) == 1 else "require"
            reasons.append(
                f"{_plural(len(wrong_python), 'file')} {verb} Python {wrong_python[0]}, "
                f"not {self.python_version}"
            )
        if no_binary:
            reasons.append(f"{_plural(no_binary, 'wheel')} excluded by --no-binary")
        raise DistNotFound(pin.described(), reasons)

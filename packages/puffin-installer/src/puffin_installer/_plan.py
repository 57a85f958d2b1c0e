"""`Planner` and `InstallPlan`: what to keep, link from the cache, fetch and remove."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, TypeAlias

from distribution_types import (
    BuiltDist,
    CachedDist,
    DistributionTypesError,
    IndexLocations,
    InstalledDist,
    direct_url_to_url,
)
from puffin_cache import canonical_url
from puffin_installer._frozen import Frozen, set_field
from puffin_installer._layout import RegistryWheelIndex, is_unpacked, read_hashes, wheel_dir
from puffin_normalize import PackageName

if TYPE_CHECKING:
    from pathlib import Path

    from distribution_filename import WheelFilename
    from platform_tags import Tags
    from puffin_cache import Cache
    from puffin_installer._pin import Pin
    from puffin_installer._site_packages import SitePackages

__all__ = ["InstallPlan", "Planner", "Reinstall"]

_NO_LOCATIONS = IndexLocations()

Reinstall: TypeAlias = bool | Collection[PackageName]
"""``True`` reinstalls every pin (``--reinstall``), a collection of names only those
(``--reinstall-package``), ``False`` none."""


class InstallPlan(Frozen):
    """What making an environment match a set of pins takes.

    - ``cached``: wheels already unpacked in the cache, to link;
    - ``remote``: pins with no unpacked wheel in the cache, to find and download;
    - ``reinstalls``: installed distributions of pinned packages to remove first (other
      version or URL, reinstall asked for, or an incomplete ``.dist-info``);
    - ``extraneous``: installed distributions nothing pins (pip-sync removes them);
    - ``satisfied``: installed distributions that already match their pins.
    """

    __match_args__ = ("cached", "remote", "reinstalls", "extraneous", "satisfied")
    __slots__ = __match_args__

    cached: tuple[CachedDist, ...]
    remote: tuple[Pin, ...]
    reinstalls: tuple[InstalledDist, ...]
    extraneous: tuple[InstalledDist, ...]
    satisfied: tuple[InstalledDist, ...]

    def __init__(
        self,
        cached: tuple[CachedDist, ...] = (),
        remote: tuple[Pin, ...] = (),
        reinstalls: tuple[InstalledDist, ...] = (),
        extraneous: tuple[InstalledDist, ...] = (),
        satisfied: tuple[InstalledDist, ...] = (),
    ) -> None:
        set_field(self, "cached", cached)
        set_field(self, "remote", remote)
        set_field(self, "reinstalls", reinstalls)
        set_field(self, "extraneous", extraneous)
        set_field(self, "satisfied", satisfied)

    @property
    def is_empty(self) -> bool:
        """Whether there is nothing to install or remove."""
        return not (self.cached or self.remote or self.reinstalls or self.extraneous)


def _same_url(installed: InstalledDist, url: str) -> bool:
    direct_url = installed.direct_url
    if direct_url is None:
        return False
    return canonical_url(direct_url_to_url(direct_url)) == canonical_url(url)


def _newer_than_install(path: Path | None, installed: InstalledDist) -> bool:
    """Whether the local file *path* changed after *installed* was installed from it."""
    if path is None or not path.is_file():
        return False
    try:
        return os.stat(path).st_mtime_ns > os.stat(installed.path / "METADATA").st_mtime_ns
    except OSError:
        return True


class Planner:
    """Compares pins with an environment and the cache, and says what to do (`build`).

    A version pin is satisfied by an install of that version from an index (not from a
    URL); a URL pin by an install from the same URL (and, for a local wheel file, one
    not older than the file). Registry wheels are looked up in the cache folders of
    *index_locations* (a callable is called only if some pin needs it, since settling
    the index settings may mean asking pip); the best-tagged compatible wheel of the
    pinned version wins. A pin with hashes uses an unpacked wheel only if a matching
    digest of its archive was recorded.
    """

    def __init__(
        self,
        pins: Sequence[Pin],
        *,
        site_packages: SitePackages,
        cache: Cache,
        tags: Tags | Callable[[], Tags],
        reinstall: Reinstall = False,
        index_locations: IndexLocations | Callable[[], IndexLocations] = _NO_LOCATIONS,
    ) -> None:
        self.pins = tuple(pins)
        self.site_packages = site_packages
        self.cache = cache
        self._tags = tags
        self.reinstall = reinstall
        self._locations = index_locations
        self._wheel_index: RegistryWheelIndex | None = None

    @property
    def tags(self) -> Tags:
        """The target interpreter's tags (a callable given for them is called once, when
        the cache is first searched: a plan with everything installed needs none)."""
        if callable(self._tags):
            self._tags = self._tags()
        return self._tags

    def _reinstalls(self, name: PackageName) -> bool:
        if isinstance(self.reinstall, bool):
            return self.reinstall
        return name in self.reinstall

    def build(self) -> InstallPlan:
        """Decide, for every pin and every installed distribution, what to do."""
        cached: list[CachedDist] = []
        remote: list[Pin] = []
        reinstalls: list[InstalledDist] = []
        satisfied: list[InstalledDist] = []
        for pin in self.pins:
            installed = self.site_packages.get_all(pin.name)
            if (
                len(installed) == 1
                and not self._reinstalls(pin.name)
                and self.site_packages.is_complete(installed[0])
                and self._satisfied_by(installed[0], pin)
            ):
                satisfied.append(installed[0])
                continue
            reinstalls.extend(installed)
            found = self._cached(pin)
            if found is None:
                remote.append(pin)
            else:
                cached.append(found)
        pinned = {pin.name for pin in self.pins}
        preserved = self.site_packages.preserved
        extraneous = [
            dist
            for dist in self.site_packages
            if dist.name not in pinned and dist.name not in preserved
        ]
        return InstallPlan(
            tuple(cached), tuple(remote), tuple(reinstalls), tuple(extraneous), tuple(satisfied)
        )

    def _satisfied_by(self, installed: InstalledDist, pin: Pin) -> bool:
        if installed.editable != pin.editable:
            return False
        url = pin.url
        if url is None:
            return installed.direct_url is None and installed.version == pin.version
        return _same_url(installed, url.url) and not _newer_than_install(url.to_path(), installed)

    def _cached(self, pin: Pin) -> CachedDist | None:
        url = pin.url
        if url is None:
            return self._cached_registry(pin)
        if pin.editable:
            return None
        from distribution_types import Dist

        try:
            dist = Dist.from_url(pin.name, url)
        except DistributionTypesError:
            return None  # the finder raises the error, with the whole story
        if not isinstance(dist, BuiltDist) or dist.compatibility(self.tags) is None:
            return None
        try:
            path = wheel_dir(self.cache, dist)
        except FileNotFoundError:
            return None
        if not is_unpacked(path) or not self._hashes_match(pin, path):
            return None
        return CachedDist.from_dist(dist, dist.filename, path)

    def _cached_registry(self, pin: Pin) -> CachedDist | None:
        if self._wheel_index is None:
            locations = self._locations if isinstance(self._locations, IndexLocations) else None
            if locations is None:
                assert callable(self._locations)
                locations = self._locations()
            self._wheel_index = RegistryWheelIndex(self.cache, locations)
        best: tuple[int, WheelFilename, Path] | None = None
        for filename, path in self._wheel_index.get(pin.name):
            if filename.version != pin.version:
                continue
            priority = self.tags.compatibility(filename)
            if priority is None or (best is not None and priority >= best[0]):
                continue
            if self._hashes_match(pin, path):
                best = (priority, filename, path)
        if best is None:
            return None
        return CachedDist(best[1], best[2])

    @staticmethod
    def _hashes_match(pin: Pin, path: Path) -> bool:
        return not pin.hashes or not read_hashes(path).isdisjoint(pin.hashes)

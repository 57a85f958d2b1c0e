"""`Planner`: every decision, against fake environments and a real cache."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from distribution_filename import WheelFilename
from distribution_types import IndexLocations, IndexUrl, RegistryBuiltDist
from install_wheel import unpack_wheel
from platform_tags import Tags
from puffin_cache import Cache
from puffin_installer import InstallPlan, Pin, Planner, Reinstall, SitePackages, wheel_dir
from puffin_installer._layout import write_hashes
from puffin_installer_support import TAGS, build_wheel, dist_info, sha256
from puffin_normalize import PackageName
from puffin_pep508 import Requirement
from pypi_types import File

INDEX = IndexUrl("https://example.com/simple")
LOCATIONS = IndexLocations(INDEX)


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache.from_path(tmp_path / "cache")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    path = tmp_path / "site"
    path.mkdir()
    return path


def _pins(*texts: str) -> list[Pin]:
    return [Pin.from_requirement(Requirement.parse(text)) for text in texts]


def _plan(
    pins: Sequence[Pin],
    site: Path,
    cache: Cache,
    *,
    reinstall: Reinstall = False,
    created_by_puffin: bool = True,
) -> InstallPlan:
    packages = SitePackages.from_paths([site], created_by_puffin=created_by_puffin)
    planner = Planner(
        pins,
        site_packages=packages,
        cache=cache,
        tags=TAGS,
        reinstall=reinstall,
        index_locations=LOCATIONS,
    )
    return planner.build()


def _cache_registry_wheel(cache: Cache, wheel: Path, index: IndexUrl = INDEX) -> Path:
    filename = WheelFilename.parse(wheel.name)
    dist = RegistryBuiltDist(filename, File(wheel.name, wheel.as_uri()), index)
    unpacked = unpack_wheel(wheel, wheel_dir(cache, dist))
    write_hashes(unpacked, [f"sha256:{sha256(wheel)}"])  # what marks it complete
    return unpacked


def _names(dists: Sequence[object]) -> list[str]:
    return [str(dist) for dist in dists]


class TestInstalled:
    def test_satisfied(self, site: Path, cache: Cache) -> None:
        dist_info(site, "foo", "1.0")
        plan = _plan(_pins("foo==1.0"), site, cache)
        assert _names(plan.satisfied) == ["foo==1.0"] and plan.is_empty

    def test_other_version_is_reinstalled_from_remote(self, site: Path, cache: Cache) -> None:
        dist_info(site, "foo", "1.0")
        plan = _plan(_pins("foo==2.0"), site, cache)
        assert _names(plan.reinstalls) == ["foo==1.0"]
        assert _names(plan.remote) == ["foo==2.0"] and not plan.satisfied

    def test_not_installed(self, site: Path, cache: Cache) -> None:
        plan = _plan(_pins("foo==2.0"), site, cache)
        assert _names(plan.remote) == ["foo==2.0"] and not plan.reinstalls

    def test_reinstall_everything(self, site: Path, cache: Cache) -> None:
        dist_info(site, "foo", "1.0")
        dist_info(site, "bar", "1.0")
        plan = _plan(_pins("foo==1.0", "bar==1.0"), site, cache, reinstall=True)
        assert _names(plan.reinstalls) == ["foo==1.0", "bar==1.0"]
        assert not plan.satisfied

    def test_reinstall_one_package(self, site: Path, cache: Cache) -> None:
        dist_info(site, "foo", "1.0")
        dist_info(site, "bar", "1.0")
        plan = _plan(
            _pins("foo==1.0", "bar==1.0"), site, cache, reinstall={PackageName.parse("bar")}
        )
        assert _names(plan.reinstalls) == ["bar==1.0"] and _names(plan.satisfied) == ["foo==1.0"]

    def test_incomplete_install_is_reinstalled(self, site: Path, cache: Cache) -> None:
        dist_info(site, "foo", "1.0", record=False)
        plan = _plan(_pins("foo==1.0"), site, cache)
        assert _names(plan.reinstalls) == ["foo==1.0"] and _names(plan.remote) == ["foo==1.0"]

    def test_duplicates_are_all_replaced(self, site: Path, cache: Cache) -> None:
        dist_info(site, "foo", "1.0")
        dist_info(site / "other", "foo", "1.0")
        packages = SitePackages.from_paths([site, site / "other"])
        plan = Planner(_pins("foo==1.0"), site_packages=packages, cache=cache, tags=TAGS).build()
        assert len(plan.reinstalls) == 2

    def test_install_from_url_does_not_satisfy_a_version_pin(
        self, site: Path, cache: Cache
    ) -> None:
        url = {"url": "https://example.com/foo-1.0-py3-none-any.whl", "archive_info": {}}
        dist_info(site, "foo", "1.0", direct_url=url)
        assert _names(_plan(_pins("foo==1.0"), site, cache).reinstalls) == [
            "foo @ https://example.com/foo-1.0-py3-none-any.whl"
        ]

    def test_same_url_is_satisfied(self, site: Path, cache: Cache) -> None:
        url = "https://example.com/foo-1.0-py3-none-any.whl"
        dist_info(site, "foo", "1.0", direct_url={"url": url, "archive_info": {}})
        assert _plan(_pins(f"foo @ {url}#sha256={'0' * 64}"), site, cache).is_empty

    def test_other_url_is_reinstalled(self, site: Path, cache: Cache) -> None:
        url = "https://example.com/foo-1.0-py3-none-any.whl"
        dist_info(site, "foo", "1.0", direct_url={"url": url, "archive_info": {}})
        plan = _plan(_pins("foo @ https://example.com/b/foo-1.0-py3-none-any.whl"), site, cache)
        assert len(plan.reinstalls) == 1 and len(plan.remote) == 1

    def test_local_wheel_rebuilt_after_install(
        self, site: Path, cache: Cache, tmp_path: Path
    ) -> None:
        wheel = build_wheel(tmp_path / "dist", "foo", "1.0")
        installed = dist_info(
            site, "foo", "1.0", direct_url={"url": wheel.as_uri(), "archive_info": {}}
        )
        pins = _pins(f"foo @ {wheel.as_uri()}")
        assert _plan(pins, site, cache).is_empty
        later = (installed / "METADATA").stat().st_mtime_ns + 10**9
        os.utime(wheel, ns=(later, later))
        assert len(_plan(pins, site, cache).reinstalls) == 1


class TestExtraneous:
    def test_unpinned_installs_are_extraneous(self, site: Path, cache: Cache) -> None:
        for name in ("foo", "pip", "setuptools", "wheel"):
            dist_info(site, name, "1.0")
        plan = _plan(_pins("foo==1.0"), site, cache)
        assert _names(plan.extraneous) == ["pip==1.0", "setuptools==1.0", "wheel==1.0"]

    def test_seed_packages_kept_in_an_environment_puffin_did_not_create(
        self, site: Path, cache: Cache
    ) -> None:
        for name in ("foo", "pip", "setuptools", "wheel", "bar"):
            dist_info(site, name, "1.0")
        plan = _plan(_pins("foo==1.0"), site, cache, created_by_puffin=False)
        assert _names(plan.extraneous) == ["bar==1.0"]


class TestCache:
    def test_registry_wheel_in_cache(self, site: Path, cache: Cache, tmp_path: Path) -> None:
        unpacked = _cache_registry_wheel(cache, build_wheel(tmp_path / "d", "foo", "1.0"))
        plan = _plan(_pins("foo==1.0"), site, cache)
        assert [dist.path for dist in plan.cached] == [unpacked] and not plan.remote
        assert plan.cached[0].url is None

    def test_best_tag_wins(self, site: Path, cache: Cache, tmp_path: Path) -> None:
        for tag in ("py3-none-any", "cp311-abi3-manylinux_2_17_x86_64", "cp39-cp39-win32"):
            _cache_registry_wheel(cache, build_wheel(tmp_path / "d", "foo", "1.0", tag=tag))
        (found,) = _plan(_pins("foo==1.0"), site, cache).cached
        assert str(found.filename) == "foo-1.0-cp311-abi3-manylinux_2_17_x86_64.whl"

    def test_other_version_or_index_is_not_used(
        self, site: Path, cache: Cache, tmp_path: Path
    ) -> None:
        _cache_registry_wheel(cache, build_wheel(tmp_path / "d", "foo", "0.9"))
        other = IndexUrl("https://example.com/other")
        _cache_registry_wheel(cache, build_wheel(tmp_path / "d", "foo", "1.0"), other)
        plan = _plan(_pins("foo==1.0"), site, cache)
        assert not plan.cached and _names(plan.remote) == ["foo==1.0"]

    def test_find_links_location_folders_are_searched(
        self, site: Path, cache: Cache, tmp_path: Path
    ) -> None:
        from distribution_types import FlatIndexLocation
        from puffin_installer._layout import location_index

        links = FlatIndexLocation(path=tmp_path / "links")
        wheel = build_wheel(tmp_path / "links", "foo", "1.0")
        _cache_registry_wheel(cache, wheel, location_index(links))
        packages = SitePackages.from_paths([site])
        locations = IndexLocations(flat_indexes=[links], no_index=True)
        planner = Planner(
            _pins("foo==1.0"),
            site_packages=packages,
            cache=cache,
            tags=TAGS,
            index_locations=locations,
        )
        assert len(planner.build().cached) == 1

    def test_hashes_must_match_the_recorded_digest(
        self, site: Path, cache: Cache, tmp_path: Path
    ) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        unpacked = _cache_registry_wheel(cache, wheel)
        unpacked.with_name(unpacked.name + ".hashes").write_text("")
        pin = Pin.from_requirement(
            Requirement.parse("foo==1.0"), hashes=[f"sha256:{sha256(wheel)}"]
        )
        assert not _plan([pin], site, cache).cached  # no digest recorded yet
        write_hashes(unpacked, [f"sha256:{sha256(wheel)}"])
        assert len(_plan([pin], site, cache).cached) == 1
        other = Pin.from_requirement(Requirement.parse("foo==1.0"), hashes=[f"sha256:{'0' * 64}"])
        assert not _plan([other], site, cache).cached

    def test_url_wheel_in_cache(self, site: Path, cache: Cache, tmp_path: Path) -> None:
        from distribution_types import Dist

        url = "https://example.com/files/foo-1.0-py3-none-any.whl"
        (pin,) = _pins(f"foo @ {url}")
        assert pin.url is not None
        dist = Dist.from_url("foo", pin.url)
        unpacked = unpack_wheel(build_wheel(tmp_path / "d", "foo", "1.0"), wheel_dir(cache, dist))  # type: ignore[arg-type]
        write_hashes(unpacked, [])
        (cached,) = _plan([pin], site, cache).cached
        assert cached.url == pin.url and cached.direct_url is not None

    def test_incompatible_url_wheel_is_left_to_the_finder(self, site: Path, cache: Cache) -> None:
        plan = _plan(_pins("foo @ https://example.com/foo-1.0-cp39-cp39-win32.whl"), site, cache)
        assert len(plan.remote) == 1

    def test_locations_and_tags_are_not_computed_when_nothing_needs_them(
        self, site: Path, cache: Cache
    ) -> None:
        dist_info(site, "foo", "1.0")

        def locations() -> IndexLocations:
            raise AssertionError("asked for index locations")

        def tags() -> Tags:
            raise AssertionError("asked for tags")

        packages = SitePackages.from_paths([site])
        planner = Planner(
            _pins("foo==1.0"),
            site_packages=packages,
            cache=cache,
            tags=tags,
            index_locations=locations,
        )
        assert planner.build().is_empty

    def test_tags_callable_is_called_once(self, site: Path, cache: Cache, tmp_path: Path) -> None:
        for name in ("foo", "bar"):
            _cache_registry_wheel(cache, build_wheel(tmp_path / "d", name, "1.0"))
        calls: list[int] = []

        def tags() -> Tags:
            calls.append(1)
            return TAGS

        packages = SitePackages.from_paths([site])
        planner = Planner(
            _pins("foo==1.0", "bar==1.0"),
            site_packages=packages,
            cache=cache,
            tags=tags,
            index_locations=LOCATIONS,
        )
        assert len(planner.build().cached) == 2 and calls == [1]

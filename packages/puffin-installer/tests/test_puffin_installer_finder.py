"""`DistFinder`: which file of a pinned version is chosen, and why none can be."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from distribution_types import (
    BuiltDist,
    DirectUrlBuiltDist,
    FlatIndexLocation,
    IndexLocations,
    IndexUrl,
    RegistryBuiltDist,
)
from puffin_cache import Cache
from puffin_client import PackageNotFound, RegistryClient
from puffin_installer import BuildNotSupported, DistFinder, DistNotFound, Pin
from puffin_installer_support import TAGS, build_wheel, file_index
from puffin_pep440 import Version
from puffin_pep508 import Requirement

PYTHON = Version.parse("3.11.7")

Files = Mapping[str, Sequence[Path | tuple[Path, Mapping[str, str]]]]


class Warnings:
    """A reporter that keeps the warnings."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def on_download(self, dist: str) -> None: ...
    def on_install(self, dist: str) -> None: ...
    def on_uninstall(self, dist: str) -> None: ...

    def on_warning(self, message: str) -> None:
        self.messages.append(message)


def _find(
    tmp_path: Path,
    pin: str,
    files: Files,
    *,
    flat: bool = False,
    reporter: Warnings | None = None,
    **options: object,
) -> BuiltDist:
    root = file_index(tmp_path / "index", files)
    if flat:
        locations = IndexLocations(
            flat_indexes=[FlatIndexLocation(path=tmp_path / "d")], no_index=True
        )
    else:
        locations = IndexLocations(IndexUrl.parse(str(root)))

    async def run() -> BuiltDist:
        async with RegistryClient(locations, Cache.from_path(tmp_path / "cache")) as client:
            finder = DistFinder(client, TAGS, PYTHON, reporter=reporter, **options)  # type: ignore[arg-type]
            (found,) = await finder.find([Pin.from_requirement(Requirement.parse(pin))])
            assert isinstance(found, BuiltDist)  # the finder here is not asked to build
            return found

    return asyncio.run(run())


def _sdist(directory: Path, name: str, version: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}-{version}.tar.gz"
    path.write_bytes(b"not really an archive")
    return path


class TestRegistry:
    def test_best_tag_wins(self, tmp_path: Path) -> None:
        d = tmp_path / "d"
        wheels = [
            build_wheel(d, "foo", "1.0", tag=tag)
            for tag in ("py3-none-any", "cp311-abi3-manylinux_2_17_x86_64", "cp39-cp39-win32")
        ]
        found = _find(tmp_path, "foo==1.0", {"foo": [*wheels, build_wheel(d, "foo", "2.0")]})
        assert isinstance(found, RegistryBuiltDist)
        assert str(found.filename) == "foo-1.0-cp311-abi3-manylinux_2_17_x86_64.whl"
        assert found.file.hashes.sha256 is not None

    def test_version_written_otherwise_in_the_filename(self, tmp_path: Path) -> None:
        d = tmp_path / "d"
        wheel = build_wheel(d, "foo", "1.0.0")
        others = [build_wheel(d, "foo", v) for v in ("0.9", "1.0.1", "1.0.post1")]
        found = _find(tmp_path, "foo==1.0", {"foo": [*others, wheel]})
        assert str(found.filename) == wheel.name

    def test_wheel_of_another_project_on_the_page_is_ignored(self, tmp_path: Path) -> None:
        d = tmp_path / "d"
        stray = build_wheel(d, "bar", "1.0")
        wheel = build_wheel(d, "foo", "1.0")
        found = _find(tmp_path, "foo==1.0", {"foo": [stray, wheel, _sdist(d, "foo", "1.0")]})
        assert str(found.filename) == wheel.name

    def test_yanked_file_is_skipped_when_another_fits(self, tmp_path: Path) -> None:
        d = tmp_path / "d"
        best = build_wheel(d, "foo", "1.0", tag="cp311-abi3-manylinux_2_17_x86_64")
        other = build_wheel(d, "foo", "1.0")
        found = _find(tmp_path, "foo==1.0", {"foo": [(best, {"data-yanked": "broken"}), other]})
        assert str(found.filename) == other.name

    def test_yanked_file_is_used_when_alone_with_a_warning(self, tmp_path: Path) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        warnings = Warnings()
        found = _find(
            tmp_path, "foo==1.0", {"foo": [(wheel, {"data-yanked": "broken"})]}, reporter=warnings
        )
        assert str(found.filename) == wheel.name
        assert warnings.messages == [
            f"foo==1.0 is yanked (reason: broken): {wheel.name} is installed because it is "
            "pinned exactly"
        ]

    def test_requires_python_is_checked(self, tmp_path: Path) -> None:
        d = tmp_path / "d"
        best = build_wheel(d, "foo", "1.0", tag="cp311-abi3-manylinux_2_17_x86_64")
        other = build_wheel(d, "foo", "1.0")
        found = _find(
            tmp_path, "foo==1.0", {"foo": [(best, {"data-requires-python": ">=3.12"}), other]}
        )
        assert str(found.filename) == other.name
        with pytest.raises(DistNotFound, match=r"1 file requires Python >=3.12, not 3.11.7"):
            _find(tmp_path / "2", "foo==1.0", {"foo": [(best, {"data-requires-python": ">=3.12"})]})

    def test_no_fitting_wheel(self, tmp_path: Path) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0", tag="cp39-cp39-win32")
        with pytest.raises(DistNotFound) as info:
            _find(tmp_path, "foo==1.0", {"foo": [wheel]})
        assert str(info.value) == (
            "no distribution of foo==1.0 can be installed: 1 wheel does not fit this "
            "interpreter (such as foo-1.0-cp39-cp39-win32.whl)"
        )

    def test_version_not_found(self, tmp_path: Path) -> None:
        d = tmp_path / "d"
        wheels = [build_wheel(d, "foo", v) for v in ("1.0", "1.1")]
        with pytest.raises(
            DistNotFound, match=r"version 2.0 was not found \(available: 1.1, 1.0\)"
        ):
            _find(tmp_path, "foo==2.0", {"foo": wheels})

    def test_package_not_found(self, tmp_path: Path) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        with pytest.raises(PackageNotFound):
            _find(tmp_path, "bar==1.0", {"foo": [wheel]})

    def test_source_distribution_only(self, tmp_path: Path) -> None:
        sdist = _sdist(tmp_path / "d", "foo", "1.0")
        with pytest.raises(BuildNotSupported, match=r"not supported yet: foo==1.0$"):
            _find(tmp_path, "foo==1.0", {"foo": [sdist]})
        with pytest.raises(DistNotFound, match="only a source distribution fits, and --no-build"):
            _find(tmp_path / "2", "foo==1.0", {"foo": [sdist]}, no_build=True)
        with pytest.raises(DistNotFound, match="and --only-binary forbids"):
            _find(tmp_path / "3", "foo==1.0", {"foo": [sdist]}, only_binary=["foo"])

    def test_wheel_preferred_over_source_distribution(self, tmp_path: Path) -> None:
        d = tmp_path / "d"
        files = {"foo": [_sdist(d, "foo", "1.0"), build_wheel(d, "foo", "1.0")]}
        assert str(_find(tmp_path, "foo==1.0", files).filename) == "foo-1.0-py3-none-any.whl"

    def test_no_binary(self, tmp_path: Path) -> None:
        d = tmp_path / "d"
        files = {"foo": [_sdist(d, "foo", "1.0"), build_wheel(d, "foo", "1.0")]}
        with pytest.raises(BuildNotSupported):
            _find(tmp_path, "foo==1.0", files, no_binary=[":all:"])
        wheel_only = {"foo": [build_wheel(d, "foo", "1.0")]}
        with pytest.raises(DistNotFound, match="1 wheel excluded by --no-binary"):
            _find(tmp_path / "2", "foo==1.0", wheel_only, no_binary=["foo"])
        assert _find(tmp_path / "3", "foo==1.0", wheel_only, no_binary=["bar"]) is not None

    def test_find_links_directory(self, tmp_path: Path) -> None:
        wheel = build_wheel(tmp_path / "d", "foo", "1.0")
        found = _find(tmp_path, "foo==1.0", {}, flat=True)
        assert isinstance(found, RegistryBuiltDist)
        assert found.file.url == wheel.as_uri()
        assert found.index.url == (tmp_path / "d").as_uri() + "/"


class TestUrl:
    def test_wheel_url(self, tmp_path: Path) -> None:
        url = "https://example.com/foo-1.0-py3-none-any.whl"
        found = _find(tmp_path, f"foo @ {url}", {})
        assert isinstance(found, DirectUrlBuiltDist)

    def test_incompatible_wheel_url(self, tmp_path: Path) -> None:
        with pytest.raises(DistNotFound, match="does not fit this interpreter"):
            _find(tmp_path, "foo @ https://example.com/foo-1.0-cp39-cp39-win32.whl", {})

    def test_source_url(self, tmp_path: Path) -> None:
        with pytest.raises(BuildNotSupported):
            _find(tmp_path, "foo @ https://example.com/foo-1.0.tar.gz", {})
        with pytest.raises(DistNotFound, match="--no-build"):
            _find(tmp_path, "foo @ https://example.com/foo-1.0.tar.gz", {}, no_build=True)

"""Tests of `Resolution`: one dist per package, sorted by name, pinned requirements."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from distribution_filename import WheelFilename
from distribution_types import (
    Dist,
    DuplicateDist,
    IndexUrl,
    InstalledDirectUrlDist,
    InstalledRegistryDist,
    RegistryBuiltDist,
    Resolution,
)
from puffin_normalize import PackageName
from puffin_pep440 import Version
from puffin_pep508 import Requirement, VerbatimUrl
from pypi_types import DirectUrl, File, VcsInfo

INDEX = IndexUrl("https://example.com/simple")
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def wheel(name: str, version: str) -> RegistryBuiltDist:
    filename = WheelFilename.parse(f"{name}-{version}-py3-none-any.whl")
    file = File(str(filename), f"https://example.com/files/{filename}")
    return RegistryBuiltDist(filename, file, INDEX)


class TestResolution:
    def test_iterates_sorted_by_name(self) -> None:
        resolution = Resolution([wheel("zope", "1"), wheel("attrs", "2"), wheel("Mid_Dle", "3")])
        assert list(resolution) == ["attrs", "mid-dle", "zope"]
        assert [str(dist) for dist in resolution.dists()] == [
            "attrs==2",
            "mid-dle==3",
            "zope==1",
        ]
        assert len(resolution) == 3

    def test_is_a_read_only_mapping(self) -> None:
        dist = wheel("attrs", "2")
        resolution = Resolution([dist])
        assert isinstance(resolution, Mapping)
        assert resolution[PackageName.parse("attrs")] is dist
        assert "attrs" in resolution
        assert "other" not in resolution
        assert resolution.get(PackageName.parse("other")) is None
        with pytest.raises(TypeError):
            resolution["attrs"] = dist  # type: ignore[index]
        with pytest.raises(AttributeError):
            resolution.extra = 1  # type: ignore[attr-defined]

    def test_from_mapping(self) -> None:
        dist = wheel("attrs", "2")
        assert Resolution({dist.name: dist}) == Resolution([dist])

    def test_empty(self) -> None:
        assert len(Resolution()) == 0
        assert Resolution().requirements() == []
        assert repr(Resolution()) == "<Resolution([])>"

    def test_one_dist_per_package(self) -> None:
        with pytest.raises(DuplicateDist, match="got two for attrs: attrs==1 and attrs==2"):
            Resolution([wheel("attrs", "1"), wheel("attrs", "2")])
        # The same dist twice is no conflict.
        assert len(Resolution([wheel("attrs", "1"), wheel("attrs", "1")])) == 1

    def test_requirements(self) -> None:
        url = VerbatimUrl.parse_url("git+https://example.com/org/b.git@v1")
        installed = InstalledRegistryDist("c", Version.parse("3.0"), "/site/c-3.0.dist-info")
        resolution = Resolution([installed, Dist.from_url("b", url), wheel("a", "1.0")])
        assert resolution.requirements() == [
            Requirement.parse("a==1.0"),
            Requirement.parse("b @ git+https://example.com/org/b.git@v1"),
            Requirement.parse("c==3.0"),
        ]

    def test_installed_from_url_pins_its_url(self) -> None:
        direct_url = DirectUrl("https://example.com/r.git", VcsInfo("git", COMMIT))
        installed = InstalledDirectUrlDist(
            "r", Version.parse("0.1"), "/site/r-0.1.dist-info", direct_url
        )
        (requirement,) = Resolution([installed]).requirements()
        assert str(requirement) == f"r @ git+https://example.com/r.git@{COMMIT}"

    def test_repr(self) -> None:
        resolution = Resolution([wheel("b", "2"), wheel("a", "1")])
        assert repr(resolution) == "<Resolution([a==1, b==2])>"

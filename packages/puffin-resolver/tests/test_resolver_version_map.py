"""VersionMap: grouping files by version and judging them as uv does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from distribution_types import IndexUrl, RegistryBuiltDist, RegistrySourceDist
from puffin_normalize import PackageName
from puffin_pep440 import Version
from puffin_resolver import BuildOptions, DistPolicy, VersionMap
from puffin_resolver._dist_policy import requires_python_fits
from puffin_resolver_setup import TAGS
from pypi_types import File, Hashes, Yanked

INDEX = IndexUrl("https://example.com/simple/")
FOO = PackageName.parse("foo")
JAN = datetime(2024, 1, 1, tzinfo=UTC)
JUN = datetime(2024, 6, 1, tzinfo=UTC)


def _file(
    filename: str,
    *,
    digest: str = "",
    uploaded: datetime | None = JAN,
    yanked: Yanked | None = None,
    requires_python: str | None = None,
) -> File:
    return File(
        filename,
        f"https://example.com/files/{filename}",
        Hashes(sha256=digest or filename.encode().hex()[:16]),
        requires_python=requires_python,
        yanked=yanked,
        upload_time=uploaded,
    )


def _map(*files: File, policy: DistPolicy | None = None, flat: bool = False) -> VersionMap:
    policy = policy or DistPolicy(TAGS, Version.parse("3.11"), BuildOptions())
    return VersionMap(FOO, [(files, INDEX, flat)], policy)


def _v(text: str) -> Version:
    return Version.parse(text)


class TestGrouping:
    def test_versions_sorted_and_split(self) -> None:
        versions = _map(
            _file("foo-2.0-py3-none-any.whl"),
            _file("foo-1.0.tar.gz"),
            _file("Foo-1.0.0-py3-none-any.whl"),
            _file("foo-3.0a1.zip"),
        )
        assert [str(v) for v in versions.versions] == ["1.0", "2.0", "3.0a1"]
        assert [str(v) for v in versions.stable] == ["1.0", "2.0"]
        assert [str(v) for v in versions.prereleases] == ["3.0a1"]
        assert _v("1.0") in versions and _v("9") not in versions
        assert len(versions.dists(_v("1.0")).hashes) == 2

    def test_skips_other_projects_and_odd_files(self) -> None:
        versions = _map(
            _file("foobar-1.0-py3-none-any.whl"),
            _file("foo-1.0.win32.exe"),
            _file("foo-1.0-bad.whl"),
            _file("foo-notaversion-py3-none-any.whl"),
            _file("foo-bar-2.0.tar.gz"),
        )
        assert list(versions.versions) == []

    def test_dashed_names_of_sdists(self) -> None:
        name = PackageName.parse("foo-bar")
        policy = DistPolicy(TAGS, _v("3.11"), BuildOptions())
        files = [([_file("foo_bar-1.0.tar.gz"), _file("Foo.Bar-2.0.zip")], INDEX, False)]
        assert [str(v) for v in VersionMap(name, files, policy).versions] == ["1.0", "2.0"]

    def test_files_of_other_projects_between_wheels_of_one_version(self) -> None:
        policy = DistPolicy(TAGS, _v("3.11"), BuildOptions(), exclude_newer=JUN)
        versions = _map(
            _file("foo-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", uploaded=None),
            _file("foobar-2.0-py3-none-any.whl"),
            _file("foo-1.0.win32.exe"),
            _file("foo-1.0-py3-none-any.whl"),
            _file("foo-1.0-a-b-py3-none-any.whl"),
            policy=policy,
        )
        assert [str(v) for v in versions.versions] == ["1.0"]
        assert versions.untimed == {_v("1.0"): ["foo-1.0-cp311-cp311-manylinux_2_17_x86_64.whl"]}
        assert len(versions.dists(_v("1.0")).hashes) == 1

    def test_wheels_that_only_look_like_a_dashed_names_version(self) -> None:
        name = PackageName.parse("foo-bar")
        policy = DistPolicy(TAGS, _v("3.11"), BuildOptions())
        files = [_file("foo-bar-1.0.tar.gz"), _file("foo-bar-1.0-py3-none-any.whl")]
        versions = VersionMap(name, [(files, INDEX, False)], policy)
        assert [str(v) for v in versions.versions] == ["1.0"]
        assert len(versions.dists(_v("1.0")).hashes) == 1

    def test_pages_merge_in_order(self) -> None:
        policy = DistPolicy(TAGS, _v("3.11"), BuildOptions())
        other = IndexUrl("https://example.org/simple/")
        pages = [
            ([_file("foo-1.0-py3-none-any.whl", digest="aa")], other, True),
            (
                [_file("foo-1.0.0-py3-none-any.whl", digest="bb"), _file("foo-2.0.zip")],
                INDEX,
                False,
            ),
        ]
        versions = VersionMap(FOO, pages, policy)
        assert [str(v) for v in versions.versions] == ["1.0", "2.0"]
        dists = versions.dists(_v("1"))
        assert dists.hashes == ("sha256:aa", "sha256:bb")
        assert isinstance(dists.dist, RegistryBuiltDist) and dists.dist.index == other


class TestExcludeNewer:
    def test_files_at_or_after_the_cutoff_do_not_exist(self) -> None:
        policy = DistPolicy(TAGS, _v("3.11"), BuildOptions(), exclude_newer=JUN)
        versions = _map(
            _file("foo-1.0-py3-none-any.whl"),
            _file("foo-2.0-py3-none-any.whl", uploaded=JUN),
            _file("foo-3.0-py3-none-any.whl", uploaded=None),
            _file("foo-1.0.tar.gz", uploaded=JUN),
            policy=policy,
        )
        assert [str(v) for v in versions.versions] == ["1.0"]
        assert len(versions.dists(_v("1.0")).hashes) == 1

    def test_a_version_is_shown_as_its_first_spelling_with_files_left(self) -> None:
        policy = DistPolicy(TAGS, _v("3.11"), BuildOptions(), exclude_newer=JUN)
        versions = _map(
            _file("foo-1.0.0-py3-none-any.whl", uploaded=JUN),
            _file("foo-1.0-py3-none-any.whl"),
            _file("foo-1.00.tar.gz"),
            policy=policy,
        )
        assert [str(v) for v in versions.versions] == ["1.0"]
        assert len(versions.dists(_v("1")).hashes) == 2

    def test_find_links_files_have_no_upload_time_and_stay(self) -> None:
        policy = DistPolicy(TAGS, _v("3.11"), BuildOptions(), exclude_newer=JUN)
        versions = _map(_file("foo-1.0-py3-none-any.whl", uploaded=None), policy=policy, flat=True)
        assert [str(v) for v in versions.versions] == ["1.0"]


class TestJudging:
    def test_best_wheel_by_tag_priority(self) -> None:
        versions = _map(
            _file("foo-1.0-py3-none-any.whl"),
            _file("foo-1.0-cp311-cp311-manylinux_2_17_x86_64.whl"),
            _file("foo-1.0-cp312-cp312-manylinux_2_17_x86_64.whl"),
        )
        dists = versions.dists(_v("1.0"))
        assert isinstance(dists.dist, RegistryBuiltDist)
        assert "cp311-cp311" in dists.dist.file.filename
        assert dists.reason is None and len(dists.hashes) == 3

    def test_build_tags_break_ties(self) -> None:
        versions = _map(_file("foo-1.0-1-py3-none-any.whl"), _file("foo-1.0-2-py3-none-any.whl"))
        dist = versions.dists(_v("1.0")).dist
        assert dist is not None and dist.file.filename == "foo-1.0-2-py3-none-any.whl"

    def test_unfit_wheel_stands_for_a_source_distribution(self) -> None:
        versions = _map(
            _file("foo-1.0-cp312-cp312-win_amd64.whl"),
            _file("foo-1.0.tar.gz", requires_python=">=3.8"),
        )
        dists = versions.dists(_v("1.0"))
        assert isinstance(dists.dist, RegistryBuiltDist)
        assert dists.requires_python == ">=3.8"

    def test_source_distribution_alone(self) -> None:
        dists = _map(_file("foo-1.0.tar.gz")).dists(_v("1.0"))
        assert isinstance(dists.dist, RegistrySourceDist)

    @pytest.mark.parametrize(
        ("filename", "reason"),
        [
            ("foo-1.0-cp311-cp311d-manylinux_2_17_x86_64.whl", "Python ABI tag"),
            ("foo-1.0-cp311-cp311-win_amd64.whl", "platform tag"),
            ("foo-1.0-pp310-pypy310_pp73-manylinux_2_17_x86_64.whl", "implementation tag"),
        ],
    )
    def test_unfit_wheels_alone(self, filename: str, reason: str) -> None:
        dists = _map(_file(filename)).dists(_v("1.0"))
        assert dists.dist is None
        assert dists.reason is not None and dists.reason.endswith(reason)

    def test_yanked_unless_pinned(self) -> None:
        yanked = _file("foo-1.0-py3-none-any.whl", yanked=Yanked("broken."))
        dists = _map(yanked).dists(_v("1.0"))
        assert dists.dist is None and dists.reason == "was yanked (reason: broken)"
        policy = DistPolicy(
            TAGS, _v("3.11"), BuildOptions(), allowed_yanks=frozenset({(FOO, _v("1.0"))})
        )
        dists = _map(yanked, policy=policy).dists(_v("1.0"))
        assert dists.dist is not None and dists.yanked == "broken."

    def test_binary_flags(self) -> None:
        files = (_file("foo-1.0-py3-none-any.whl"), _file("foo-1.0.tar.gz"))
        no_build = DistPolicy(TAGS, _v("3.11"), BuildOptions(no_build=True))
        assert isinstance(_map(*files, policy=no_build).dists(_v("1.0")).dist, RegistryBuiltDist)
        only_sdist = DistPolicy(TAGS, _v("3.11"), BuildOptions(no_binary=frozenset({FOO})))
        dists = _map(files[0], policy=only_sdist).dists(_v("1.0"))
        assert dists.reason == "has no source distribution"
        dists = _map(files[1], policy=no_build).dists(_v("1.0"))
        assert dists.reason == "has no usable wheels"


class TestRequiresPython:
    @pytest.mark.parametrize(
        ("specifiers", "fits"),
        [
            (None, True),
            ("", True),
            (">=3.8", True),
            (">=3.11", True),
            (">3.11", False),
            (">=3.11.2", False),
            (">=3.12", False),
            ("<3.11", True),
            ("==3.10.*", True),
            ("~=3.12", False),
            ("garbage", True),
        ],
    )
    def test_lower_bound_only(self, specifiers: str | None, fits: bool) -> None:
        assert requires_python_fits(specifiers, _v("3.11")) is fits

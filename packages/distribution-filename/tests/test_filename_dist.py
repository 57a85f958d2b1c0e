"""Tests of `DistFilename` dispatch and the package's exports."""

from __future__ import annotations

import pytest

import distribution_filename
from distribution_filename import (
    DistFilename,
    InvalidSourceDistFilename,
    InvalidWheelFilename,
    SourceDistExtension,
    SourceDistFilename,
    WheelFilename,
)
from puffin_normalize import PackageName

FOO_BAR = PackageName.parse("foo-bar")


class TestDistFilename:
    def test_wheel(self) -> None:
        parsed = DistFilename.try_from_filename("foo_bar-1.0-py3-none-any.whl", FOO_BAR)
        assert isinstance(parsed, WheelFilename)
        assert isinstance(parsed, DistFilename)
        assert parsed.name == FOO_BAR

    @pytest.mark.parametrize(
        "filename", ["foo-bar-1.0.tar.gz", "Foo.Bar-1.0.zip", "foo_bar-1.0.tar.zst"]
    )
    def test_source_dist(self, filename: str) -> None:
        parsed = DistFilename.try_from_filename(filename, FOO_BAR)
        assert isinstance(parsed, SourceDistFilename)
        assert isinstance(parsed, DistFilename)
        assert (parsed.name, str(parsed.version)) == (FOO_BAR, "1.0")

    @pytest.mark.parametrize(
        "filename",
        [
            "foo_bar-1.0.win32.exe",
            "foo_bar-1.0-py3.11.egg",
            "foo_bar-1.0.msi",
            "foo_bar-1.0-1.x86_64.rpm",
            "foo_bar-1.0.dmg",
            "foo_bar_1.0_amd64.deb",
            "README",
            "foo_bar-1.0-py3-none-any.whl.metadata",
        ],
    )
    def test_other_files_are_none(self, filename: str) -> None:
        assert DistFilename.try_from_filename(filename, FOO_BAR) is None
        assert DistFilename.from_filename(filename, FOO_BAR) is None

    @pytest.mark.parametrize(
        ("filename", "error", "reason"),
        [
            ("foo_bar-1.0-py3-none.whl", InvalidWheelFilename, "expected 5 or 6"),
            (
                "other-1.0-py3-none-any.whl",
                InvalidWheelFilename,
                "it is a wheel of 'other', not of 'foo-bar'",
            ),
            (
                "other-1.0.tar.gz",
                InvalidSourceDistFilename,
                "it does not start with the project name",
            ),
            ("foo_bar-latest.tar.gz", InvalidSourceDistFilename, "invalid version 'latest'"),
        ],
    )
    def test_malformed(self, filename: str, error: type[Exception], reason: str) -> None:
        assert DistFilename.try_from_filename(filename, FOO_BAR) is None
        with pytest.raises(error) as info:
            DistFilename.from_filename(filename, FOO_BAR)
        assert reason in str(info.value)

    def test_kinds_share_the_interface(self) -> None:
        wheel = DistFilename.from_filename("foo_bar-2.0-py3-none-any.whl", FOO_BAR)
        sdist = DistFilename.from_filename("foo_bar-2.0.tar.gz", FOO_BAR)
        assert wheel is not None and sdist is not None
        assert wheel.version == sdist.version
        assert (wheel.stem, sdist.stem) == ("foo_bar-2.0-py3-none-any", "foo_bar-2.0")
        assert isinstance(sdist, SourceDistFilename)
        assert sdist.extension is SourceDistExtension.TAR_GZ

    def test_values_have_no_instance_dict(self) -> None:
        wheel = WheelFilename.parse("foo-1.0-py3-none-any.whl")
        assert not hasattr(wheel, "__dict__")


def test_all_is_sorted_and_complete() -> None:
    assert distribution_filename.__all__ == sorted(distribution_filename.__all__)
    public = {name for name in vars(distribution_filename) if not name.startswith("_")}
    public -= {"errors"}
    assert set(distribution_filename.__all__) == public

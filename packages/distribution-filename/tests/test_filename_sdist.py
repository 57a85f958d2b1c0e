"""Tests of `SourceDistFilename` and `SourceDistExtension`."""

from __future__ import annotations

import pytest
from packaging.utils import parse_sdist_filename

from distribution_filename import (
    FilenameError,
    InvalidSourceDistFilename,
    SourceDistExtension,
    SourceDistFilename,
)
from puffin_normalize import InvalidName, PackageName
from puffin_pep440 import InvalidVersion, Version

E = SourceDistExtension

REAL_WORLD = [
    ("Django-4.2.7.tar.gz", "django", "4.2.7", E.TAR_GZ),
    ("zope.interface-6.1.tar.gz", "zope-interface", "6.1", E.TAR_GZ),
    ("typing_extensions-4.9.0.tar.gz", "typing-extensions", "4.9.0", E.TAR_GZ),
    ("python-dateutil-2.8.2.tar.gz", "python-dateutil", "2.8.2", E.TAR_GZ),
    ("backports.zoneinfo-0.2.1.tar.gz", "backports-zoneinfo", "0.2.1", E.TAR_GZ),
    ("PyYAML-6.0.1.tar.gz", "pyyaml", "6.0.1", E.TAR_GZ),
    ("ruamel.yaml.clib-0.2.8.tar.gz", "ruamel-yaml-clib", "0.2.8", E.TAR_GZ),
    ("azure-mgmt-core-1.4.0.zip", "azure-mgmt-core", "1.4.0", E.ZIP),
    ("pyasn1-modules-0.3.0.tar.gz", "pyasn1-modules", "0.3.0", E.TAR_GZ),
    ("py-1.11.0.tar.gz", "py", "1.11.0", E.TAR_GZ),
    ("pywin32-ctypes-0.2.2.tar.gz", "pywin32-ctypes", "0.2.2", E.TAR_GZ),
    ("foo-bar-1.0-1.tar.gz", "foo-bar", "1.0.post1", E.TAR_GZ),
    ("foo-2.0-rc-1.zip", "foo", "2.0rc1", E.ZIP),
    ("foo-1!2.0a1.dev3+local.tar.gz", "foo", "1!2.0a1.dev3+local", E.TAR_GZ),
    ("a-b-c-1.0-2.tar.gz", "a-b-c", "1.0.post2", E.TAR_GZ),
    ("Foo_Bar-1.0.tar.bz2", "foo-bar", "1.0", E.TAR_BZ2),
    ("foo-1.0.tar.xz", "foo", "1.0", E.TAR_XZ),
    ("foo-1.0.tgz", "foo", "1.0", E.TGZ),
    ("foo-1.0.tbz", "foo", "1.0", E.TBZ),
    ("foo-1.0.txz", "foo", "1.0", E.TXZ),
    ("foo-1.0.tar.lz", "foo", "1.0", E.TAR_LZ),
    ("foo-1.0.tar.lzma", "foo", "1.0", E.TAR_LZMA),
    ("foo-1.0.tar.zst", "foo", "1.0", E.TAR_ZST),
    ("foo-1.0.tar", "foo", "1.0", E.TAR),
    ("FOO-1.0.TAR.GZ", "foo", "1.0", E.TAR_GZ),
    ("pytz-2023.3.post1.tar.gz", "pytz", "2023.3.post1", E.TAR_GZ),
    ("cffi-1.16.0.tar.gz", "cffi", "1.16.0", E.TAR_GZ),
]


class TestParse:
    @pytest.mark.parametrize(("filename", "name", "version", "extension"), REAL_WORLD)
    def test_real_world(
        self, filename: str, name: str, version: str, extension: SourceDistExtension
    ) -> None:
        sdist = SourceDistFilename.parse(filename, PackageName.parse(name))
        assert sdist.name == name
        assert str(sdist.version) == version
        assert sdist.extension is extension

    @pytest.mark.parametrize(("filename", "name", "version", "extension"), REAL_WORLD)
    def test_round_trips(
        self, filename: str, name: str, version: str, extension: SourceDistExtension
    ) -> None:
        sdist = SourceDistFilename.parse(filename, PackageName.parse(name))
        assert str(sdist) == f"{sdist.stem}{extension.value}"
        assert SourceDistFilename.parse(str(sdist), sdist.name) == sdist

    @pytest.mark.parametrize(
        "filename",
        [f for f, *_ in REAL_WORLD if f.endswith((".tar.gz", ".zip")) and f.count("-") == 1],
    )
    def test_agrees_with_packaging(self, filename: str) -> None:
        name, version = parse_sdist_filename(filename)
        sdist = SourceDistFilename.parse(filename, PackageName.parse(name))
        assert str(sdist.version) == str(version)
        assert SourceDistFilename.parse_unknown(filename) == sdist

    def test_canonical_spelling(self) -> None:
        sdist = SourceDistFilename.parse(
            "Zope.Interface-6.0.ZIP", PackageName.parse("zope.interface")
        )
        assert str(sdist) == "zope_interface-6.0.zip"
        assert sdist.stem == "zope_interface-6.0"
        assert repr(sdist) == "<SourceDistFilename('zope_interface-6.0.zip')>"

    def test_parse_unknown_splits_at_last_dash(self) -> None:
        sdist = SourceDistFilename.parse_unknown("python-dateutil-2.8.2.tar.gz")
        assert sdist.name == "python-dateutil"
        assert sdist.version == Version.parse("2.8.2")

    def test_value_semantics(self) -> None:
        foo = PackageName.parse("foo")
        one = SourceDistFilename.parse("foo-1.0.tar.gz", foo)
        assert one == SourceDistFilename.parse("Foo-1.0.tar.gz", foo)
        assert one != SourceDistFilename.parse("foo-1.0.zip", foo)
        assert len({one, SourceDistFilename.parse("foo-1.0.tar.gz", foo)}) == 1


class TestExtension:
    def test_longest_suffix_wins(self) -> None:
        assert E.from_filename("foo-1.0.tar.gz") is E.TAR_GZ
        assert E.from_filename("foo-1.0.tar") is E.TAR
        assert E.from_filename("foo-1.0.tar.lzma") is E.TAR_LZMA

    @pytest.mark.parametrize(
        "filename", ["foo-1.0.exe", "foo-1.0.egg", "foo-1.0.msi", "foo-1.0.gz", "foo-1.0.whl", ""]
    )
    def test_other_files(self, filename: str) -> None:
        assert E.from_filename(filename) is None

    def test_str_is_suffix(self) -> None:
        assert str(E.TAR_ZST) == ".tar.zst"


class TestErrors:
    @pytest.mark.parametrize(
        ("filename", "project", "reason"),
        [
            ("foo-1.0.exe", "foo", "unknown archive extension; expected one of .tar.gz, .zip,"),
            ("bar-1.0.tar.gz", "foo", "it does not start with the project name 'foo' and a dash"),
            ("foo-1.0.tar.gz", "foo-bar", "it does not start with the project name 'foo-bar'"),
            ("foobar-1.0.tar.gz", "foo", "it does not start with the project name 'foo'"),
            ("foo.tar.gz", "foo", "it does not start with the project name 'foo'"),
            ("foo-.tar.gz", "foo", "the version is missing"),
            ("foo-x.y.tar.gz", "foo", "invalid version 'x.y': "),
            # Found by the property tests: lower() made the Kelvin sign a "k".
            ("\u212a-1.0.tar.gz", "k", "it does not start with the project name 'k'"),
        ],
    )
    def test_rejects(self, filename: str, project: str, reason: str) -> None:
        with pytest.raises(InvalidSourceDistFilename) as info:
            SourceDistFilename.parse(filename, PackageName.parse(project))
        error = info.value
        assert isinstance(error, FilenameError)
        assert isinstance(error, ValueError)
        assert error.filename == filename
        assert error.reason.startswith(reason)
        assert str(error) == f"invalid source distribution filename {filename!r}: {error.reason}"

    def test_invalid_version_is_the_cause(self) -> None:
        with pytest.raises(InvalidSourceDistFilename) as info:
            SourceDistFilename.parse("foo-1.0_beta!.zip", PackageName.parse("foo"))
        assert isinstance(info.value.__cause__, InvalidVersion)

    @pytest.mark.parametrize(
        ("filename", "reason"),
        [
            ("foo.tar.gz", "expected '<name>-<version>' before the extension"),
            ("-1.0.tar.gz", "invalid project name ''"),
            ("foo bar-1.0.zip", "invalid project name 'foo bar'"),
            ("foo-bar.zip", "invalid version 'bar': "),
            ("foo-1.0.rpm", "unknown archive extension"),
        ],
    )
    def test_parse_unknown_rejects(self, filename: str, reason: str) -> None:
        with pytest.raises(InvalidSourceDistFilename) as info:
            SourceDistFilename.parse_unknown(filename)
        assert info.value.reason.startswith(reason)
        if "project name" in reason:
            assert isinstance(info.value.__cause__, InvalidName)

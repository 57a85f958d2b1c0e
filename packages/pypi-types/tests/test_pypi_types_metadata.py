"""Tests of Metadata.parse on every metadata version and on malformed input."""

from __future__ import annotations

import logging
from pathlib import Path
from textwrap import dedent

import pytest
from packaging.metadata import parse_email
from packaging.requirements import Requirement as PackagingRequirement
from packaging.utils import canonicalize_name

from pypi_types import InvalidMetadata, Metadata, PypiTypesError

DATA = Path(__file__).parent / "data" / "metadata"
DATA_FILES = sorted(DATA.iterdir())


def parse(text: str) -> Metadata:
    return Metadata.parse(dedent(text).lstrip("\n").encode())


class TestRealMetadata:
    @pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
    def test_parses_without_warnings(self, path: Path) -> None:
        metadata = Metadata.parse(path.read_bytes())
        assert metadata.warnings == ()
        stem, _, version = path.name.removesuffix(".METADATA").rpartition("-")
        assert (str(metadata.name), str(metadata.version)) == (canonicalize_name(stem), version)

    @pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
    def test_agrees_with_packaging(self, path: Path) -> None:
        data = path.read_bytes()
        metadata = Metadata.parse(data)
        raw, _ = parse_email(data)
        assert metadata.metadata_version == raw["metadata_version"]
        assert str(metadata.name) == canonicalize_name(raw["name"])
        assert str(metadata.version) == raw["version"]
        assert metadata.summary == raw.get("summary")
        assert [str(r.name) for r in metadata.requires_dist] == [
            canonicalize_name(PackagingRequirement(r).name) for r in raw.get("requires_dist", [])
        ]
        requires_python = raw.get("requires_python")
        assert (metadata.requires_python is None) == (requires_python is None)
        expected_extras = dict.fromkeys(canonicalize_name(e) for e in raw.get("provides_extra", []))
        assert [str(extra) for extra in metadata.provides_extras] == list(expected_extras)
        assert list(metadata.classifiers) == raw.get("classifiers", [])
        assert dict(metadata.project_urls) == raw.get("project_urls", {})
        assert list(metadata.dynamic) == [d.lower() for d in raw.get("dynamic", [])]
        assert metadata.license_expression == raw.get("license_expression")
        assert list(metadata.license_files) == raw.get("license_files", [])
        assert list(metadata.platforms) == raw.get("platforms", [])
        assert metadata.home_page == raw.get("home_page")
        assert metadata.author_email == raw.get("author_email")
        assert list(metadata.import_names) == raw.get("import_names", [])
        description = raw.get("description")
        assert metadata.description == (description.replace("\r\n", "\n") if description else None)

    def test_many_requirements(self) -> None:
        metadata = Metadata.parse((DATA / "transformers-4.57.6.METADATA").read_bytes())
        assert len(metadata.requires_dist) == 457
        assert str(metadata.requires_python) == ">=3.9.0"
        assert "torch" in metadata.provides_extras

    def test_legacy_extra_spellings_are_merged(self) -> None:
        metadata = Metadata.parse((DATA / "twisted-26.4.0.METADATA").read_bytes())
        assert [extra for extra in metadata.provides_extras if "non-platform" in extra] == [
            "all-non-platform"
        ]

    def test_underscore_extras_are_normalized(self) -> None:
        metadata = Metadata.parse((DATA / "passlib-1.7.4.METADATA").read_bytes())
        assert metadata.provides_extras == ("argon2", "bcrypt", "build-docs", "totp")
        assert str(metadata.requires_dist[2]) == 'sphinx>=1.6; extra == "build-docs"'

    def test_crlf_file(self) -> None:
        metadata = Metadata.parse((DATA / "sniffio-1.3.1.METADATA").read_bytes())
        assert metadata.summary == "Sniff out which async library your code is running under"
        assert metadata.description is not None
        assert "\r" not in metadata.description

    def test_metadata_2_0_description_in_body(self) -> None:
        metadata = Metadata.parse((DATA / "argparse-1.4.0.METADATA").read_bytes())
        assert metadata.metadata_version == "2.0"
        assert metadata.keywords == "argparse command line parser parsing"
        assert metadata.description is not None
        assert metadata.description.startswith("The argparse module")

    def test_no_body(self) -> None:
        metadata = Metadata.parse((DATA / "triton-3.6.0.METADATA").read_bytes())
        assert metadata.description is None


class TestDialects:
    def test_metadata_1_0(self) -> None:
        # Written as bytes: an empty description line is folded to eight
        # spaces, which `dedent` would strip.
        metadata = Metadata.parse(
            b"Metadata-Version: 1.0\n"
            b"Name: oldpkg\n"
            b"Version: 0.3\n"
            b"Summary: An old package\n"
            b"Home-page: http://example.com/oldpkg\n"
            b"Author: Someone\n"
            b"Author-email: someone@example.com\n"
            b"License: UNKNOWN\n"
            b"Description: First line of the description.\n"
            b"        \n"
            b"        An indented paragraph\n"
            b"            with deeper indentation.\n"
            b"Platform: UNKNOWN\n"
        )
        assert metadata.metadata_version == "1.0"
        assert (metadata.name, str(metadata.version)) == ("oldpkg", "0.3")
        assert metadata.description == (
            "First line of the description.\n\nAn indented paragraph\n    with deeper indentation."
        )
        assert metadata.platforms == ("UNKNOWN",)
        assert metadata.license == "UNKNOWN"
        assert metadata.requires_dist == ()
        assert metadata.warnings == ()

    def test_metadata_1_1(self) -> None:
        metadata = parse(
            """
            Metadata-Version: 1.1
            Name: legacy
            Version: 1.0
            Download-URL: http://example.com/legacy-1.0.tar.gz
            Supported-Platform: RedHat 7.2
            Supported-Platform: i386-win32-2791
            Requires: re
            Requires: xml.parsers.expat (>1.0)
            Provides: legacy
            Provides: legacy.sub (1.0)
            Obsoletes: Gorgon
            Classifier: Topic :: Software Development
            """
        )
        assert metadata.download_url == "http://example.com/legacy-1.0.tar.gz"
        assert metadata.supported_platforms == ("RedHat 7.2", "i386-win32-2791")
        assert metadata.requires == ("re", "xml.parsers.expat (>1.0)")
        assert metadata.provides == ("legacy", "legacy.sub (1.0)")
        assert metadata.obsoletes == ("Gorgon",)
        assert metadata.classifiers == ("Topic :: Software Development",)

    def test_metadata_1_2(self) -> None:
        metadata = parse(
            """
            Metadata-Version: 1.2
            Name: middle
            Version: 2.0.post1
            Maintainer: Someone Else
            Maintainer-email: else@example.com
            Requires-Python: >=2.6, !=3.0.*
            Requires-Dist: pkginfo
            Requires-Dist: zope.interface (>3.5.0)
            Requires-Dist: pywin32 (>1.0); sys.platform == 'win32'
            Requires-External: C
            Requires-External: libpng (>=1.5)
            Provides-Dist: middle-compat (1.0)
            Obsoletes-Dist: OtherProject (<3.0)
            Project-URL: Bug Tracker, http://example.com/bugs
            Project-URL: Source, https://example.com/src
            Description: One line
                   |second line
                   |
                   |    code
            """
        )
        assert str(metadata.requires_python) == ">=2.6,!=3.0.*"
        assert [str(r) for r in metadata.requires_dist] == [
            "pkginfo",
            "zope-interface>3.5.0",
            'pywin32>1.0; sys_platform == "win32"',
        ]
        assert metadata.requires_external == ("C", "libpng (>=1.5)")
        assert metadata.provides_dist == ("middle-compat (1.0)",)
        assert metadata.obsoletes_dist == ("OtherProject (<3.0)",)
        assert metadata.maintainer == "Someone Else"
        assert metadata.maintainer_email == "else@example.com"
        assert metadata.project_urls == (
            ("Bug Tracker", "http://example.com/bugs"),
            ("Source", "https://example.com/src"),
        )
        assert metadata.description == "One line\nsecond line\n\n    code"
        assert metadata.warnings == ()

    def test_metadata_2_1_body_and_extras(self) -> None:
        metadata = parse(
            """
            Metadata-Version: 2.1
            Name: modern
            Version: 1.0
            Description-Content-Type: text/markdown; charset=UTF-8
            Provides-Extra: Socks_Proxy
            Requires-Dist: PySocks (!=1.5.7,>=1.5.6) ; extra == 'socks_proxy'

            # Modern

            Body text.
            """
        )
        assert metadata.description_content_type == "text/markdown; charset=UTF-8"
        assert metadata.provides_extras == ("socks-proxy",)
        assert metadata.description == "# Modern\n\nBody text.\n"
        (requirement,) = metadata.requires_dist
        assert requirement.name == "pysocks"
        assert requirement.marker is not None

    def test_metadata_2_2_dynamic(self) -> None:
        metadata = parse(
            """
            Metadata-Version: 2.2
            Name: dyn
            Version: 1.0
            Dynamic: Requires-Dist
            Dynamic: license-file
            """
        )
        assert metadata.dynamic == ("requires-dist", "license-file")

    def test_metadata_2_4_license(self) -> None:
        metadata = parse(
            """
            Metadata-Version: 2.4
            Name: lic
            Version: 1.0
            License-Expression: MIT OR Apache-2.0
            License-File: LICENSE-MIT
            License-File: licenses/APACHE.txt
            """
        )
        assert metadata.license_expression == "MIT OR Apache-2.0"
        assert metadata.license_files == ("LICENSE-MIT", "licenses/APACHE.txt")

    def test_metadata_2_5_import_names(self) -> None:
        metadata = parse(
            """
            Metadata-Version: 2.5
            Name: imp
            Version: 1.0
            Import-Name: imp
            Import-Name: imp._private; private
            Import-Namespace: ns
            """
        )
        assert metadata.import_names == ("imp", "imp._private; private")
        assert metadata.import_namespaces == ("ns",)
        assert metadata.warnings == ()

    def test_multi_line_license_is_dedented(self) -> None:
        metadata = Metadata.parse(
            b"Metadata-Version: 2.1\nName: x\nVersion: 1\n"
            b"License: Copyright (c) 2020\n        \n        Permission is hereby granted.\n"
        )
        assert metadata.license == "Copyright (c) 2020\n\nPermission is hereby granted."

    def test_folded_requirement_is_unfolded(self) -> None:
        metadata = parse(
            """
            Metadata-Version: 2.1
            Name: x
            Version: 1
            Requires-Dist: requests (>=2.0,
              <3) ; python_version >= "3.8"
            """
        )
        (requirement,) = metadata.requires_dist
        assert str(requirement) == 'requests>=2.0,<3; python_version >= "3.8"'

    def test_field_names_are_case_insensitive(self) -> None:
        metadata = parse(
            """
            metadata-version: 2.1
            NAME: x
            version: 1
            Home-Page: https://example.com
            Author-Email: a@example.com
            Project-Url: Docs, https://example.com/docs
            REQUIRES-DIST: idna
            """
        )
        assert metadata.home_page == "https://example.com"
        assert metadata.author_email == "a@example.com"
        assert metadata.project_urls == (("Docs", "https://example.com/docs"),)
        assert [r.name for r in metadata.requires_dist] == ["idna"]

    def test_unknown_fields_are_ignored(self) -> None:
        metadata = parse("Metadata-Version: 2.1\nName: x\nVersion: 1\nX-Custom: y\n")
        assert metadata.warnings == ()

    def test_accepts_str(self) -> None:
        assert Metadata.parse("Name: x\nVersion: 1\nMetadata-Version: 2.1\n").name == "x"

    def test_repr_and_equality(self) -> None:
        one = parse("Metadata-Version: 2.1\nName: X\nVersion: 1.0\n")
        two = parse("Metadata-Version: 2.1\nName: x\nVersion: 1.0\nRequires-Dist: bad !!\n")
        assert repr(one) == "<Metadata(x 1.0)>"
        assert one == two  # warnings do not take part in equality
        assert hash(one) == hash(two)


class TestMalformed:
    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            (b"Metadata-Version: 2.1\nVersion: 1.0\n", "Name", "invalid metadata: Name: missing"),
            (b"Metadata-Version: 2.1\nName:\nVersion: 1.0\n", "Name", "Name: missing"),
            (b"Metadata-Version: 2.1\nName: x\n", "Version", "invalid metadata: Version: missing"),
            (b"Name: a b\nVersion: 1.0\n", "Name", "Name 'a b': not a valid project name"),
            (b"Name: x\nVersion: 1.0-beta-2012-x\n", "Version", "Version '1.0-beta-2012-x': "),
            (b"", "Name", "missing"),
            (b"\xff\xfe\x00", "Name", "missing"),
        ],
    )
    def test_required_fields(self, data: bytes, field: str, message: str) -> None:
        with pytest.raises(InvalidMetadata) as info:
            Metadata.parse(data)
        assert isinstance(info.value, PypiTypesError)
        assert isinstance(info.value, ValueError)
        assert info.value.field == field
        assert message in str(info.value)

    def test_invalid_requirements_are_skipped_with_warnings(self) -> None:
        metadata = parse(
            """
            Metadata-Version: 2.1
            Name: x
            Version: 1.0
            Requires-Dist: good
            Requires-Dist: bad requirement !!
            Requires-Dist: also-good (>=1)
            Requires-Dist: marker-broken ; python_version >>> '3'
            """
        )
        assert [r.name for r in metadata.requires_dist] == ["good", "also-good"]
        assert len(metadata.warnings) == 2
        assert metadata.warnings[0].startswith("Requires-Dist 'bad requirement !!' skipped: ")
        assert metadata.warnings[1].startswith('Requires-Dist "marker-broken ; python_version')

    @pytest.mark.parametrize(
        ("line", "read_as"),
        [
            ("foo (>=1.0.*)", "foo>=1.0"),
            ("foo (>=2.7,!=3.0*)", "foo>=2.7,!=3.0.*"),
            ("foo >=1.0 <2", "foo>=1.0,<2"),
            ("foo (=>1.0) ; python_version < '3'", 'foo>=1.0; python_version < "3"'),
        ],
    )
    def test_repairable_requirements(self, line: str, read_as: str) -> None:
        metadata = parse(f"Metadata-Version: 2.1\nName: x\nVersion: 1\nRequires-Dist: {line}\n")
        assert [str(r) for r in metadata.requires_dist] == [read_as]
        (warning,) = metadata.warnings
        assert warning.startswith(f"Requires-Dist {line!r} read as ")

    @pytest.mark.parametrize(
        ("value", "expected", "warned"),
        [
            (">=3.6", ">=3.6", False),
            (">=3.6.*", ">=3.6", True),
            (">=2.7, !=3.0*, !=3.1*", ">=2.7,!=3.0.*,!=3.1.*", True),
            ("", None, False),
            ("3.6", None, True),
            ("any", None, True),
        ],
    )
    def test_requires_python(self, value: str, expected: str | None, warned: bool) -> None:
        metadata = parse(f"Metadata-Version: 1.2\nName: x\nVersion: 1\nRequires-Python: {value}\n")
        specifiers = metadata.requires_python
        assert (None if specifiers is None else str(specifiers)) == expected
        assert bool(metadata.warnings) is warned
        if warned:
            assert metadata.warnings[0].startswith(f"Requires-Python {value!r} ")

    def test_invalid_extras_are_skipped(self) -> None:
        metadata = parse(
            """
            Metadata-Version: 2.1
            Name: x
            Version: 1
            Provides-Extra: ok
            Provides-Extra: :python_version < "3"
            Provides-Extra: OK
            Provides-Extra: all extras
            """
        )
        assert metadata.provides_extras == ("ok",)
        assert metadata.warnings == (
            "Provides-Extra ':python_version < \"3\"' skipped: not a valid extra name",
            "Provides-Extra 'all extras' skipped: not a valid extra name",
        )

    def test_not_utf8_is_replaced(self) -> None:
        data = b"Metadata-Version: 2.1\nName: x\nVersion: 1\nAuthor: Fran\xe7ois\n"
        metadata = Metadata.parse(data)
        assert metadata.author == "Fran\ufffdois"
        (warning,) = metadata.warnings
        assert warning.startswith("not valid UTF-8")
        assert "at byte 53" in warning

    def test_repeated_single_field_keeps_first(self) -> None:
        metadata = parse(
            """
            Metadata-Version: 2.1
            Name: x
            Version: 1
            Summary: first
            Summary: second
            Summary: first
            """
        )
        assert metadata.summary == "first"
        assert metadata.warnings == ("Summary given again as 'second'; kept the first",)

    def test_repeated_name_keeps_first(self) -> None:
        metadata = parse("Metadata-Version: 2.1\nName: x\nName: y\nVersion: 1\n")
        assert metadata.name == "x"
        assert len(metadata.warnings) == 1

    def test_metadata_version_problems(self) -> None:
        assert parse("Name: x\nVersion: 1\n").warnings == ("no Metadata-Version field",)
        assert parse("Metadata-Version: 3.0\nName: x\nVersion: 1\n").warnings == (
            "unknown Metadata-Version '3.0'; read as 2.x",
        )

    def test_project_url_without_comma(self) -> None:
        metadata = parse("Metadata-Version: 1.2\nName: x\nVersion: 1\nProject-URL: https://x\n")
        assert metadata.project_urls == ()
        assert metadata.warnings == ("Project-URL 'https://x' skipped: expected 'label, url'",)

    def test_dynamic_name_is_reported(self) -> None:
        metadata = parse("Metadata-Version: 2.2\nName: x\nVersion: 1\nDynamic: Version\n")
        assert metadata.dynamic == ("version",)
        assert metadata.warnings == ("Dynamic must not list Name or Version",)

    @pytest.mark.parametrize(
        ("metadata_version", "kept", "description"),
        [("2.1", "the body", "new\n"), ("1.2", "the field", "old"), ("x", "the field", "old")],
    )
    def test_description_field_and_body(
        self, metadata_version: str, kept: str, description: str
    ) -> None:
        metadata = Metadata.parse(
            f"Metadata-Version: {metadata_version}\nName: x\nVersion: 1\nDescription: old\n\nnew\n"
        )
        assert metadata.description == description
        assert f"Description given both as a field and as the body; kept {kept}" in (
            metadata.warnings
        )

    def test_body_without_field_is_the_description_in_any_version(self) -> None:
        assert parse("Metadata-Version: 1.0\nName: x\nVersion: 1\n\nText\n").description == (
            "Text\n"
        )

    def test_blank_body_is_no_description(self) -> None:
        assert parse("Metadata-Version: 2.1\nName: x\nVersion: 1\n\n\n  \n").description is None

    def test_non_field_line_ends_the_headers(self) -> None:
        metadata = parse(
            """
            Metadata-Version: 2.1
            Name: x
            Version: 1
            A description without its blank line
            Requires-Dist: looks-like-a-field
            """
        )
        assert metadata.requires_dist == ()
        assert metadata.description == (
            "A description without its blank line\nRequires-Dist: looks-like-a-field"
        )
        assert metadata.warnings[0].startswith("line 4 is not a 'Name: value' field")

    def test_warnings_are_logged_not_printed(
        self, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
    ) -> None:
        with caplog.at_level(logging.DEBUG, logger="pypi_types"):
            parse("Metadata-Version: 2.1\nName: x\nVersion: 1\nRequires-Dist: bad !!\n")
        assert [r.levelno for r in caplog.records] == [logging.DEBUG]
        assert caplog.records[0].getMessage().startswith("x 1: Requires-Dist 'bad !!' skipped")
        assert capsys.readouterr() == ("", "")

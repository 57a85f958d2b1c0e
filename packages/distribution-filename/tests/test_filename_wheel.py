"""Tests of `WheelFilename`: real-world names (packaging as the oracle), round trips, errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.utils import parse_wheel_filename

from distribution_filename import FilenameError, InvalidWheelFilename, WheelFilename
from puffin_normalize import InvalidName, PackageName
from puffin_pep440 import InvalidVersion, Version

REAL_WORLD = [
    "numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "numpy-2.0.0-cp39-cp39-macosx_14_0_arm64.whl",
    "numpy-1.26.4-pp39-pypy39_pp73-win_amd64.whl",
    "numpy-2.1.0-cp313-cp313t-musllinux_1_2_aarch64.whl",
    "numpy-1.26.4-graalpy311-graalpy231_311_native-manylinux_2_28_x86_64.whl",
    "six-1.16.0-py2.py3-none-any.whl",
    "Django-4.2.7-py3-none-any.whl",
    "PyYAML-6.0.1-cp311-cp311-musllinux_1_1_x86_64.whl",
    "typing_extensions-4.9.0-py3-none-any.whl",
    "zope.interface-6.1-cp312-cp312-win_amd64.whl",
    "torch-2.1.0+cu118-cp311-cp311-linux_x86_64.whl",
    "jaxlib-0.4.23+cuda12.cudnn89-cp311-cp311-manylinux2014_x86_64.whl",
    "pyobjc_core-10.1-cp312-cp312-macosx_10_9_universal2.whl",
    "cryptography-41.0.7-cp37-abi3-manylinux_2_28_aarch64.whl",
    "orjson-3.9.10-cp312-cp312-macosx_10_15_x86_64.macosx_11_0_arm64.macosx_10_15_universal2.whl",
    "pywin32-306-cp312-cp312-win_arm64.whl",
    "pillow-10.1.0-cp312-cp312-win32.whl",
    "black-24.1a1-py3-none-any.whl",
    "Foo-1.0rc1.post2.dev3-py3-none-any.whl",
    "foo-1!2.0-py3-none-any.whl",
    "foo-1.0-1-py3-none-any.whl",
    "foo-1.0-20230101abc-py3-none-any.whl",
    "pydantic_core-2.14.5-cp312-none-win_amd64.whl",
    "greenlet-3.0.1-cp27-cp27mu-manylinux2010_x86_64.whl",
    "MarkupSafe-2.1.3-cp37-cp37m-manylinux_2_5_i686.manylinux1_i686.whl",
    "foo-1.0-cp313-cp313-android_24_arm64_v8a.whl",
    "foo-1.0-cp313-cp313-ios_13_0_arm64_iphoneos.whl",
    "foo-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl",
    "ruamel.yaml.clib-0.2.8-cp312-cp312-manylinux_2_24_aarch64.whl",
    "a-0-py3-none-any.whl",
]


class TestParse:
    @pytest.mark.parametrize("filename", REAL_WORLD)
    def test_agrees_with_packaging(self, filename: str) -> None:
        wheel = WheelFilename.parse(filename)
        name, version, build, tags = parse_wheel_filename(filename)
        assert str(wheel.name) == name
        assert str(wheel.version) == str(version)
        assert (wheel.build_tag or ()) == build
        assert {(t.interpreter, t.abi, t.platform) for t in tags} == set(wheel.tags())

    @pytest.mark.parametrize("filename", REAL_WORLD)
    def test_round_trips(self, filename: str) -> None:
        wheel = WheelFilename.parse(filename)
        assert WheelFilename.parse(str(wheel)) == wheel
        assert str(wheel) == f"{wheel.stem}.whl"

    @pytest.mark.parametrize(
        "filename",
        [
            "numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "six-1.16.0-py2.py3-none-any.whl",
            "foo_bar-1.0-1a-py3-none-any.whl",
            "foo-1!2.0rc1.post2.dev3+local.7-py3-none-any.whl",
        ],
    )
    def test_canonical_names_are_unchanged(self, filename: str) -> None:
        assert str(WheelFilename.parse(filename)) == filename

    def test_canonical_spelling(self) -> None:
        wheel = WheelFilename.parse("Foo.Bar__baz-1.0RC1-PY3-none-any.whl")
        assert str(wheel) == "foo_bar_baz-1.0rc1-PY3-none-any.whl"
        assert wheel.stem == "foo_bar_baz-1.0rc1-PY3-none-any"

    def test_fields(self) -> None:
        wheel = WheelFilename.parse(
            "foo_bar-2.0-7x-cp38.cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl"
        )
        assert wheel.name == PackageName.parse("foo-bar")
        assert wheel.version == Version.parse("2.0")
        assert wheel.build_tag == (7, "x")
        assert wheel.python_tags == ("cp38", "cp39")
        assert wheel.abi_tags == ("abi3",)
        assert wheel.platform_tags == ("manylinux2014_x86_64", "manylinux_2_17_x86_64")

    def test_no_build_tag(self) -> None:
        assert WheelFilename.parse("foo-1.0-py3-none-any.whl").build_tag is None

    def test_build_tag_orders_numerically(self) -> None:
        nine = WheelFilename.parse("foo-1.0-9-py3-none-any.whl").build_tag
        ten = WheelFilename.parse("foo-1.0-10-py3-none-any.whl").build_tag
        assert nine is not None and ten is not None and nine < ten

    def test_build_tag_keeps_a_trailing_newline(self) -> None:
        # Found by the property tests: `$` matched before the newline, which was lost.
        wheel = WheelFilename.parse("foo-1.0-1\n-py3-none-any.whl")
        assert wheel.build_tag == (1, "\n")
        assert str(wheel) == "foo-1.0-1\n-py3-none-any.whl"

    def test_tags_cross_product_in_order(self) -> None:
        wheel = WheelFilename.parse("foo-1.0-cp38.cp39-abi3-win32.win_amd64.whl")
        assert wheel.tags() == [
            ("cp38", "abi3", "win32"),
            ("cp38", "abi3", "win_amd64"),
            ("cp39", "abi3", "win32"),
            ("cp39", "abi3", "win_amd64"),
        ]

    def test_value_semantics(self) -> None:
        one = WheelFilename.parse("foo-1.0-py3-none-any.whl")
        assert one == WheelFilename.parse("Foo-1.0-py3-none-any.whl")
        assert hash(one) == hash(WheelFilename.parse("foo-1.0-py3-none-any.whl"))
        assert one != WheelFilename.parse("foo-1.0-py2-none-any.whl")
        with pytest.raises(AttributeError):
            one.version = Version.parse("2")  # type: ignore[misc]
        assert repr(one) == "<WheelFilename('foo-1.0-py3-none-any.whl')>"


class TestErrors:
    @pytest.mark.parametrize(
        ("filename", "reason"),
        [
            ("foo-1.0-py3-none-any.zip", "the extension must be '.whl'"),
            ("foo-1.0-py3-none-any.WHL", "the extension must be '.whl'"),
            ("foo-1.0-py3-none-any", "the extension must be '.whl'"),
            ("foo-1.0-py3-none.whl", "expected 5 or 6 dash-separated parts (name-version"),
            ("foo-1.0-1-2-py3-none-any.whl", "found 7"),
            (".whl", "found 1"),
            ("foo-1.0-abc-py3-none-any.whl", "the build tag 'abc' must start with a digit"),
            ("foo-1.0--py3-none-any.whl", "the build tag '' must start with a digit"),
            ("foo-1.0-py3..py2-none-any.whl", "empty python tag in 'py3..py2'"),
            ("foo-1.0-py3-none-.whl", "empty platform tag in ''"),
            ("foo-1.0-py3-.none-any.whl", "empty abi tag in '.none'"),
            ("foo-1.0-3py-none-any.whl", "invalid python tag '3py'"),
            # Found by the property tests: int() raised a bare ValueError.
            ("foo-1.0-" + "1" * 5000 + "-py3-none-any.whl", "the build number has more than"),
        ],
    )
    def test_rejects(self, filename: str, reason: str) -> None:
        with pytest.raises(InvalidWheelFilename) as info:
            WheelFilename.parse(filename)
        error = info.value
        assert isinstance(error, FilenameError)
        assert isinstance(error, ValueError)
        assert error.filename == filename
        assert reason in error.reason
        assert str(error) == f"invalid wheel filename {filename!r}: {error.reason}"

    @pytest.mark.parametrize(
        ("filename", "name"),
        [
            ("-1.0-py3-none-any.whl", ""),
            ("foo!-1.0-py3-none-any.whl", "foo!"),
            ("_a-1-py3-none-any.whl", "_a"),
        ],
    )
    def test_invalid_name_is_the_cause(self, filename: str, name: str) -> None:
        with pytest.raises(InvalidWheelFilename) as info:
            WheelFilename.parse(filename)
        assert info.value.reason == f"invalid project name {name!r}"
        assert isinstance(info.value.__cause__, InvalidName)

    def test_invalid_version_is_the_cause(self) -> None:
        with pytest.raises(InvalidWheelFilename) as info:
            WheelFilename.parse("foo-one-py3-none-any.whl")
        assert info.value.reason.startswith("invalid version 'one': ")
        assert isinstance(info.value.__cause__, InvalidVersion)
        assert str(info.value).startswith(
            "invalid wheel filename 'foo-one-py3-none-any.whl': invalid version 'one'"
        )


_names = st.from_regex(r"\A[A-Za-z0-9]([A-Za-z0-9._]{0,12}[A-Za-z0-9])?\Z").filter(
    lambda name: "__" not in name  # packaging refuses these; puffin accepts them
)
_versions = st.sampled_from(["0", "1.0", "2!3.4.5rc1", "1.0.post2.dev3", "1.0+local.7", "24.1a1"])
_tags = st.lists(st.from_regex(r"\A[a-z][a-z0-9_]{0,10}\Z"), min_size=1, max_size=3)
_builds = st.one_of(st.none(), st.from_regex(r"\A[0-9]{1,4}[a-z_]{0,3}\Z"))


class TestProperties:
    @given(_names, _versions, _builds, _tags, _tags, _tags)
    def test_any_valid_filename_parses_and_round_trips(
        self,
        name: str,
        version: str,
        build: str | None,
        pythons: list[str],
        abis: list[str],
        platforms: list[str],
    ) -> None:
        build_part = "" if build is None else f"-{build}"
        filename = (
            f"{name}-{version}{build_part}-{'.'.join(pythons)}-{'.'.join(abis)}-"
            f"{'.'.join(platforms)}.whl"
        )
        wheel = WheelFilename.parse(filename)
        assert wheel.python_tags == tuple(pythons)
        assert WheelFilename.parse(str(wheel)) == wheel
        expected_name, _, expected_build, _ = parse_wheel_filename(filename)
        assert str(wheel.name) == expected_name
        assert (wheel.build_tag or ()) == expected_build

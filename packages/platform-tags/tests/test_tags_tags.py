"""Tests of `Tags`: order (packaging as the oracle), priorities and compatibility."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from packaging import tags as oracle

import platform_tags
from platform_host import Arch, Linux, Macos, Manylinux, Musllinux, Platform, Windows
from platform_tags import InvalidInterpreter, Tags, TagsError, UnsupportedTagPlatform

MANYLINUX = Platform(Manylinux(2, 31), Arch.X86_64)
PLATFORMS = [
    MANYLINUX,
    Platform(Musllinux(1, 2), Arch.AARCH64),
    Platform(Macos(14, 2), Arch.AARCH64),
    Platform(Macos(10, 15), Arch.X86_64),
    Platform(Windows(), Arch.X86_64),
    Platform(Linux(), Arch.ARMV6L),
]


def triples(tags: object) -> list[tuple[str, str, str]]:
    return [(tag.interpreter, tag.abi, tag.platform) for tag in tags]  # type: ignore[attr-defined]


def cpython_oracle(
    version: tuple[int, int], abis: list[str], platforms: list[str]
) -> list[tuple[str, str, str]]:
    interpreter = f"cp{version[0]}{version[1]}"
    return triples(
        [
            *oracle.cpython_tags(version, abis, platforms),
            *oracle.compatible_tags(version, interpreter, platforms),
        ]
    )


class TestFromEnvCPython:
    @pytest.mark.parametrize("platform", PLATFORMS, ids=str)
    @pytest.mark.parametrize("minor", [7, 8, 9, 10, 11, 12, 13, 14])
    def test_order_equals_packaging(self, platform: Platform, minor: int) -> None:
        abis = ["cp37m"] if minor == 7 else [f"cp3{minor}"]
        tags = Tags.from_env(platform, (3, minor), "cpython", (3, minor))
        platforms = platform_tags.platform_tags(platform, linux_last=minor < 9)
        expected = cpython_oracle((3, minor), abis, platforms)
        assert list(tags) == expected

    @pytest.mark.parametrize(
        ("minor", "gil_disabled", "debug", "abis"),
        [
            (13, True, False, ["cp313t"]),
            (14, True, True, ["cp314td", "cp314t"]),
            (12, False, True, ["cp312d", "cp312"]),
            (7, False, True, ["cp37dm"]),
            # The free-threaded flag means nothing before 3.13.
            (12, True, False, ["cp312"]),
        ],
    )
    def test_build_flags(
        self, minor: int, gil_disabled: bool, debug: bool, abis: list[str]
    ) -> None:
        tags = Tags.from_env(
            MANYLINUX, (3, minor), "cpython", (3, minor), gil_disabled=gil_disabled, debug=debug
        )
        platforms = platform_tags.platform_tags(MANYLINUX, linux_last=minor < 9)
        expected = cpython_oracle((3, minor), abis, platforms)
        assert list(tags) == expected

    def test_free_threaded_uses_abi3t(self) -> None:
        tags = Tags.from_env(MANYLINUX, (3, 13), "cpython", (3, 13), gil_disabled=True)
        assert tags.is_compatible(["cp313"], ["abi3t"], ["linux_x86_64"])
        assert not tags.is_compatible(["cp313"], ["abi3"], ["linux_x86_64"])
        assert not tags.is_compatible(["cp313"], ["cp313"], ["linux_x86_64"])

    def test_shape_by_hand(self) -> None:
        tags = list(Tags.from_env(Platform(Windows(), Arch.X86_64), (3, 3), "cpython", (3, 3)))
        assert tags == [
            ("cp33", "cp33m", "win_amd64"),
            ("cp33", "abi3", "win_amd64"),
            ("cp33", "none", "win_amd64"),
            ("cp32", "abi3", "win_amd64"),
            ("py33", "none", "win_amd64"),
            ("py3", "none", "win_amd64"),
            ("py32", "none", "win_amd64"),
            ("py31", "none", "win_amd64"),
            ("py30", "none", "win_amd64"),
            ("cp33", "none", "any"),
            ("py33", "none", "any"),
            ("py3", "none", "any"),
            ("py32", "none", "any"),
            ("py31", "none", "any"),
            ("py30", "none", "any"),
        ]


class TestFromEnvOthers:
    @pytest.mark.parametrize("platform", PLATFORMS, ids=str)
    def test_pypy(self, platform: Platform) -> None:
        tags = Tags.from_env(platform, (3, 10), "pypy", (7, 3))
        plats = platform_tags.platform_tags(platform)
        expected = triples(
            [
                *oracle.generic_tags("pp310", ["pypy310_pp73"], plats),
                *oracle.compatible_tags((3, 10), "pp3", plats),
            ]
        )
        assert list(tags) == expected
        assert tags[0] == ("pp310", "pypy310_pp73", plats[0])

    def test_graalpy(self) -> None:
        tags = Tags.from_env(MANYLINUX, (3, 11), "GraalPy", (24, 1))
        plats = platform_tags.platform_tags(MANYLINUX)
        expected = triples(
            [
                *oracle.generic_tags("graalpy311", ["graalpy241_311_native"], plats),
                *oracle.compatible_tags((3, 11), None, plats),
            ]
        )
        assert list(tags) == expected

    @pytest.mark.parametrize(
        ("version", "name", "message"),
        [
            ((2, 7), "cpython", r"invalid Python version \(2, 7\): only 3.x"),
            ((3, -1), "cpython", r"invalid Python version \(3, -1\)"),
            ((3, 12), "jython", "invalid implementation 'jython': expected cpython, pypy"),
        ],
    )
    def test_rejects(self, version: tuple[int, int], name: str, message: str) -> None:
        with pytest.raises(InvalidInterpreter, match=message) as info:
            Tags.from_env(MANYLINUX, version, name, version)
        assert isinstance(info.value, TagsError)
        assert isinstance(info.value, ValueError)

    def test_unsupported_platform(self) -> None:
        with pytest.raises(UnsupportedTagPlatform):
            Tags.from_env(Platform(Windows(), Arch.S390X), (3, 12), "cpython", (3, 12))


@dataclass(frozen=True)
class FakeWheel:
    python_tags: tuple[str, ...]
    abi_tags: tuple[str, ...]
    platform_tags: tuple[str, ...]


class TestCompatibility:
    tags = Tags.from_env(MANYLINUX, (3, 12), "cpython", (3, 12))

    def test_priority_is_the_index(self) -> None:
        for index, tag in enumerate(self.tags):
            assert self.tags.priority(*tag) == index
            assert self.tags[index] == tag

    def test_best_of_the_cross_product(self) -> None:
        wheel = (["cp312"], ["cp312"], ["manylinux_2_17_x86_64", "manylinux2014_x86_64"])
        priority = self.tags.compatibility(*wheel)
        assert priority == self.tags.priority("cp312", "cp312", "manylinux_2_17_x86_64")
        assert self.tags.is_compatible(*wheel)

    def test_lower_is_better(self) -> None:
        specific = self.tags.compatibility(["cp312"], ["cp312"], ["manylinux_2_28_x86_64"])
        stable = self.tags.compatibility(["cp39"], ["abi3"], ["manylinux_2_28_x86_64"])
        pure = self.tags.compatibility(["py2", "py3"], ["none"], ["any"])
        assert specific is not None and stable is not None and pure is not None
        assert specific < stable < pure

    @pytest.mark.parametrize(
        "wheel",
        [
            (["cp311"], ["cp311"], ["manylinux_2_17_x86_64"]),
            (["cp312"], ["cp312"], ["manylinux_2_32_x86_64"]),
            (["cp312"], ["cp312"], ["musllinux_1_1_x86_64"]),
            (["cp312"], ["cp312"], ["win_amd64", "macosx_11_0_arm64"]),
            (["py2"], ["none"], ["any"]),
            (["cp313"], ["abi3"], ["linux_x86_64"]),
            ([], ["none"], ["any"]),
        ],
    )
    def test_incompatible(self, wheel: tuple[list[str], list[str], list[str]]) -> None:
        assert self.tags.compatibility(*wheel) is None
        assert not self.tags.is_compatible(*wheel)

    def test_wheel_object(self) -> None:
        wheel = FakeWheel(("py3",), ("none",), ("any",))
        assert self.tags.compatibility(wheel) == self.tags.priority("py3", "none", "any")
        assert self.tags.is_compatible(wheel)
        assert not self.tags.is_compatible(FakeWheel(("cp27",), ("cp27mu",), ("any",)))

    def test_a_string_is_one_tag(self) -> None:
        assert self.tags.compatibility("py3", "none", "any") == self.tags.priority(
            "py3", "none", "any"
        )

    def test_case_insensitive(self) -> None:
        assert self.tags.compatibility(["PY3"], ["None"], ["ANY"]) == self.tags.priority(
            "py3", "none", "any"
        )


class TestContainer:
    def test_explicit_triples_keep_first_priority(self) -> None:
        tags = Tags([("py3", "none", "any"), ("cp312", "cp312", "any"), ("py3", "none", "any")])
        assert len(tags) == 2
        assert list(tags) == [("py3", "none", "any"), ("cp312", "cp312", "any")]
        assert tags.priority("py3", "none", "any") == 0

    def test_contains(self) -> None:
        tags = Tags([("py3", "none", "any")])
        assert ("py3", "none", "any") in tags
        assert ("py2", "none", "any") not in tags
        assert "py3-none-any" not in tags

    def test_equality_and_hash(self) -> None:
        one = Tags.from_env(MANYLINUX, (3, 12), "cpython", (3, 12))
        two = Tags.from_env(MANYLINUX, (3, 12), "cpython", (3, 12))
        other = Tags.from_env(MANYLINUX, (3, 11), "cpython", (3, 11))
        assert one == two and hash(one) == hash(two)
        assert one != other
        assert one != list(one)

    def test_repr(self) -> None:
        assert repr(Tags([("py3", "none", "any")])) == "<Tags(1 tags, best 'py3-none-any')>"
        assert repr(Tags([])) == "<Tags(0 tags, best None)>"


def test_all_is_sorted_and_complete() -> None:
    assert platform_tags.__all__ == sorted(platform_tags.__all__)
    public = {name for name in vars(platform_tags) if not name.startswith("_")}
    public -= {"errors"}
    assert set(platform_tags.__all__) == public

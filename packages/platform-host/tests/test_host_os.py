"""Tests of the operating system variants, `Arch`, `Platform` and their JSON form."""

from __future__ import annotations

import json
from typing import Any

import pytest

import platform_host
from platform_host import (
    Android,
    Arch,
    Dragonfly,
    FreeBsd,
    Haiku,
    Illumos,
    InvalidPlatform,
    Linux,
    Macos,
    Manylinux,
    Musllinux,
    NetBsd,
    OpenBsd,
    Os,
    Platform,
    UnsupportedPlatform,
    Windows,
    os_from_dict,
)

ALL_OSES: list[Os] = [
    Manylinux(2, 36),
    Musllinux(1, 2),
    Linux(),
    Macos(14, 2),
    Windows(),
    FreeBsd("13.2-RELEASE"),
    NetBsd("9.3"),
    OpenBsd("7.4"),
    Dragonfly("6.4-RELEASE"),
    Illumos("5.11", "i86pc"),
    Haiku("1"),
    Android(24),
]


class TestArch:
    @pytest.mark.parametrize(
        ("machine", "expected"),
        [
            ("x86_64", Arch.X86_64),
            ("AMD64", Arch.X86_64),
            ("amd64", Arch.X86_64),
            ("arm64", Arch.AARCH64),
            ("aarch64", Arch.AARCH64),
            ("armv7l", Arch.ARMV7L),
            ("armv6l", Arch.ARMV6L),
            ("armv8l", Arch.ARMV8L),
            ("i386", Arch.I686),
            ("i686", Arch.I686),
            ("x86", Arch.I686),
            ("ppc64le", Arch.PPC64LE),
            ("powerpc64", Arch.PPC64),
            ("s390x", Arch.S390X),
            ("riscv64", Arch.RISCV64),
            ("loongarch64", Arch.LOONGARCH64),
        ],
    )
    def test_from_machine(self, machine: str, expected: Arch) -> None:
        assert Arch.from_machine(machine) is expected

    def test_unknown_machine(self) -> None:
        with pytest.raises(UnsupportedPlatform, match="unsupported architecture: 'pdp11'"):
            Arch.from_machine("pdp11")

    def test_bitness(self) -> None:
        assert Arch.I686.is_32bit and Arch.ARMV7L.is_32bit
        assert not Arch.X86_64.is_32bit and not Arch.AARCH64.is_32bit

    def test_str_is_tag_name(self) -> None:
        assert str(Arch.PPC64LE) == "ppc64le"
        assert f"linux_{Arch.X86_64}" == "linux_x86_64"


class TestOs:
    @pytest.mark.parametrize("os", ALL_OSES, ids=str)
    def test_dict_round_trip(self, os: Os) -> None:
        data = json.loads(json.dumps(os.to_dict()))
        assert os_from_dict(data) == os

    def test_values_are_frozen_and_hashable(self) -> None:
        os = Manylinux(2, 17)
        with pytest.raises(AttributeError):
            os.minor = 5  # type: ignore[misc]
        assert {Manylinux(2, 17), Manylinux(2, 17), Musllinux(2, 17)} == {os, Musllinux(2, 17)}
        assert Manylinux(2, 17) != Musllinux(2, 17)  # type: ignore[comparison-overlap]

    def test_str(self) -> None:
        assert [str(os) for os in ALL_OSES[:5]] == [
            "Linux (glibc 2.36)",
            "Linux (musl 1.2)",
            "Linux (unknown libc)",
            "macOS 14.2",
            "Windows",
        ]

    @pytest.mark.parametrize(
        ("build", "message"),
        [
            (lambda: Manylinux(-1, 0), "manylinux major must be an int >= 0"),
            (
                lambda: Macos(14, "2"),  # type: ignore[arg-type]
                "macos minor must be an int >= 0",
            ),
            (lambda: Manylinux(True, 2), "manylinux major must be an int >= 0"),
            (lambda: FreeBsd(""), "freebsd release must be a non-empty str"),
            (
                lambda: Illumos("5.11", 3),  # type: ignore[arg-type]
                "illumos arch must be a non-empty str",
            ),
        ],
    )
    def test_validates_fields(self, build: Any, message: str) -> None:
        with pytest.raises(InvalidPlatform, match=message):
            build()

    @pytest.mark.parametrize(
        ("data", "reason"),
        [
            ([], "must be a JSON object"),
            ({"name": "beos"}, "unknown operating system name 'beos'"),
            ({"major": 2, "minor": 3}, "unknown operating system name None"),
            ({"name": "manylinux", "major": 2}, r"manylinux takes the fields \['major', 'minor'\]"),
            ({"name": "windows", "release": "11"}, r"windows takes the fields \[\]"),
            ({"name": "macos", "major": "14", "minor": 0}, "macos major must be an int"),
        ],
    )
    def test_from_dict_rejects(self, data: Any, reason: str) -> None:
        with pytest.raises(InvalidPlatform, match=reason):
            os_from_dict(data)


class TestPlatformDict:
    @pytest.mark.parametrize("os", ALL_OSES, ids=str)
    def test_round_trip_through_json(self, os: Os) -> None:
        platform = Platform(os, Arch.AARCH64)
        assert Platform.from_dict(json.loads(json.dumps(platform.to_dict()))) == platform

    def test_to_dict_shape(self) -> None:
        assert Platform(Musllinux(1, 2), Arch.ARMV7L).to_dict() == {
            "os": {"name": "musllinux", "major": 1, "minor": 2},
            "arch": "armv7l",
        }

    @pytest.mark.parametrize(
        ("data", "reason"),
        [
            ("linux", "an object with 'os' and 'arch'"),
            ({"os": {"name": "windows"}}, "an object with 'os' and 'arch'"),
            ({"os": {"name": "windows"}, "arch": "pdp11"}, "unknown architecture 'pdp11'"),
            ({"os": {"name": "windows"}, "arch": "AMD64"}, "unknown architecture 'AMD64'"),
            ({"os": "windows", "arch": "x86_64"}, "must be a JSON object"),
        ],
    )
    def test_from_dict_rejects(self, data: Any, reason: str) -> None:
        with pytest.raises(InvalidPlatform, match=reason):
            Platform.from_dict(data)

    def test_str(self) -> None:
        assert str(Platform(Macos(14, 0), Arch.AARCH64)) == "macOS 14.0 on aarch64"


def test_all_is_sorted_and_complete() -> None:
    assert platform_host.__all__ == sorted(platform_host.__all__)
    # dir(), not vars(): most names load on first use (PEP 562).
    public = {name for name in dir(platform_host) if not name.startswith("_")}
    public -= {"errors"}
    assert set(platform_host.__all__) == public

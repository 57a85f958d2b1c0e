"""Tests of `platform_tags`: hand-checked small cases, then packaging as the oracle."""

from __future__ import annotations

import sysconfig

import pytest
from packaging import _manylinux, _musllinux
from packaging import tags as oracle

from platform_host import (
    Android,
    Arch,
    Dragonfly,
    FreeBsd,
    Haiku,
    Illumos,
    Linux,
    Macos,
    Manylinux,
    Musllinux,
    NetBsd,
    OpenBsd,
    Os,
    Platform,
    Windows,
)
from platform_tags import UnsupportedTagPlatform, platform_tags


class TestPlatformTagsByHand:
    def test_manylinux_aarch64_stops_at_2_17(self) -> None:
        assert platform_tags(Platform(Manylinux(2, 19), Arch.AARCH64)) == [
            "linux_aarch64",
            "manylinux_2_19_aarch64",
            "manylinux_2_18_aarch64",
            "manylinux_2_17_aarch64",
            "manylinux2014_aarch64",
        ]

    def test_manylinux_x86_64_goes_down_to_manylinux1(self) -> None:
        tags = platform_tags(Platform(Manylinux(2, 17), Arch.X86_64))
        assert tags[:3] == ["linux_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"]
        assert tags.index("manylinux2010_x86_64") == tags.index("manylinux_2_12_x86_64") + 1
        assert tags[-2:] == ["manylinux_2_5_x86_64", "manylinux1_x86_64"]
        assert len(tags) == 1 + 13 + 3

    def test_glibc_older_than_manylinux(self) -> None:
        assert platform_tags(Platform(Manylinux(2, 16), Arch.AARCH64)) == ["linux_aarch64"]

    def test_no_manylinux_for_armv6l(self) -> None:
        assert platform_tags(Platform(Manylinux(2, 36), Arch.ARMV6L)) == ["linux_armv6l"]

    def test_armv8l_also_runs_armv7l(self) -> None:
        tags = platform_tags(Platform(Musllinux(1, 1), Arch.ARMV8L))
        assert tags == [
            "linux_armv8l",
            "linux_armv7l",
            "musllinux_1_1_armv8l",
            "musllinux_1_0_armv8l",
            "musllinux_1_1_armv7l",
            "musllinux_1_0_armv7l",
        ]

    def test_unknown_libc(self) -> None:
        assert platform_tags(Platform(Linux(), Arch.RISCV64)) == ["linux_riscv64"]

    def test_future_glibc_major_covers_all_of_glibc_2(self) -> None:
        tags = platform_tags(Platform(Manylinux(3, 1), Arch.S390X))
        assert tags[:4] == [
            "linux_s390x",
            "manylinux_3_1_s390x",
            "manylinux_3_0_s390x",
            "manylinux_2_50_s390x",
        ]
        assert tags[-1] == "manylinux2014_s390x"

    def test_macos_arm64(self) -> None:
        tags = platform_tags(Platform(Macos(13, 4), Arch.AARCH64))
        assert tags[:6] == [
            "macosx_13_0_arm64",
            "macosx_13_0_universal2",
            "macosx_12_0_arm64",
            "macosx_12_0_universal2",
            "macosx_11_0_arm64",
            "macosx_11_0_universal2",
        ]
        assert tags[6:] == [f"macosx_10_{minor}_universal2" for minor in range(16, 3, -1)]

    def test_macos_x86_64_formats(self) -> None:
        tags = platform_tags(Platform(Macos(10, 15), Arch.X86_64))
        assert tags[:6] == [
            "macosx_10_15_x86_64",
            "macosx_10_15_intel",
            "macosx_10_15_fat64",
            "macosx_10_15_fat3",
            "macosx_10_15_universal2",
            "macosx_10_15_universal",
        ]
        assert tags[-1] == "macosx_10_4_universal"

    @pytest.mark.parametrize(
        ("arch", "tag"),
        [
            (Arch.X86_64, "win_amd64"),
            (Arch.I686, "win32"),
            (Arch.AARCH64, "win_arm64"),
            (Arch.ARMV7L, "win_arm32"),
        ],
    )
    def test_windows(self, arch: Arch, tag: str) -> None:
        assert platform_tags(Platform(Windows(), arch)) == [tag]

    @pytest.mark.parametrize(
        ("platform", "tag"),
        [
            (Platform(FreeBsd("13.2-RELEASE"), Arch.X86_64), "freebsd_13_2_release_amd64"),
            (Platform(FreeBsd("14.0-RELEASE-p3"), Arch.AARCH64), "freebsd_14_0_release_p3_arm64"),
            (Platform(NetBsd("9.3"), Arch.X86_64), "netbsd_9_3_amd64"),
            (Platform(OpenBsd("7.4"), Arch.I686), "openbsd_7_4_i386"),
            (Platform(Dragonfly("6.4-RELEASE"), Arch.X86_64), "dragonfly_6_4_release_x86_64"),
            (Platform(Haiku("1"), Arch.X86_64), "haiku_1_x86_64"),
            (Platform(Illumos("5.11", "i86pc"), Arch.X86_64), "solaris_2_11_i86pc_64bit"),
            (Platform(Illumos("5.11", "i86pc"), Arch.I686), "solaris_2_11_i86pc_32bit"),
            (Platform(Illumos("4.1", "sun4"), Arch.PPC), "sunos_4_1_sun4"),
        ],
    )
    def test_generic_oses_follow_sysconfig(self, platform: Platform, tag: str) -> None:
        assert platform_tags(platform) == [tag]

    def test_android(self) -> None:
        tags = platform_tags(Platform(Android(21), Arch.AARCH64))
        assert tags == [f"android_{level}_arm64_v8a" for level in range(21, 15, -1)]

    @pytest.mark.parametrize(
        ("os", "arch"),
        [(Macos(14, 0), Arch.S390X), (Windows(), Arch.PPC64LE), (Android(30), Arch.RISCV64)],
    )
    def test_unsupported(self, os: Os, arch: Arch) -> None:
        with pytest.raises(UnsupportedTagPlatform, match=f"no wheel platform tags .* on {arch}"):
            platform_tags(Platform(os, arch))


def _linux_oracle(
    monkeypatch: pytest.MonkeyPatch,
    machine: str,
    glibc: tuple[int, int] | None,
    musl: tuple[int, int] | None,
) -> list[str]:
    """packaging's Linux platform tags, with the host's libc faked."""
    monkeypatch.setattr(sysconfig, "get_platform", lambda: f"linux-{machine}")
    monkeypatch.setattr(
        _manylinux, "_get_glibc_version", lambda: _manylinux._GLibCVersion(*(glibc or (-1, -1)))
    )
    # platform-host has checked the interpreter's ELF ABI before choosing Manylinux.
    monkeypatch.setattr(_manylinux, "_is_linux_armhf", lambda executable: True)
    monkeypatch.setattr(_manylinux, "_is_linux_i686", lambda executable: True)
    monkeypatch.setattr(_manylinux, "_get_manylinux_module", lambda: None)
    monkeypatch.setattr(
        _musllinux,
        "_get_musl_version",
        lambda executable: _musllinux._MuslVersion(*musl) if musl else None,
    )
    return list(oracle._linux_platforms(is_32bit=False))


LINUX_ARCHS = [
    Arch.X86_64,
    Arch.I686,
    Arch.AARCH64,
    Arch.ARMV7L,
    Arch.ARMV8L,
    Arch.ARMV6L,
    Arch.PPC64LE,
    Arch.PPC64,
    Arch.S390X,
    Arch.RISCV64,
    Arch.LOONGARCH64,
]


class TestPlatformTagsOracle:
    @pytest.mark.parametrize("arch", LINUX_ARCHS, ids=str)
    @pytest.mark.parametrize("glibc", [(2, 4), (2, 5), (2, 12), (2, 17), (2, 28), (2, 39)])
    def test_manylinux(
        self, monkeypatch: pytest.MonkeyPatch, arch: Arch, glibc: tuple[int, int]
    ) -> None:
        expected = _linux_oracle(monkeypatch, arch.value, glibc, None)
        assert platform_tags(Platform(Manylinux(*glibc), arch)) == expected

    @pytest.mark.parametrize("arch", LINUX_ARCHS, ids=str)
    @pytest.mark.parametrize("musl", [(1, 0), (1, 2), (2, 1)])
    def test_musllinux(
        self, monkeypatch: pytest.MonkeyPatch, arch: Arch, musl: tuple[int, int]
    ) -> None:
        expected = _linux_oracle(monkeypatch, arch.value, None, musl)
        assert platform_tags(Platform(Musllinux(*musl), arch)) == expected

    @pytest.mark.parametrize("arch", LINUX_ARCHS, ids=str)
    def test_unknown_libc(self, monkeypatch: pytest.MonkeyPatch, arch: Arch) -> None:
        expected = _linux_oracle(monkeypatch, arch.value, None, None)
        assert platform_tags(Platform(Linux(), arch)) == expected

    @pytest.mark.parametrize(
        ("arch", "mac_arch"),
        [
            (Arch.X86_64, "x86_64"),
            (Arch.AARCH64, "arm64"),
            (Arch.I686, "i386"),
            (Arch.PPC, "ppc"),
            (Arch.PPC64, "ppc64"),
        ],
    )
    @pytest.mark.parametrize(
        "version",
        [(10, 0), (10, 3), (10, 4), (10, 5), (10, 6), (10, 9), (10, 15), (10, 16), (11, 0),
         (11, 7), (12, 6), (14, 2), (15, 0), (26, 0)],
    )  # fmt: skip
    def test_macos(self, arch: Arch, mac_arch: str, version: tuple[int, int]) -> None:
        expected = list(oracle.mac_platforms(version, mac_arch))
        assert platform_tags(Platform(Macos(*version), arch)) == expected

    @pytest.mark.parametrize(
        ("arch", "abi"),
        [
            (Arch.AARCH64, "arm64_v8a"),
            (Arch.ARMV7L, "armeabi_v7a"),
            (Arch.X86_64, "x86_64"),
            (Arch.I686, "x86"),
        ],
    )
    @pytest.mark.parametrize("api_level", [15, 16, 24, 35])
    def test_android(self, arch: Arch, abi: str, api_level: int) -> None:
        expected = list(oracle.android_platforms(api_level, abi))
        assert platform_tags(Platform(Android(api_level), arch)) == expected

"""The platform part of wheel tags for a `Platform`, most specific first."""

from __future__ import annotations

import re
from collections.abc import Iterator

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
    Platform,
    Windows,
)
from platform_tags.errors import UnsupportedTagPlatform

__all__ = ["platform_tags"]

# Architectures that have manylinux wheels (PEP 599, PEP 600). 32-bit ARM and
# x86 qualify only with a hard-float / i386 interpreter, which platform-host
# checks when it detects the host.
_MANYLINUX_ARCHS = frozenset(
    {
        Arch.X86_64,
        Arch.AARCH64,
        Arch.PPC64,
        Arch.PPC64LE,
        Arch.S390X,
        Arch.LOONGARCH64,
        Arch.RISCV64,
        Arch.ARMV7L,
        Arch.ARMV8L,
        Arch.I686,
    }
)
# Aliases that PEP 513, 571 and 599 gave to glibc 2.5, 2.12 and 2.17.
_LEGACY_MANYLINUX = {(2, 17): "manylinux2014", (2, 12): "manylinux2010", (2, 5): "manylinux1"}
# glibc has never had a major release past 2; should 3 come, assume 2.x ended at 2.50.
_LAST_GLIBC_MINOR = 50
_MAC_ARCH = {
    Arch.X86_64: "x86_64",
    Arch.AARCH64: "arm64",
    Arch.I686: "i386",
    Arch.PPC: "ppc",
    Arch.PPC64: "ppc64",
}
_WINDOWS = {
    Arch.X86_64: "win_amd64",
    Arch.I686: "win32",
    Arch.AARCH64: "win_arm64",
    Arch.ARMV7L: "win_arm32",
}
_ANDROID_ABI = {
    Arch.AARCH64: "arm64_v8a",
    Arch.ARMV7L: "armeabi_v7a",
    Arch.X86_64: "x86_64",
    Arch.I686: "x86",
}
# What `uname -m` says on the BSDs where it differs from the Linux name.
_BSD_MACHINE = {Arch.X86_64: "amd64", Arch.AARCH64: "arm64", Arch.I686: "i386"}
_ANDROID_MIN_API_LEVEL = 16
_SEPARATORS = re.compile(r"[-. ]")


def platform_tags(platform: Platform, *, linux_last: bool = False) -> list[str]:
    """The wheel platform tags that run on *platform*, best first.

    A plain ``linux_<arch>`` wheel (built on this very kind of system) comes first on
    Linux, as `packaging` 26 orders them; with *linux_last* it comes after the
    manylinux/musllinux tags, as every earlier `packaging` (the newest that runs on
    Python 3.8) orders them.

    Raise `UnsupportedTagPlatform` for an OS and CPU pair no wheel can target.

    >>> from platform_host import Arch, Manylinux, Platform
    >>> platform_tags(Platform(Manylinux(2, 18), Arch.AARCH64))
    ['linux_aarch64', 'manylinux_2_18_aarch64', 'manylinux_2_17_aarch64', 'manylinux2014_aarch64']
    >>> platform_tags(Platform(Manylinux(2, 17), Arch.AARCH64), linux_last=True)
    ['manylinux_2_17_aarch64', 'manylinux2014_aarch64', 'linux_aarch64']
    """
    os, arch = platform.os, platform.arch
    match os:
        case Manylinux(major=major, minor=minor):
            if linux_last:
                return [*_manylinux(major, minor, arch), *_linux(arch)]
            return [*_linux(arch), *_manylinux(major, minor, arch)]
        case Musllinux(major=major, minor=minor):
            if linux_last:
                return [*_musllinux(major, minor, arch), *_linux(arch)]
            return [*_linux(arch), *_musllinux(major, minor, arch)]
        case Linux():
            return list(_linux(arch))
        case Macos(major=major, minor=minor):
            mac_arch = _MAC_ARCH.get(arch)
            if mac_arch is None:
                raise UnsupportedTagPlatform(str(os), arch)
            return list(_macos(major, minor, mac_arch))
        case Windows():
            if arch not in _WINDOWS:
                raise UnsupportedTagPlatform(str(os), arch)
            return [_WINDOWS[arch]]
        case FreeBsd(release=release) | NetBsd(release=release) | OpenBsd(release=release):
            return [_generic(os.kind, release, _BSD_MACHINE.get(arch, arch.value))]
        case Dragonfly(release=release) | Haiku(release=release):
            return [_generic(os.kind, release, arch.value)]
        case Illumos(release=release, arch=machine):
            return [_illumos(release, machine, arch)]
        case Android(api_level=api_level):
            abi = _ANDROID_ABI.get(arch)
            if abi is None:
                raise UnsupportedTagPlatform(str(os), arch)
            return [f"android_{level}_{abi}" for level in range(api_level, 15, -1)]


def _linux_archs(arch: Arch) -> list[Arch]:
    # A 32-bit ARM userland on a 64-bit kernel also runs armv7l code.
    return [Arch.ARMV8L, Arch.ARMV7L] if arch is Arch.ARMV8L else [arch]


def _linux(arch: Arch) -> Iterator[str]:
    for each in _linux_archs(arch):
        yield f"linux_{each}"


def _manylinux(major: int, minor: int, arch: Arch) -> Iterator[str]:
    if arch not in _MANYLINUX_ARCHS:
        return
    archs = _linux_archs(arch)
    # manylinux starts at glibc 2.17 (manylinux2014), or 2.5 (manylinux1) on x86.
    oldest_minor = 5 if {Arch.X86_64, Arch.I686} & set(archs) else 17
    # Every glibc from the host's down to the oldest: (major, highest minor) ranges.
    ranges = [(major, minor)] + [(older, _LAST_GLIBC_MINOR) for older in range(major - 1, 1, -1)]
    for each in archs:
        for glibc_major, top in ranges:
            bottom = oldest_minor if glibc_major == 2 else 0
            for glibc_minor in range(top, bottom - 1, -1):
                yield f"manylinux_{glibc_major}_{glibc_minor}_{each}"
                legacy = _LEGACY_MANYLINUX.get((glibc_major, glibc_minor))
                if legacy is not None:
                    yield f"{legacy}_{each}"


def _musllinux(major: int, minor: int, arch: Arch) -> Iterator[str]:
    for each in _linux_archs(arch):
        for musl_minor in range(minor, -1, -1):
            yield f"musllinux_{major}_{musl_minor}_{each}"


def _mac_formats(version: tuple[int, int], arch: str) -> list[str]:
    """The binary formats (fat binaries included) macOS *version* runs for *arch*."""
    formats = [arch]
    if arch == "x86_64":
        if version < (10, 4):
            return []
        formats += ["intel", "fat64", "fat3"]
    elif arch == "i386":
        if version < (10, 4):
            return []
        formats += ["intel", "fat3", "fat"]
    elif arch == "ppc64":
        if not (10, 4) <= version <= (10, 5):
            return []
        formats.append("fat64")
    elif arch == "ppc":
        if version > (10, 6):
            return []
        formats += ["fat3", "fat"]
    if arch in ("arm64", "x86_64"):
        formats.append("universal2")
    if arch in ("x86_64", "i386", "ppc64", "ppc"):
        formats.append("universal")
    return formats


def _macos(major: int, minor: int, arch: str) -> Iterator[str]:
    # Before macOS 11 each yearly release bumped the minor version (10.x); from 11 on
    # it bumps the major, and x.0 is the version wheels are tagged with.
    if major == 10:
        versions = [(10, each) for each in range(minor, -1, -1)]
    elif major > 10:
        versions = [(each, 0) for each in range(major, 10, -1)]
        # macOS 11+ runs binaries built for 10.x, back to 10.4.
        versions += [(10, each) for each in range(16, 3, -1)]
    else:
        versions = []
    for version in versions:
        if arch != "x86_64" and major > 10 and version[0] == 10:
            # No other CPU ran 10.x binaries that still run on 11+; only
            # universal2 binaries can carry an arm64 part with a 10.x tag.
            formats = ["universal2"]
        else:
            formats = _mac_formats(version, arch)
        for binary_format in formats:
            yield f"macosx_{version[0]}_{version[1]}_{binary_format}"


def _generic(kind: str, release: str, machine: str) -> str:
    # sysconfig's "<os>-<release>-<machine>" with separators made into underscores.
    return _SEPARATORS.sub("_", f"{kind}_{release}_{machine}").lower()


def _illumos(release: str, machine: str, arch: Arch) -> str:
    major, _, rest = release.partition(".")
    if major.isdigit() and int(major) >= 5:
        # SunOS 5 is Solaris 2: sysconfig renames it and appends the pointer width.
        bits = "32bit" if arch.is_32bit else "64bit"
        return _generic("solaris", f"{int(major) - 3}.{rest}", f"{machine}_{bits}")
    return _generic("sunos", release, machine)

"""`Platform`: an operating system and an architecture, detected or rebuilt from JSON."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from platform_host import _probe
from platform_host._arch import Arch
from platform_host._frozen import Frozen, set_field
from platform_host._libc import parse_glibc_version, parse_musl_version
from platform_host._os import (
    Android,
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
    Windows,
    os_from_dict,
)
from platform_host.errors import InvalidPlatform, UnsupportedPlatform

__all__ = ["Platform"]

_ELF_I386 = 3
_ELF_ARM = 40
_EF_ARM_ABIMASK = 0xFF000000
_EF_ARM_ABI_VER5 = 0x05000000
_EF_ARM_ABI_FLOAT_HARD = 0x00000400

_BSDS: dict[str, type[FreeBsd | NetBsd | OpenBsd | Dragonfly | Haiku]] = {
    "FreeBSD": FreeBsd,
    "NetBSD": NetBsd,
    "OpenBSD": OpenBsd,
    "DragonFly": Dragonfly,
    "Haiku": Haiku,
}
_WINDOWS_ARCH = {
    "win32": Arch.I686,
    "win-amd64": Arch.X86_64,
    "win-arm64": Arch.AARCH64,
    "win-arm32": Arch.ARMV7L,
}
_ANDROID_ARCH = {
    "arm64_v8a": Arch.AARCH64,
    "armeabi_v7a": Arch.ARMV7L,
    "x86_64": Arch.X86_64,
    "x86": Arch.I686,
}


class Platform(Frozen):
    """An operating system (`Os`) on a CPU architecture (`Arch`).

    >>> from platform_host import Manylinux
    >>> platform = Platform(Manylinux(2, 17), Arch.X86_64)
    >>> platform.to_dict()
    {'os': {'name': 'manylinux', 'major': 2, 'minor': 17}, 'arch': 'x86_64'}
    >>> Platform.from_dict(platform.to_dict()) == platform
    True
    """

    __match_args__ = ("os", "arch")
    __slots__ = __match_args__

    os: Os
    arch: Arch

    def __init__(self, os: Os, arch: Arch) -> None:
        set_field(self, "os", os)
        set_field(self, "arch", arch)

    @classmethod
    def current(cls) -> Self:
        """Detect the platform of the running interpreter.

        Raise `UnsupportedPlatform` on an operating system or CPU puffin does not model.
        """
        return cls.from_facts(_probe.probe_facts())

    @classmethod
    def from_facts(cls, facts: Mapping[str, Any]) -> Self:
        """Interpret the raw facts that `probe_facts` (or `probe_source` run elsewhere) reports.

        >>> facts = {"sys_platform": "linux", "system": "Linux", "machine": "x86_64",
        ...          "sysconfig_platform": "linux-x86_64", "pointer_bits": 64,
        ...          "gnu_libc_version": "glibc 2.31", "musl_loader_output": None}
        >>> str(Platform.from_facts(facts))
        'Linux (glibc 2.31) on x86_64'
        """
        system = _text(facts, "system")
        sys_platform = _text(facts, "sys_platform")
        sysconfig_platform = _text(facts, "sysconfig_platform")
        bits = facts.get("pointer_bits", 64)
        if facts.get("android_api_level") is not None:
            api_level = facts["android_api_level"]
            abi = sysconfig_platform.rsplit("-", 1)[-1]
            arch = _ANDROID_ARCH.get(abi) or Arch.from_machine(_text(facts, "machine"))
            return cls(Android(api_level), arch)
        if system == "Linux" or sys_platform.startswith("linux"):
            machine = sysconfig_platform.split("-", 1)[1] if "-" in sysconfig_platform else ""
            arch = Arch.from_machine(machine or _text(facts, "machine"))
            if bits == 32:
                # A 32-bit interpreter on a 64-bit kernel runs the 32-bit ABI.
                arch = {Arch.X86_64: Arch.I686, Arch.AARCH64: Arch.ARMV8L}.get(arch, arch)
            return cls(_linux_os(facts, arch), arch)
        if system == "Darwin":
            arch = Arch.from_machine(_text(facts, "machine"))
            if bits == 32:
                arch = Arch.PPC if arch in (Arch.PPC, Arch.PPC64) else Arch.I686
            return cls(_macos(_text(facts, "mac_version")), arch)
        if system == "Windows" or sys_platform == "win32":
            arch_or_none = _WINDOWS_ARCH.get(sysconfig_platform)
            if arch_or_none is None:
                arch_or_none = Arch.from_machine(_text(facts, "machine"))
            return cls(Windows(), arch_or_none)
        if system in _BSDS:
            # sysconfig spells these "<os>-<release>-<machine>", the release may hold dashes.
            parts = sysconfig_platform.split("-")
            if len(parts) >= 3:
                release, machine = "-".join(parts[1:-1]), parts[-1]
            else:
                release, machine = _text(facts, "release"), _text(facts, "machine")
            return cls(_BSDS[system](release), Arch.from_machine(machine))
        if system == "SunOS":
            machine = _text(facts, "machine")
            if machine == "i86pc":
                arch = Arch.I686 if bits == 32 else Arch.X86_64
            else:
                arch = Arch.from_machine(machine)
            return cls(Illumos(_text(facts, "release"), machine), arch)
        raise UnsupportedPlatform("operating system", system or sys_platform)

    @classmethod
    def from_dict(cls, data: object) -> Self:
        """Rebuild a platform from its `to_dict` form; raise `InvalidPlatform` if malformed."""
        if not isinstance(data, Mapping) or set(data) != {"os", "arch"}:
            raise InvalidPlatform(data, "a platform is an object with 'os' and 'arch'")
        try:
            arch = Arch(data["arch"])
        except ValueError:
            raise InvalidPlatform(data, f"unknown architecture {data['arch']!r}") from None
        return cls(os_from_dict(data["os"]), arch)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form: ``{"os": {...}, "arch": "x86_64"}``."""
        return {"os": self.os.to_dict(), "arch": self.arch.value}

    def __str__(self) -> str:
        return f"{self.os} on {self.arch}"


def _text(facts: Mapping[str, Any], key: str) -> str:
    value = facts.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidPlatform(dict(facts), f"{key!r} must be a string")
    return value


def _linux_os(facts: Mapping[str, Any], arch: Arch) -> Os:
    glibc = facts.get("gnu_libc_version")
    if isinstance(glibc, str):
        try:
            major, minor = parse_glibc_version(glibc)
        except InvalidPlatform:
            # A glibc that does not say its version promises nothing about manylinux.
            return Linux()
        if not _elf_matches_arch(facts.get("elf"), arch):
            return Linux()
        return Manylinux(major, minor)
    musl = facts.get("musl_loader_output")
    if isinstance(musl, str):
        version = parse_musl_version(musl)
        if version is not None:
            return Musllinux(*version)
    return Linux()


def _elf_matches_arch(elf: object, arch: Arch) -> bool:
    """Whether the interpreter binary runs the ABI that manylinux wheels for *arch* use.

    32-bit ARM manylinux wheels are hard-float (armhf); i686 ones are 32-bit x86.
    Other architectures have one ABI, so there is nothing to check.
    """
    if arch not in (Arch.ARMV7L, Arch.ARMV8L, Arch.I686):
        return True
    if not isinstance(elf, Mapping):
        return False
    if elf.get("bits") != 32 or elf.get("little_endian") is not True:
        return False
    if arch is Arch.I686:
        return bool(elf.get("machine") == _ELF_I386)
    flags = elf.get("flags")
    return (
        elf.get("machine") == _ELF_ARM
        and isinstance(flags, int)
        and flags & _EF_ARM_ABIMASK == _EF_ARM_ABI_VER5
        and flags & _EF_ARM_ABI_FLOAT_HARD == _EF_ARM_ABI_FLOAT_HARD
    )


def _macos(version: str) -> Macos:
    parts = version.split(".")
    try:
        major = int(parts[0])
        minor = int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        raise InvalidPlatform(version, "a macOS version looks like '14.2'") from None
    return Macos(major, minor)

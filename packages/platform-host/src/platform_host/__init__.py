"""The host platform: OS (libc flavour and version, macOS version…), CPU, detection."""

from platform_host._arch import Arch
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
from platform_host._platform import Platform
from platform_host._probe import ElfHeader, probe_facts, read_elf_header
from platform_host._source import probe_source
from platform_host.errors import InvalidPlatform, PlatformError, UnsupportedPlatform

__all__ = [
    "Android",
    "Arch",
    "Dragonfly",
    "ElfHeader",
    "FreeBsd",
    "Haiku",
    "Illumos",
    "InvalidPlatform",
    "Linux",
    "Macos",
    "Manylinux",
    "Musllinux",
    "NetBsd",
    "OpenBsd",
    "Os",
    "Platform",
    "PlatformError",
    "UnsupportedPlatform",
    "Windows",
    "os_from_dict",
    "parse_glibc_version",
    "parse_musl_version",
    "probe_facts",
    "probe_source",
    "read_elf_header",
]

"""The host platform: OS (libc flavour and version, macOS version…), CPU, detection."""

from platform_host.errors import InvalidPlatform, PlatformError, UnsupportedPlatform

# `typing.TYPE_CHECKING` without importing typing (see `_LAZY`); deleted below.
TYPE_CHECKING = False
if TYPE_CHECKING:
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

# Names whose modules are imported on first use (PEP 562): running the probe in another
# interpreter needs only `probe_source`, and reading cached facts never needs the
# probe's own imports.
_LAZY = {
    "Android": "_os",
    "Arch": "_arch",
    "Dragonfly": "_os",
    "ElfHeader": "_probe",
    "FreeBsd": "_os",
    "Haiku": "_os",
    "Illumos": "_os",
    "Linux": "_os",
    "Macos": "_os",
    "Manylinux": "_os",
    "Musllinux": "_os",
    "NetBsd": "_os",
    "OpenBsd": "_os",
    "Os": "_os",
    "Platform": "_platform",
    "Windows": "_os",
    "os_from_dict": "_os",
    "parse_glibc_version": "_libc",
    "parse_musl_version": "_libc",
    "probe_facts": "_probe",
    "probe_source": "_source",
    "read_elf_header": "_probe",
}

# Hidden from mypy, which would otherwise accept any attribute of the package.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


del TYPE_CHECKING

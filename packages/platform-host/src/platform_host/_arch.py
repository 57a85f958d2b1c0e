"""CPU architectures, named as in Linux platform tags."""

from __future__ import annotations

import enum

from platform_host.errors import UnsupportedPlatform

__all__ = ["Arch"]


class Arch(enum.StrEnum):
    """A CPU architecture; the value is its name in ``linux_<arch>`` wheel tags.

    Operating systems spell some of these differently (``amd64``, ``arm64``,
    ``i386``); `Arch.from_machine` accepts those spellings.

    >>> Arch.from_machine("AMD64")
    <Arch.X86_64: 'x86_64'>
    >>> str(Arch.AARCH64)
    'aarch64'
    """

    X86_64 = "x86_64"
    AARCH64 = "aarch64"
    ARMV6L = "armv6l"
    ARMV7L = "armv7l"
    #: A 32-bit ARM userland on a 64-bit ARM kernel.
    ARMV8L = "armv8l"
    PPC64LE = "ppc64le"
    PPC64 = "ppc64"
    PPC = "ppc"
    I686 = "i686"
    S390X = "s390x"
    RISCV64 = "riscv64"
    LOONGARCH64 = "loongarch64"

    @classmethod
    def from_machine(cls, machine: str) -> Arch:
        """The architecture for a machine name as ``uname``, ``platform`` or Windows report it.

        Raise `UnsupportedPlatform` for a name puffin does not know.

        >>> Arch.from_machine("arm64"), Arch.from_machine("i386")
        (<Arch.AARCH64: 'aarch64'>, <Arch.I686: 'i686'>)
        """
        key = machine.strip().lower()
        try:
            return cls(_ALIASES.get(key, key))
        except ValueError:
            raise UnsupportedPlatform("architecture", machine) from None

    @property
    def is_32bit(self) -> bool:
        """Whether pointers are 32 bits wide on this architecture."""
        return self in _32BIT

    def __repr__(self) -> str:
        return f"<Arch.{self.name}: {self.value!r}>"


_ALIASES = {
    "amd64": "x86_64",
    "x64": "x86_64",
    "em64t": "x86_64",
    "arm64": "aarch64",
    "aarch64_be": "aarch64",
    "armv7": "armv7l",
    "armv7hl": "armv7l",
    "armv6": "armv6l",
    "i386": "i686",
    "i486": "i686",
    "i586": "i686",
    "x86": "i686",
    "win32": "i686",
    "powerpc64le": "ppc64le",
    "powerpc64": "ppc64",
    "powerpc": "ppc",
    "loong64": "loongarch64",
}

_32BIT = frozenset({Arch.ARMV6L, Arch.ARMV7L, Arch.ARMV8L, Arch.PPC, Arch.I686})

"""Gather raw facts about the running interpreter's host; stdlib only, runs on Python 3.8+.

This file is also a script: puffin runs its source inside other interpreters
(``python -I -c <source>``) and reads the JSON it writes, so it must not import
anything from puffin and must keep to syntax that old interpreters accept.
`platform_host.Platform.from_facts` turns the facts into a `Platform`.
"""

from __future__ import annotations

import json
import os
import struct
import sys
from typing import Any

# platform, subprocess and sysconfig are imported by the functions that use them:
# puffin imports this module in-process to read cached facts, and needs them only
# when it probes its own interpreter.

__all__ = ["ElfHeader", "probe_facts", "read_elf_header"]

_PT_INTERP = 3
_ELF_MAGIC = b"\x7fELF"


class ElfHeader:
    """What wheel compatibility needs from an ELF executable's header.

    ``bits`` is 32 or 64, ``little_endian`` the byte order, ``machine`` the
    ``e_machine`` code (3 = i386, 40 = ARM, 62 = x86-64, 183 = AArch64),
    ``flags`` the ``e_flags`` word and ``interpreter`` the PT_INTERP path (the
    dynamic loader), or None for a static executable.
    """

    __slots__ = ("bits", "flags", "interpreter", "little_endian", "machine")

    def __init__(
        self, bits: int, little_endian: bool, machine: int, flags: int, interpreter: str | None
    ) -> None:
        self.bits = bits
        self.little_endian = little_endian
        self.machine = machine
        self.flags = flags
        self.interpreter = interpreter

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form, as stored under ``"elf"`` in the facts."""
        return {
            "bits": self.bits,
            "little_endian": self.little_endian,
            "machine": self.machine,
            "flags": self.flags,
            "interpreter": self.interpreter,
        }


def read_elf_header(path: str) -> ElfHeader | None:
    """Read the ELF header and loader path of *path*; None if it is not a readable ELF file."""
    try:
        with open(path, "rb") as file:
            return _parse_elf(file.read(64), file)
    except (OSError, ValueError, struct.error):
        return None


def _parse_elf(ident: bytes, file: Any) -> ElfHeader | None:
    if len(ident) < 16 or ident[:4] != _ELF_MAGIC:
        return None
    ei_class, ei_data = ident[4], ident[5]
    if ei_class not in (1, 2) or ei_data not in (1, 2) or len(ident) < (52, 64)[ei_class - 1]:
        return None
    order = "<" if ei_data == 1 else ">"
    if ei_class == 1:
        # e_type, e_machine, e_version, e_entry, e_phoff, e_shoff, e_flags, e_ehsize,
        # e_phentsize, e_phnum
        header = struct.unpack(order + "HHIIIIIHHH", ident[16:46])
        phdr = order + "IIIIIIII"  # p_type, p_offset, p_vaddr, p_paddr, p_filesz, ...
        offset_index, size_index = 1, 4
    else:
        header = struct.unpack(order + "HHIQQQIHHH", ident[16:58])
        phdr = order + "IIQQQQQQ"  # p_type, p_flags, p_offset, p_vaddr, p_paddr, p_filesz, ...
        offset_index, size_index = 2, 5
    machine, phoff, flags, phentsize, phnum = (
        header[1],
        header[4],
        header[6],
        header[8],
        header[9],
    )
    interpreter = None
    entry_size = struct.calcsize(phdr)
    if phentsize >= entry_size:
        for index in range(phnum):
            file.seek(phoff + index * phentsize)
            entry = struct.unpack(phdr, file.read(entry_size))
            if entry[0] != _PT_INTERP:
                continue
            file.seek(entry[offset_index])
            raw = file.read(entry[size_index])
            interpreter = raw.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
            break
    return ElfHeader(32 if ei_class == 1 else 64, ei_data == 1, machine, flags, interpreter)


def _glibc_version() -> str | None:
    """The ``CS_GNU_LIBC_VERSION`` string (``"glibc 2.36"``), asking glibc itself as a fallback."""
    try:
        value = os.confstr("CS_GNU_LIBC_VERSION")
    except (AttributeError, OSError, ValueError):
        value = None
    return value or _glibc_version_from_libc()


def _glibc_version_from_libc() -> str | None:
    try:
        import ctypes

        # dlopen(NULL) is the main program: whichever libc it links is the one in use.
        process = ctypes.CDLL(None)
        function = process.gnu_get_libc_version
    except (ImportError, OSError, AttributeError):
        return None
    function.restype = ctypes.c_char_p
    version = function()
    return "glibc " + version.decode("ascii") if isinstance(version, bytes) else None


def _musl_loader_output(loader: str | None) -> str | None:
    """Run a musl dynamic loader, which prints its version on stderr when run bare."""
    if loader is None or "musl" not in loader:
        return None
    import subprocess

    try:
        process = subprocess.run(
            [loader], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return process.stderr.decode("utf-8", "replace")


def _mac_version() -> str:
    import platform
    import subprocess

    version = platform.mac_ver()[0]
    if version.startswith("10.16"):
        # An interpreter built against an old SDK is told 10.16 for any macOS >= 11;
        # a child process with this variable set learns the real version.
        env = dict(os.environ, SYSTEM_VERSION_COMPAT="0")
        code = "import platform; print(platform.mac_ver()[0])"
        try:
            output = subprocess.run(
                [sys.executable, "-sS", "-c", code],
                env=env,
                stdout=subprocess.PIPE,
                check=True,
                timeout=30,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return version
        version = output.decode("ascii", "replace").strip() or version
    return version


def _android_api_level() -> int | None:
    import platform

    android_ver = getattr(platform, "android_ver", None)
    if android_ver is not None:
        return int(android_ver().api_level)
    getter = getattr(sys, "getandroidapilevel", None)
    return int(getter()) if getter is not None else None


def probe_facts() -> dict[str, Any]:
    """The raw facts about this interpreter's host, as JSON-ready values.

    Keys: ``sys_platform``, ``system``, ``release`` and ``machine`` (from
    ``platform``), ``sysconfig_platform``, ``pointer_bits``; on Linux also
    ``gnu_libc_version``, ``elf`` (the executable's header) and
    ``musl_loader_output``; on macOS ``mac_version``; on Android
    ``android_api_level``.
    """
    import platform
    import sysconfig

    system = platform.system()
    facts: dict[str, Any] = {
        "sys_platform": sys.platform,
        "system": system,
        "release": platform.release(),
        "machine": platform.machine(),
        "sysconfig_platform": sysconfig.get_platform(),
        "pointer_bits": struct.calcsize("P") * 8,
    }
    if sys.platform == "android" or hasattr(sys, "getandroidapilevel"):
        facts["android_api_level"] = _android_api_level()
    elif system == "Linux":
        elf = read_elf_header(sys.executable)
        facts["gnu_libc_version"] = _glibc_version()
        facts["elf"] = elf.to_dict() if elf is not None else None
        facts["musl_loader_output"] = _musl_loader_output(elf.interpreter if elf else None)
    elif system == "Darwin":
        version, _, machine = platform.mac_ver()
        facts["mac_version"] = _mac_version() if version else version
        facts["machine"] = machine or facts["machine"]
    return facts


if __name__ == "__main__":
    # Run as a script in another interpreter: the facts are its whole output.
    sys.stdout.write(json.dumps(probe_facts()) + "\n")

"""What an unpacked wheel says about itself: its ``.dist-info``, WHEEL and entry points."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Final, Literal

from install_wheel.errors import InvalidWheel

__all__ = [
    "EntryPoint",
    "WheelInfo",
    "find_dist_info",
    "parse_entry_points",
    "read_metadata_name",
    "read_wheel_info",
]

_SUPPORTED_MAJOR: Final = 1
_VERSION: Final = re.compile(r"^(\d+)\.(\d+)$")
_DOTTED: Final = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
# Script names become file names in the scripts directory.
_SCRIPT_NAME: Final = re.compile(r"^[^\x00-\x1f/\\:*?\"<>|]+$")


@dataclass(frozen=True, slots=True)
class WheelInfo:
    """The fields of a wheel's ``WHEEL`` file that installing needs."""

    version: tuple[int, int]
    root_is_purelib: bool


@dataclass(frozen=True, slots=True)
class EntryPoint:
    """A ``console_scripts`` or ``gui_scripts`` entry: ``name = module:attr``.

    >>> parse_entry_points("[console_scripts]\\nfoo = foo.cli:main [extra]\\n", wheel="w")
    [EntryPoint(name='foo', module='foo.cli', attr='main', section='console')]
    """

    name: str
    module: str
    attr: str
    section: Literal["console", "gui"]


def find_dist_info(entries: list[str], wheel: str, stem: str | None = None) -> str:
    """The one ``.dist-info`` directory among the top-level *entries* of an unpacked wheel.

    With *stem* (``name-version`` as in the wheel's file name, name normalized
    with underscores), a directory of that stem is chosen among several.

    :raises InvalidWheel: none, or several and no *stem* to tell them apart.
    """
    found = sorted(e for e in entries if e.endswith(".dist-info"))
    if len(found) == 1:
        return found[0]
    if not found:
        raise InvalidWheel(wheel, "no top-level .dist-info directory")
    if stem is not None:
        wanted = stem.lower()
        for name in found:
            if _dist_info_key(name[: -len(".dist-info")]) == wanted:
                return name
    raise InvalidWheel(wheel, f"several .dist-info directories: {', '.join(found)}")


def _dist_info_key(stem: str) -> str:
    name, _, version = stem.partition("-")
    return f"{re.sub(r'[-_.]+', '_', name).lower()}-{version.lower()}"


def _headers(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            break
        key, sep, value = line.partition(":")
        if sep:
            fields.setdefault(key.strip().lower(), value.strip())
    return fields


def read_wheel_info(path: str | os.PathLike[str], wheel: str) -> WheelInfo:
    """Read a ``WHEEL`` file (RFC 822 headers).

    :raises InvalidWheel: missing file, no or unsupported ``Wheel-Version`` (only 1.x).
    """
    try:
        with open(path, encoding="utf-8") as file:
            fields = _headers(file.read())
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidWheel(wheel, f"cannot read WHEEL: {exc}") from exc
    match = _VERSION.match(fields.get("wheel-version", ""))
    if match is None:
        raise InvalidWheel(wheel, "WHEEL has no valid Wheel-Version")
    version = (int(match[1]), int(match[2]))
    if version[0] != _SUPPORTED_MAJOR:
        raise InvalidWheel(
            wheel, f"Wheel-Version {version[0]}.{version[1]} is not supported (only 1.x)"
        )
    purelib = fields.get("root-is-purelib", "").lower()
    return WheelInfo(version, purelib == "true")


def read_metadata_name(path: str | os.PathLike[str]) -> str | None:
    """The ``Name`` of a METADATA file, read from its header only (``None`` when absent)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            head = []
            for line in file:
                if not line.strip():
                    break
                head.append(line)
    except OSError:
        return None
    return _headers("".join(head)).get("name") or None


def parse_entry_points(text: str, *, wheel: str) -> list[EntryPoint]:
    """The console and gui scripts of an ``entry_points.txt`` (other groups are skipped).

    :raises InvalidWheel: a script entry without ``module:attr``, or a name that is
        not a plain file name (``../x``, ``a/b``).
    """
    found: list[EntryPoint] = []
    section: Literal["console", "gui"] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1].strip()
            section = "console" if group == "console_scripts" else None
            section = "gui" if group == "gui_scripts" else section
            continue
        if section is None:
            continue
        name, sep, value = line.partition("=")
        name = name.strip()
        # "module:attr [extra1, extra2]": extras do not change the launcher.
        target = value.partition("[")[0].strip()
        module, colon, attr = target.partition(":")
        module, attr = module.strip(), attr.strip()
        if not sep or not colon or not _DOTTED.match(module) or not _DOTTED.match(attr):
            raise InvalidWheel(wheel, f"entry point {raw.strip()!r} is not 'name = module:attr'")
        if not _SCRIPT_NAME.match(name) or name in (".", ".."):
            raise InvalidWheel(wheel, f"entry point name {name!r} is not a plain file name")
        found.append(EntryPoint(name, module, attr, section))
    return found

"""Operating systems, each a small frozen value carrying what wheel tags depend on."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeAlias

from platform_host.errors import InvalidPlatform

__all__ = [
    "Android",
    "Dragonfly",
    "FreeBsd",
    "Haiku",
    "Illumos",
    "Linux",
    "Macos",
    "Manylinux",
    "Musllinux",
    "NetBsd",
    "OpenBsd",
    "Os",
    "Windows",
    "os_from_dict",
]


class _OsMixin:
    """JSON form and validation shared by every operating system variant."""

    __slots__ = ()
    kind: ClassVar[str]

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            if field.type == "int":
                if type(value) is not int or value < 0:
                    raise InvalidPlatform(value, f"{self.kind} {field.name} must be an int >= 0")
            elif not isinstance(value, str) or not value:
                raise InvalidPlatform(value, f"{self.kind} {field.name} must be a non-empty str")

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form: ``{"name": kind, <field>: value, ...}``."""
        data: dict[str, Any] = {"name": self.kind}
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            data[field.name] = getattr(self, field.name)
        return data


@dataclass(frozen=True, slots=True)
class Manylinux(_OsMixin):
    """Linux whose C library is glibc *major.minor* (PEP 600).

    >>> Manylinux(2, 36).to_dict()
    {'name': 'manylinux', 'major': 2, 'minor': 36}
    """

    kind: ClassVar[str] = "manylinux"
    major: int
    minor: int

    def __str__(self) -> str:
        return f"Linux (glibc {self.major}.{self.minor})"


@dataclass(frozen=True, slots=True)
class Musllinux(_OsMixin):
    """Linux whose C library is musl *major.minor* (PEP 656)."""

    kind: ClassVar[str] = "musllinux"
    major: int
    minor: int

    def __str__(self) -> str:
        return f"Linux (musl {self.major}.{self.minor})"


@dataclass(frozen=True, slots=True)
class Linux(_OsMixin):
    """Linux with a C library that is neither a detected glibc nor musl.

    Only ``linux_<arch>`` wheels fit such a host.
    """

    kind: ClassVar[str] = "linux"

    def __str__(self) -> str:
        return "Linux (unknown libc)"


@dataclass(frozen=True, slots=True)
class Macos(_OsMixin):
    """macOS *major.minor* (10.15, 14.2, ...)."""

    kind: ClassVar[str] = "macos"
    major: int
    minor: int

    def __str__(self) -> str:
        return f"macOS {self.major}.{self.minor}"


@dataclass(frozen=True, slots=True)
class Windows(_OsMixin):
    """Microsoft Windows (wheel tags do not depend on its version)."""

    kind: ClassVar[str] = "windows"

    def __str__(self) -> str:
        return "Windows"


@dataclass(frozen=True, slots=True)
class FreeBsd(_OsMixin):
    """FreeBSD, with its kernel release as ``uname -r`` reports it (``13.2-RELEASE``)."""

    kind: ClassVar[str] = "freebsd"
    release: str

    def __str__(self) -> str:
        return f"FreeBSD {self.release}"


@dataclass(frozen=True, slots=True)
class NetBsd(_OsMixin):
    """NetBSD, with its kernel release (``9.3``)."""

    kind: ClassVar[str] = "netbsd"
    release: str

    def __str__(self) -> str:
        return f"NetBSD {self.release}"


@dataclass(frozen=True, slots=True)
class OpenBsd(_OsMixin):
    """OpenBSD, with its kernel release (``7.4``)."""

    kind: ClassVar[str] = "openbsd"
    release: str

    def __str__(self) -> str:
        return f"OpenBSD {self.release}"


@dataclass(frozen=True, slots=True)
class Dragonfly(_OsMixin):
    """DragonFly BSD, with its kernel release (``6.4-RELEASE``)."""

    kind: ClassVar[str] = "dragonfly"
    release: str

    def __str__(self) -> str:
        return f"DragonFly {self.release}"


@dataclass(frozen=True, slots=True)
class Illumos(_OsMixin):
    """illumos or Solaris (SunOS), with ``uname -r`` (``5.11``) and ``uname -m`` (``i86pc``)."""

    kind: ClassVar[str] = "illumos"
    release: str
    arch: str

    def __str__(self) -> str:
        return f"illumos {self.release} ({self.arch})"


@dataclass(frozen=True, slots=True)
class Haiku(_OsMixin):
    """Haiku, with its kernel release (``1``)."""

    kind: ClassVar[str] = "haiku"
    release: str

    def __str__(self) -> str:
        return f"Haiku {self.release}"


@dataclass(frozen=True, slots=True)
class Android(_OsMixin):
    """Android at API level *api_level* (PEP 738)."""

    kind: ClassVar[str] = "android"
    api_level: int

    def __str__(self) -> str:
        return f"Android (API level {self.api_level})"


#: Any operating system puffin models; `match` on it is checked exhaustively by mypy.
Os: TypeAlias = (
    Manylinux
    | Musllinux
    | Linux
    | Macos
    | Windows
    | FreeBsd
    | NetBsd
    | OpenBsd
    | Dragonfly
    | Illumos
    | Haiku
    | Android
)

_BY_KIND: dict[str, type[Os]] = {
    cls.kind: cls
    for cls in (
        Manylinux,
        Musllinux,
        Linux,
        Macos,
        Windows,
        FreeBsd,
        NetBsd,
        OpenBsd,
        Dragonfly,
        Illumos,
        Haiku,
        Android,
    )
}


def os_from_dict(data: object) -> Os:
    """Rebuild an operating system from its `to_dict` form; raise `InvalidPlatform` if malformed.

    >>> os_from_dict({"name": "musllinux", "major": 1, "minor": 2})
    Musllinux(major=1, minor=2)
    """
    if not isinstance(data, Mapping):
        raise InvalidPlatform(data, "an operating system must be a JSON object")
    kind = data.get("name")
    cls = _BY_KIND.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise InvalidPlatform(data, f"unknown operating system name {kind!r}")
    names = {field.name for field in dataclasses.fields(cls)}
    given = set(data) - {"name"}
    if given != names:
        raise InvalidPlatform(data, f"{kind} takes the fields {sorted(names)}")
    return cls(**{name: data[name] for name in names})

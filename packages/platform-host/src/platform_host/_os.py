"""Operating systems, each a small frozen value carrying what wheel tags depend on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeAlias

from platform_host._frozen import Frozen, set_field
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


class _OsMixin(Frozen):
    """JSON form and validation shared by every operating system variant."""

    __slots__ = ()
    kind: ClassVar[str]
    # The fields that hold a number; the others hold text.
    _numbers: ClassVar[frozenset[str]] = frozenset({"major", "minor", "api_level"})

    def _set_fields(self, *values: object) -> None:
        """Set the fields, in `__match_args__` order, from *values*; validate each."""
        for name, value in zip(self._fields, values, strict=True):
            if name in self._numbers:
                if type(value) is not int or value < 0:
                    raise InvalidPlatform(value, f"{self.kind} {name} must be an int >= 0")
            elif not isinstance(value, str) or not value:
                raise InvalidPlatform(value, f"{self.kind} {name} must be a non-empty str")
            set_field(self, name, value)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form: ``{"name": kind, <field>: value, ...}``."""
        data: dict[str, Any] = {"name": self.kind}
        for name in self._fields:
            data[name] = getattr(self, name)
        return data


class Manylinux(_OsMixin):
    """Linux whose C library is glibc *major.minor* (PEP 600).

    >>> Manylinux(2, 36).to_dict()
    {'name': 'manylinux', 'major': 2, 'minor': 36}
    """

    kind: ClassVar[str] = "manylinux"
    __match_args__ = ("major", "minor")
    __slots__ = __match_args__
    major: int
    minor: int

    def __init__(self, major: int, minor: int) -> None:
        self._set_fields(major, minor)

    def __str__(self) -> str:
        return f"Linux (glibc {self.major}.{self.minor})"


class Musllinux(_OsMixin):
    """Linux whose C library is musl *major.minor* (PEP 656)."""

    kind: ClassVar[str] = "musllinux"
    __match_args__ = ("major", "minor")
    __slots__ = __match_args__
    major: int
    minor: int

    def __init__(self, major: int, minor: int) -> None:
        self._set_fields(major, minor)

    def __str__(self) -> str:
        return f"Linux (musl {self.major}.{self.minor})"


class Linux(_OsMixin):
    """Linux with a C library that is neither a detected glibc nor musl.

    Only ``linux_<arch>`` wheels fit such a host.
    """

    kind: ClassVar[str] = "linux"
    __match_args__ = ()
    __slots__ = __match_args__

    def __str__(self) -> str:
        return "Linux (unknown libc)"


class Macos(_OsMixin):
    """macOS *major.minor* (10.15, 14.2, ...)."""

    kind: ClassVar[str] = "macos"
    __match_args__ = ("major", "minor")
    __slots__ = __match_args__
    major: int
    minor: int

    def __init__(self, major: int, minor: int) -> None:
        self._set_fields(major, minor)

    def __str__(self) -> str:
        return f"macOS {self.major}.{self.minor}"


class Windows(_OsMixin):
    """Microsoft Windows (wheel tags do not depend on its version)."""

    kind: ClassVar[str] = "windows"
    __match_args__ = ()
    __slots__ = __match_args__

    def __str__(self) -> str:
        return "Windows"


class FreeBsd(_OsMixin):
    """FreeBSD, with its kernel release as ``uname -r`` reports it (``13.2-RELEASE``)."""

    kind: ClassVar[str] = "freebsd"
    __match_args__ = ("release",)
    __slots__ = __match_args__
    release: str

    def __init__(self, release: str) -> None:
        self._set_fields(release)

    def __str__(self) -> str:
        return f"FreeBSD {self.release}"


class NetBsd(_OsMixin):
    """NetBSD, with its kernel release (``9.3``)."""

    kind: ClassVar[str] = "netbsd"
    __match_args__ = ("release",)
    __slots__ = __match_args__
    release: str

    def __init__(self, release: str) -> None:
        self._set_fields(release)

    def __str__(self) -> str:
        return f"NetBSD {self.release}"


class OpenBsd(_OsMixin):
    """OpenBSD, with its kernel release (``7.4``)."""

    kind: ClassVar[str] = "openbsd"
    __match_args__ = ("release",)
    __slots__ = __match_args__
    release: str

    def __init__(self, release: str) -> None:
        self._set_fields(release)

    def __str__(self) -> str:
        return f"OpenBSD {self.release}"


class Dragonfly(_OsMixin):
    """DragonFly BSD, with its kernel release (``6.4-RELEASE``)."""

    kind: ClassVar[str] = "dragonfly"
    __match_args__ = ("release",)
    __slots__ = __match_args__
    release: str

    def __init__(self, release: str) -> None:
        self._set_fields(release)

    def __str__(self) -> str:
        return f"DragonFly {self.release}"


class Illumos(_OsMixin):
    """illumos or Solaris (SunOS), with ``uname -r`` (``5.11``) and ``uname -m`` (``i86pc``)."""

    kind: ClassVar[str] = "illumos"
    __match_args__ = ("release", "arch")
    __slots__ = __match_args__
    release: str
    arch: str

    def __init__(self, release: str, arch: str) -> None:
        self._set_fields(release, arch)

    def __str__(self) -> str:
        return f"illumos {self.release} ({self.arch})"


class Haiku(_OsMixin):
    """Haiku, with its kernel release (``1``)."""

    kind: ClassVar[str] = "haiku"
    __match_args__ = ("release",)
    __slots__ = __match_args__
    release: str

    def __init__(self, release: str) -> None:
        self._set_fields(release)

    def __str__(self) -> str:
        return f"Haiku {self.release}"


class Android(_OsMixin):
    """Android at API level *api_level* (PEP 738)."""

    kind: ClassVar[str] = "android"
    __match_args__ = ("api_level",)
    __slots__ = __match_args__
    api_level: int

    def __init__(self, api_level: int) -> None:
        self._set_fields(api_level)

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
    names = set(cls._fields)
    given = set(data) - {"name"}
    if given != names:
        raise InvalidPlatform(data, f"{kind} takes the fields {sorted(names)}")
    return cls(**{name: data[name] for name in names})

"""`InterpreterInfo`: the query script's answer as a frozen value, and `Scheme`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Self

from puffin_interpreter.errors import InvalidInterpreterInfo

__all__ = ["ANSWER_FORMAT", "InterpreterInfo", "Scheme"]

#: The answer shape this module reads; ``_query.py`` writes the same number.
ANSWER_FORMAT = 1

#: The PEP 508 environment markers, all of which the answer must carry.
MARKER_NAMES = (
    "implementation_name",
    "implementation_version",
    "os_name",
    "platform_machine",
    "platform_python_implementation",
    "platform_release",
    "platform_system",
    "platform_version",
    "python_full_version",
    "python_version",
    "sys_platform",
)


@dataclass(frozen=True, slots=True)
class Scheme:
    """Where an installation puts each kind of wheel file (the ``sysconfig`` scheme keys).

    >>> scheme = Scheme.from_dict({"purelib": "lib", "platlib": "lib", "scripts": "bin",
    ...                            "data": ".", "include": "include"})
    >>> scheme.under(Path("/venv")).scripts.as_posix()
    '/venv/bin'
    """

    purelib: Path
    platlib: Path
    scripts: Path
    data: Path
    include: Path

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build from ``{"purelib": "...", ...}``; raise `InvalidInterpreterInfo` if malformed."""
        if not isinstance(data, Mapping):
            raise InvalidInterpreterInfo("a scheme must be an object")
        return cls(
            purelib=Path(_str(data, "purelib")),
            platlib=Path(_str(data, "platlib")),
            scripts=Path(_str(data, "scripts")),
            data=Path(_str(data, "data")),
            include=Path(_str(data, "include")),
        )

    def to_dict(self) -> dict[str, str]:
        """The JSON-ready form, paths as strings."""
        return {
            "purelib": str(self.purelib),
            "platlib": str(self.platlib),
            "scripts": str(self.scripts),
            "data": str(self.data),
            "include": str(self.include),
        }

    def under(self, root: Path) -> Scheme:
        """This (relative) scheme placed under *root*; absolute parts stay as they are."""
        return Scheme(
            purelib=root / self.purelib,
            platlib=root / self.platlib,
            scripts=root / self.scripts,
            data=root / self.data,
            include=root / self.include,
        )


@dataclass(frozen=True, slots=True)
class InterpreterInfo:
    """What the query script reported about one interpreter (see ``_query.py``).

    ``sys_executable`` is the binary that actually ran (a wrapper script or a
    shim that ``exec``-s the real interpreter reports the real one).
    ``scheme`` installs into the interpreter's own prefix; ``virtualenv_scheme``
    is the layout, relative to the root, of a virtual environment created from
    this interpreter. ``platform_facts`` is platform-host's probe output (None
    when the query ran without the probe).
    """

    markers: Mapping[str, str] = field(hash=False)
    sys_executable: Path
    base_executable: Path | None
    sys_prefix: Path
    sys_exec_prefix: Path
    sys_base_prefix: Path
    sys_base_exec_prefix: Path
    scheme: Scheme
    virtualenv_scheme: Scheme
    implementation_name: str
    implementation_version: tuple[int, int, int]
    version_info: tuple[int, int, int, str, int]
    pointer_size: int
    gil_disabled: bool
    debug: bool
    abiflags: str
    platlibdir: str
    platform_facts: Mapping[str, Any] | None = field(hash=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read a successful answer of the query script; raise `InvalidInterpreterInfo` if not.

        Only the shape is checked; values are the interpreter's own word.
        """
        if not isinstance(data, Mapping):
            raise InvalidInterpreterInfo("the answer must be a JSON object")
        if data.get("format") != ANSWER_FORMAT:
            raise InvalidInterpreterInfo(
                f"answer format {data.get('format')!r}, expected {ANSWER_FORMAT}"
            )
        markers = _mapping(data, "markers")
        marker_values = {name: _str(markers, name) for name in MARKER_NAMES}
        base_executable = data.get("base_executable")
        if base_executable is not None and not isinstance(base_executable, str):
            raise InvalidInterpreterInfo("'base_executable' must be a string or null")
        facts = data.get("platform")
        if facts is not None and not isinstance(facts, Mapping):
            raise InvalidInterpreterInfo("'platform' must be an object or null")
        return cls(
            markers=MappingProxyType(marker_values),
            sys_executable=Path(_str(data, "sys_executable")),
            base_executable=Path(base_executable) if base_executable else None,
            sys_prefix=Path(_str(data, "sys_prefix")),
            sys_exec_prefix=Path(_str(data, "sys_exec_prefix")),
            sys_base_prefix=Path(_str(data, "sys_base_prefix")),
            sys_base_exec_prefix=Path(_str(data, "sys_base_exec_prefix")),
            scheme=Scheme.from_dict(_mapping(data, "scheme")),
            virtualenv_scheme=Scheme.from_dict(_mapping(data, "virtualenv_scheme")),
            implementation_name=_str(data, "implementation_name"),
            implementation_version=_version_triple(data.get("implementation_version")),
            version_info=_version_info(data.get("version_info")),
            pointer_size=_int(data, "pointer_size"),
            gil_disabled=_bool(data, "gil_disabled"),
            debug=_bool(data, "debug"),
            abiflags=_str(data, "abiflags", allow_empty=True),
            platlibdir=_str(data, "platlibdir"),
            platform_facts=MappingProxyType(dict(facts)) if facts is not None else None,
        )

    def to_dict(self) -> dict[str, Any]:
        """The answer as the query script wrote it (``from_dict`` reads it back)."""
        return {
            "result": "success",
            "format": ANSWER_FORMAT,
            "markers": dict(self.markers),
            "sys_executable": str(self.sys_executable),
            "base_executable": str(self.base_executable) if self.base_executable else None,
            "sys_prefix": str(self.sys_prefix),
            "sys_exec_prefix": str(self.sys_exec_prefix),
            "sys_base_prefix": str(self.sys_base_prefix),
            "sys_base_exec_prefix": str(self.sys_base_exec_prefix),
            "scheme": self.scheme.to_dict(),
            "virtualenv_scheme": self.virtualenv_scheme.to_dict(),
            "implementation_name": self.implementation_name,
            "implementation_version": list(self.implementation_version),
            "version_info": list(self.version_info),
            "pointer_size": self.pointer_size,
            "gil_disabled": self.gil_disabled,
            "debug": self.debug,
            "abiflags": self.abiflags,
            "platlibdir": self.platlibdir,
            "platform": dict(self.platform_facts) if self.platform_facts is not None else None,
        }

    @property
    def is_venv(self) -> bool:
        """Whether the interpreter runs in a virtual environment (its prefix is not its base's)."""
        return self.sys_prefix != self.sys_base_prefix


def _str(data: Mapping[str, Any], key: str, *, allow_empty: bool = False) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not (value or allow_empty):
        raise InvalidInterpreterInfo(f"{key!r} must be a non-empty string")
    return value


def _mapping(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, Mapping):
        raise InvalidInterpreterInfo(f"{key!r} must be an object")
    return value


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if type(value) is not int:
        raise InvalidInterpreterInfo(f"{key!r} must be an integer")
    return value


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise InvalidInterpreterInfo(f"{key!r} must be true or false")
    return value


def _version_triple(value: object) -> tuple[int, int, int]:
    if isinstance(value, list) and len(value) == 3 and all(type(part) is int for part in value):
        return (value[0], value[1], value[2])
    raise InvalidInterpreterInfo("'implementation_version' must be [major, minor, micro]")


def _version_info(value: object) -> tuple[int, int, int, str, int]:
    if (
        isinstance(value, list)
        and len(value) == 5
        and all(type(part) is int for part in (value[0], value[1], value[2], value[4]))
        and isinstance(value[3], str)
    ):
        return (value[0], value[1], value[2], value[3], value[4])
    raise InvalidInterpreterInfo(
        "'version_info' must be [major, minor, micro, releaselevel, serial]"
    )

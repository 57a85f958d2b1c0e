"""`InterpreterInfo`: the query script's answer as a frozen value, and `Scheme`."""

from __future__ import annotations

from collections.abc import Mapping
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Self

from puffin_interpreter._answer import ANSWER_FORMAT, check_answer, check_scheme
from puffin_interpreter._frozen import Frozen, set_field

if TYPE_CHECKING:
    from puffin_interpreter._answer import Answer

__all__ = ["ANSWER_FORMAT", "InterpreterInfo", "Scheme"]


class Scheme(Frozen):
    """Where an installation puts each kind of wheel file (the ``sysconfig`` scheme keys).

    >>> scheme = Scheme.from_dict({"purelib": "lib", "platlib": "lib", "scripts": "bin",
    ...                            "data": ".", "include": "include"})
    >>> scheme.under(Path("/venv")).scripts.as_posix()
    '/venv/bin'
    """

    __match_args__ = ("purelib", "platlib", "scripts", "data", "include")
    __slots__ = __match_args__

    purelib: Path
    platlib: Path
    scripts: Path
    data: Path
    include: Path

    def __init__(
        self, purelib: Path, platlib: Path, scripts: Path, data: Path, include: Path
    ) -> None:
        set_field(self, "purelib", purelib)
        set_field(self, "platlib", platlib)
        set_field(self, "scripts", scripts)
        set_field(self, "data", data)
        set_field(self, "include", include)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build from ``{"purelib": "...", ...}``; raise `InvalidInterpreterInfo` if malformed."""
        return cls._from_checked(check_scheme(data))

    @classmethod
    def _from_checked(cls, data: Mapping[str, str]) -> Self:
        return cls(
            purelib=Path(data["purelib"]),
            platlib=Path(data["platlib"]),
            scripts=Path(data["scripts"]),
            data=Path(data["data"]),
            include=Path(data["include"]),
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


class InterpreterInfo(Frozen):
    """What the query script reported about one interpreter (see ``_query.py``).

    ``sys_executable`` is the binary that actually ran (a wrapper script or a
    shim that ``exec``-s the real interpreter reports the real one).
    ``scheme`` installs into the interpreter's own prefix; ``virtualenv_scheme``
    is the layout, relative to the root, of a virtual environment created from
    this interpreter. ``platform_facts`` is platform-host's probe output (None
    when the query ran without the probe).
    """

    __match_args__ = (
        "markers",
        "sys_executable",
        "base_executable",
        "sys_prefix",
        "sys_exec_prefix",
        "sys_base_prefix",
        "sys_base_exec_prefix",
        "scheme",
        "virtualenv_scheme",
        "implementation_name",
        "implementation_version",
        "version_info",
        "pointer_size",
        "gil_disabled",
        "debug",
        "abiflags",
        "platlibdir",
        "platform_facts",
    )
    __slots__ = __match_args__

    markers: Mapping[str, str]
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
    platform_facts: Mapping[str, Any] | None

    def __init__(
        self,
        markers: Mapping[str, str],
        sys_executable: Path,
        base_executable: Path | None,
        sys_prefix: Path,
        sys_exec_prefix: Path,
        sys_base_prefix: Path,
        sys_base_exec_prefix: Path,
        scheme: Scheme,
        virtualenv_scheme: Scheme,
        implementation_name: str,
        implementation_version: tuple[int, int, int],
        version_info: tuple[int, int, int, str, int],
        pointer_size: int,
        gil_disabled: bool,
        debug: bool,
        abiflags: str,
        platlibdir: str,
        platform_facts: Mapping[str, Any] | None,
    ) -> None:
        set_field(self, "markers", markers)
        set_field(self, "sys_executable", sys_executable)
        set_field(self, "base_executable", base_executable)
        set_field(self, "sys_prefix", sys_prefix)
        set_field(self, "sys_exec_prefix", sys_exec_prefix)
        set_field(self, "sys_base_prefix", sys_base_prefix)
        set_field(self, "sys_base_exec_prefix", sys_base_exec_prefix)
        set_field(self, "scheme", scheme)
        set_field(self, "virtualenv_scheme", virtualenv_scheme)
        set_field(self, "implementation_name", implementation_name)
        set_field(self, "implementation_version", implementation_version)
        set_field(self, "version_info", version_info)
        set_field(self, "pointer_size", pointer_size)
        set_field(self, "gil_disabled", gil_disabled)
        set_field(self, "debug", debug)
        set_field(self, "abiflags", abiflags)
        set_field(self, "platlibdir", platlibdir)
        set_field(self, "platform_facts", platform_facts)

    def __hash__(self) -> int:
        return hash(_HASHED(self))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read a successful answer of the query script; raise `InvalidInterpreterInfo` if not.

        Only the shape is checked; values are the interpreter's own word.
        """
        return cls._from_answer(check_answer(data))

    @classmethod
    def _from_answer(cls, answer: Answer) -> Self:
        """Build from an answer `check_answer` checked (nothing is checked again)."""
        base_executable = answer["base_executable"]
        facts = answer["platform"]
        return cls(
            markers=MappingProxyType(dict(answer["markers"])),
            sys_executable=Path(answer["sys_executable"]),
            base_executable=Path(base_executable) if base_executable else None,
            sys_prefix=Path(answer["sys_prefix"]),
            sys_exec_prefix=Path(answer["sys_exec_prefix"]),
            sys_base_prefix=Path(answer["sys_base_prefix"]),
            sys_base_exec_prefix=Path(answer["sys_base_exec_prefix"]),
            scheme=Scheme._from_checked(answer["scheme"]),
            virtualenv_scheme=Scheme._from_checked(answer["virtualenv_scheme"]),
            implementation_name=answer["implementation_name"],
            implementation_version=answer["implementation_version"],
            version_info=answer["version_info"],
            pointer_size=answer["pointer_size"],
            gil_disabled=answer["gil_disabled"],
            debug=answer["debug"],
            abiflags=answer["abiflags"],
            platlibdir=answer["platlibdir"],
            platform_facts=MappingProxyType(dict(facts)) if facts is not None else None,
        )

    def _to_answer(self) -> Answer:
        """This value as a checked answer (what `_from_answer` reads)."""
        return {
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
            "implementation_version": self.implementation_version,
            "version_info": self.version_info,
            "pointer_size": self.pointer_size,
            "gil_disabled": self.gil_disabled,
            "debug": self.debug,
            "abiflags": self.abiflags,
            "platlibdir": self.platlibdir,
            "platform": dict(self.platform_facts) if self.platform_facts is not None else None,
        }

    def to_dict(self) -> dict[str, Any]:
        """The answer as the query script wrote it (``from_dict`` reads it back)."""
        return {
            "result": "success",
            "format": ANSWER_FORMAT,
            **self._to_answer(),
            "implementation_version": list(self.implementation_version),
            "version_info": list(self.version_info),
        }

    @property
    def is_venv(self) -> bool:
        """Whether the interpreter runs in a virtual environment (its prefix is not its base's)."""
        return self.sys_prefix != self.sys_base_prefix


# The mappings are left out of the hash (they cannot be hashed); equality compares them.
_HASHED: Final = attrgetter(
    *(name for name in InterpreterInfo._fields if name not in ("markers", "platform_facts"))
)

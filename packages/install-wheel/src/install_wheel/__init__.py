"""Unpack wheels safely into the cache and install unpacked wheels into environments by linking."""

from install_wheel.errors import (
    CompileError,
    FileConflict,
    InstallWheelError,
    InvalidWheel,
    RecordMismatch,
    UninstallError,
    UnsafeArchive,
    WriteError,
)

# `typing.TYPE_CHECKING` without importing typing (see `_LAZY`); deleted below.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from install_wheel._compile import Compiled, compile
    from install_wheel._install import InstalledFiles, Scheme, SchemeLike, install_wheel
    from install_wheel._link import LinkMode
    from install_wheel._record import RecordEntry, format_record, hash_file, parse_record
    from install_wheel._uninstall import Removed, uninstall
    from install_wheel._unpack import UnpackLimits, unpack_wheel
    from install_wheel._worker import serve_unpack

__all__ = [
    "CompileError",
    "Compiled",
    "FileConflict",
    "InstallWheelError",
    "InstalledFiles",
    "InvalidWheel",
    "LinkMode",
    "RecordEntry",
    "RecordMismatch",
    "Removed",
    "Scheme",
    "SchemeLike",
    "UninstallError",
    "UnpackLimits",
    "UnsafeArchive",
    "WriteError",
    "compile",
    "format_record",
    "hash_file",
    "install_wheel",
    "parse_record",
    "serve_unpack",
    "uninstall",
    "unpack_wheel",
]

# Imported on first use (PEP 562): an unpacking worker process needs `_unpack` and
# `_worker` only, not the installing side (dataclasses, inspect, compileall: ~40 ms of
# start-up for each worker of a cold sync).
_LAZY = {
    "Compiled": "_compile",
    "InstalledFiles": "_install",
    "LinkMode": "_link",
    "RecordEntry": "_record",
    "Removed": "_uninstall",
    "Scheme": "_install",
    "SchemeLike": "_install",
    "UnpackLimits": "_unpack",
    "compile": "_compile",
    "format_record": "_record",
    "hash_file": "_record",
    "install_wheel": "_install",
    "parse_record": "_record",
    "serve_unpack": "_worker",
    "uninstall": "_uninstall",
    "unpack_wheel": "_unpack",
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

"""Unpack wheels safely into the cache and install unpacked wheels into environments by linking."""

from install_wheel._compile import Compiled, compile
from install_wheel._install import InstalledFiles, Scheme, SchemeLike, install_wheel
from install_wheel._link import LinkMode
from install_wheel._record import RecordEntry, format_record, hash_file, parse_record
from install_wheel._uninstall import Removed, uninstall
from install_wheel._unpack import UnpackLimits, unpack_wheel
from install_wheel._worker import serve_unpack
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

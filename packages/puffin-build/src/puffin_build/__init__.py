"""puffin's PEP 517/660 build frontend: unpack a source, isolate its build, call its backend."""

from puffin_build._archive import (
    ARCHIVE_SUFFIXES,
    DEFAULT_MAX_UNPACKED,
    MAX_COMPRESSION_RATIO,
    extract_archive,
)
from puffin_build._pyproject import LEGACY_BACKEND, LEGACY_REQUIRES, BuildSystem
from puffin_build._source_build import SourceBuild
from puffin_build.errors import (
    BuildBackendError,
    BuildEnvironmentError,
    EditableNotSupported,
    InvalidPyProject,
    InvalidSourceArchive,
    NotAPythonProject,
    PuffinBuildError,
)

__all__ = [
    "ARCHIVE_SUFFIXES",
    "BuildBackendError",
    "BuildEnvironmentError",
    "BuildSystem",
    "DEFAULT_MAX_UNPACKED",
    "EditableNotSupported",
    "InvalidPyProject",
    "InvalidSourceArchive",
    "LEGACY_BACKEND",
    "LEGACY_REQUIRES",
    "MAX_COMPRESSION_RATIO",
    "NotAPythonProject",
    "PuffinBuildError",
    "SourceBuild",
    "extract_archive",
]

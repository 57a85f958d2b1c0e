"""`BuildSystem`: a project's ``[build-system]`` table (PEP 517, PEP 518), with the
legacy ``setup.py`` defaults.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Final

from puffin_build._frozen import Frozen, set_field
from puffin_build.errors import InvalidPyProject, NotAPythonProject

__all__ = ["LEGACY_BACKEND", "LEGACY_REQUIRES", "BuildSystem"]

LEGACY_BACKEND: Final = "setuptools.build_meta:__legacy__"
"""The backend of a project that names none: setuptools running its ``setup.py``."""

LEGACY_REQUIRES: Final = ("setuptools>=40.8.0", "wheel")
"""The build requirements of a project that names none (as pip assumes)."""

# ``module.path`` or ``module.path:object.path`` (PEP 517).
_BACKEND: Final = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(:[A-Za-z_]\w*(\.[A-Za-z_]\w*)*)?$")


class BuildSystem(Frozen):
    """How to build a project: its backend, the backend's requirements, and where the
    backend lives when the project ships it (``backend-path``).

    >>> BuildSystem.parse({"build-system": {"requires": ["flit_core>=3.2"],
    ...                                     "build-backend": "flit_core.buildapi"}})
    BuildSystem(backend='flit_core.buildapi', requires=('flit_core>=3.2',), backend_path=())
    >>> BuildSystem.parse({"project": {"name": "foo"}}).backend
    'setuptools.build_meta:__legacy__'
    """

    __match_args__ = ("backend", "requires", "backend_path")
    __slots__ = __match_args__

    backend: str
    requires: tuple[str, ...]
    backend_path: tuple[str, ...]

    def __init__(
        self, backend: str, requires: tuple[str, ...], backend_path: tuple[str, ...] = ()
    ) -> None:
        set_field(self, "backend", backend)
        set_field(self, "requires", requires)
        set_field(self, "backend_path", backend_path)

    @classmethod
    def legacy(cls) -> BuildSystem:
        """The build system of a project without ``[build-system]``: setuptools."""
        return cls(LEGACY_BACKEND, LEGACY_REQUIRES)

    @classmethod
    def read(cls, project: Path) -> BuildSystem:
        """The build system of the project in the directory *project*.

        :raises InvalidPyProject: ``pyproject.toml`` is not TOML, or its table is invalid.
        :raises NotAPythonProject: *project* has neither ``pyproject.toml`` nor ``setup.py``.
        """
        path = project / "pyproject.toml"
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if not (project / "setup.py").is_file():
                raise NotAPythonProject(project) from None
            return cls.legacy()
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidPyProject(path, f"cannot read it: {exc}") from exc
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidPyProject(path, f"not valid TOML: {exc}") from exc
        build_system = cls.parse(document, path=path)
        for entry in build_system.backend_path:
            _check_inside(project, entry, path)
        return build_system

    @classmethod
    def parse(cls, document: dict[str, object], *, path: Path | None = None) -> BuildSystem:
        """The build system a parsed ``pyproject.toml`` describes.

        :param path: the file, named in errors.
        :raises InvalidPyProject: the table or one of its keys has the wrong type.
        """
        where = path if path is not None else Path("pyproject.toml")
        table = document.get("build-system")
        if table is None:
            return cls.legacy()
        if not isinstance(table, dict):
            raise InvalidPyProject(where, "build-system is not a table")
        requires = _strings(table, "requires", where)
        backend = table.get("build-backend")
        if backend is None:
            # PEP 517: without a backend, the legacy setup.py path is taken, with the
            # requirements the table names.
            return cls(LEGACY_BACKEND, LEGACY_REQUIRES if requires is None else requires)
        if not isinstance(backend, str):
            raise InvalidPyProject(where, "build-system.build-backend is not a string")
        if not _BACKEND.match(backend.strip()):
            raise InvalidPyProject(
                where, f"build-system.build-backend {backend!r} is not module.path[:object]"
            )
        backend_path = _strings(table, "backend-path", where) or ()
        return cls(backend.strip(), LEGACY_REQUIRES if requires is None else requires, backend_path)


def _strings(table: dict[str, object], key: str, path: Path) -> tuple[str, ...] | None:
    """``table[key]`` as a tuple of strings, None when absent."""
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidPyProject(path, f"build-system.{key} is not a list of strings")
    return tuple(value)


def _check_inside(project: Path, entry: str, path: Path) -> None:
    """Refuse a ``backend-path`` entry that is absolute or leaves the project (PEP 517)."""
    if os.path.isabs(entry):
        raise InvalidPyProject(path, f"build-system.backend-path entry {entry!r} is absolute")
    root = os.path.realpath(project)
    resolved = os.path.realpath(os.path.join(root, entry))
    if os.path.commonpath([root, resolved]) != root:
        raise InvalidPyProject(
            path, f"build-system.backend-path entry {entry!r} is outside the project"
        )

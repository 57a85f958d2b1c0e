"""`Virtualenv`: a virtual environment's root and interpreter; `PyVenvCfg`: its config file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Self

from puffin_interpreter._discovery import find_interpreter, python_in
from puffin_interpreter._frozen import Frozen, set_field
from puffin_interpreter._info import Scheme
from puffin_interpreter._interpreter import Interpreter
from puffin_interpreter._request import PythonRequest
from puffin_interpreter.errors import NotAVirtualenv

if TYPE_CHECKING:
    from puffin_cache import Cache

__all__ = ["PyVenvCfg", "Virtualenv"]


class PyVenvCfg(Frozen):
    """The ``pyvenv.cfg`` of a virtual environment (``key = value`` lines).

    Read as CPython's ``site`` reads it: keys are lowercased, lines without
    ``=`` are ignored, the last of repeated keys wins.

    >>> cfg = PyVenvCfg.parse("home = /usr/bin\\nversion_info = 3.12.1\\npuffin = 0.1.0\\n")
    >>> cfg.home.as_posix(), cfg.version_info, cfg.include_system_site_packages, cfg.puffin
    ('/usr/bin', '3.12.1', False, '0.1.0')
    """

    __match_args__ = ("values",)
    __slots__ = __match_args__

    values: Mapping[str, str]

    def __init__(self, values: Mapping[str, str]) -> None:
        set_field(self, "values", values)

    def __hash__(self) -> int:
        # A mapping cannot be hashed; equal configurations have equal items.
        return hash(frozenset(self.values.items()))

    @classmethod
    def parse(cls, text: str) -> Self:
        """Read the text of a ``pyvenv.cfg``."""
        values: dict[str, str] = {}
        for line in text.splitlines():
            key, equals, value = line.partition("=")
            if equals:
                values[key.strip().lower()] = value.strip()
        return cls(MappingProxyType(values))

    @classmethod
    def read(cls, path: Path) -> Self:
        """Read the ``pyvenv.cfg`` at *path*.

        :raises NotAVirtualenv: the file does not exist or cannot be read.
        """
        try:
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
        except OSError as exc:
            raise NotAVirtualenv(path.parent, f"cannot read {path.name}: {exc.strerror}") from exc
        return cls.parse(text)

    def get(self, key: str) -> str | None:
        """The value of *key* (any case), or None."""
        return self.values.get(key.lower())

    @property
    def home(self) -> Path | None:
        """``home``: the directory of the base interpreter."""
        value = self.get("home")
        return Path(value) if value else None

    @property
    def version_info(self) -> str | None:
        """The base interpreter's version: ``version_info`` (virtualenv, puffin) or ``version``
        (``python -m venv``)."""
        return self.get("version_info") or self.get("version")

    @property
    def include_system_site_packages(self) -> bool:
        """``include-system-site-packages``: whether the base's site-packages are visible."""
        return (self.get("include-system-site-packages") or "").lower() == "true"

    @property
    def puffin(self) -> str | None:
        """``puffin``: the version of puffin that created the environment, if puffin did."""
        return self.get("puffin")


class Virtualenv(Frozen):
    """A virtual environment: its *root* directory and an interpreter that describes it.

    The interpreter is the environment's own (`from_env`, `from_root`) or the
    base interpreter it is made from (`from_interpreter`): the environment's
    scheme and executable are derived from the root and the interpreter's
    answer alone, so a new environment needs no query of its own.
    """

    __match_args__ = ("root", "interpreter")
    __slots__ = __match_args__

    root: Path
    interpreter: Interpreter

    def __init__(self, root: Path, interpreter: Interpreter) -> None:
        set_field(self, "root", root)
        set_field(self, "interpreter", interpreter)

    @classmethod
    def from_env(
        cls,
        request: PythonRequest | str | None = None,
        *,
        cache: Cache | None,
        env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
    ) -> Self:
        """The environment discovery finds (see `find_interpreter`); system interpreters are
        not considered.

        A conda environment (a prefix with ``conda-meta``) is accepted as well.

        :raises NotAVirtualenv: the interpreter found does not run in an environment.
        """
        interpreter = find_interpreter(request, cache=cache, env=env, cwd=cwd, allow_system=False)
        root = interpreter.sys_prefix
        if not interpreter.is_venv and not (root / "conda-meta").is_dir():
            raise NotAVirtualenv(
                root, f"the interpreter {interpreter.executable} is not in a virtual environment"
            )
        return cls(root, interpreter)

    @classmethod
    def from_root(cls, root: Path, *, cache: Cache | None) -> Self:
        """The virtual environment at *root* (which must hold a ``pyvenv.cfg``), queried.

        :raises NotAVirtualenv: no ``pyvenv.cfg`` or no interpreter in *root*.
        """
        root = Path(os.path.abspath(root))
        if not (root / "pyvenv.cfg").is_file():
            raise NotAVirtualenv(root, "no pyvenv.cfg")
        executable = python_in(root)
        if executable is None:
            raise NotAVirtualenv(root, "no interpreter in it")
        return cls(root, Interpreter.query(executable, cache))

    @classmethod
    def from_interpreter(cls, root: Path, base: Interpreter) -> Self:
        """The environment at *root* made (or to be made) from *base*; nothing is queried."""
        return cls(Path(os.path.abspath(root)), base)

    @property
    def scheme(self) -> Scheme:
        """Where installing into this environment puts each kind of file."""
        return self.interpreter.info.virtualenv_scheme.under(self.root)

    @property
    def site_packages(self) -> Path:
        """The ``purelib`` directory (``lib/pythonX.Y/site-packages``, ``Lib/site-packages``)."""
        return self.scheme.purelib

    @property
    def python_executable(self) -> Path:
        """The environment's interpreter: ``bin/python``, or ``Scripts/python.exe`` on Windows."""
        if self.interpreter.is_windows:
            return self.root / "Scripts" / "python.exe"
        return self.root / "bin" / "python"

    def pyvenv_cfg(self) -> PyVenvCfg:
        """Read the environment's ``pyvenv.cfg``.

        :raises NotAVirtualenv: it does not exist or cannot be read.
        """
        return PyVenvCfg.read(self.root / "pyvenv.cfg")

"""`Interpreter`: a queried Python interpreter, with its markers, tags, platform and scheme."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from platform_host import Platform, PlatformError
from platform_tags import Tags, TagsError
from puffin_interpreter._cache import read_cached, write_cached
from puffin_interpreter._info import InterpreterInfo, Scheme
from puffin_interpreter._run import run_query
from puffin_interpreter.errors import InterpreterQueryError, UnsupportedInterpreter
from puffin_pep508 import MarkerEnvironment

if TYPE_CHECKING:
    from puffin_cache import Cache

__all__ = ["Interpreter"]


class Interpreter:
    """A Python interpreter puffin has queried: what it is and where it installs.

    Build one with `Interpreter.query` (or `find_interpreter`); the derived
    values (markers, platform, tags) are computed once per instance.
    """

    __slots__ = ("_info", "_markers", "_platform", "_tags")

    def __init__(self, info: InterpreterInfo) -> None:
        self._info = info
        self._markers: MarkerEnvironment | None = None
        self._platform: Platform | None = None
        self._tags: Tags | None = None

    @classmethod
    def query(cls, executable: str | os.PathLike[str], cache: Cache | None) -> Interpreter:
        """Query *executable*, or read its answer from *cache* if the executable is unchanged.

        The cache key is the absolute path as given (not resolved: a virtual
        environment's ``python`` is a symlink whose location is what makes it
        that environment). An answer is not cached when the interpreter that
        ran is not the file asked for (a pyenv shim or wrapper script): what
        such a wrapper runs can change without the wrapper changing.

        :raises InterpreterQueryError: the executable does not exist or the query failed.
        :raises puffin_cache.PuffinCacheError: the answer cannot be written to *cache*.
        """
        path = os.path.abspath(os.fspath(executable))
        try:
            stat = os.stat(path)
        except OSError as exc:
            raise InterpreterQueryError(Path(path), exc.strerror or str(exc)) from exc
        if cache is not None:
            cached = read_cached(cache, path, stat)
            if cached is not None:
                return cls(cached)
        info = run_query(Path(path))
        if cache is not None and _ran_itself(path, info):
            write_cached(cache, path, stat, info)
        return cls(info)

    @property
    def info(self) -> InterpreterInfo:
        """The query answer this interpreter was built from."""
        return self._info

    @property
    def executable(self) -> Path:
        """The interpreter binary that actually runs (``sys.executable``)."""
        return self._info.sys_executable

    @property
    def markers(self) -> MarkerEnvironment:
        """The PEP 508 marker environment of this interpreter."""
        if self._markers is None:
            self._markers = MarkerEnvironment.from_dict(self._info.markers)
        return self._markers

    @property
    def platform(self) -> Platform:
        """The operating system and architecture this interpreter runs on.

        :raises UnsupportedInterpreter: a platform puffin does not model (or no facts).
        """
        if self._platform is None:
            facts = self._info.platform_facts
            if facts is None:
                raise UnsupportedInterpreter(self.executable, "its platform is unknown")
            try:
                self._platform = Platform.from_facts(facts)
            except PlatformError as exc:
                raise UnsupportedInterpreter(self.executable, str(exc)) from exc
        return self._platform

    def tags(self) -> Tags:
        """The wheel tags this interpreter accepts, best first (computed once).

        :raises UnsupportedInterpreter: an implementation or platform wheels cannot target.
        """
        if self._tags is None:
            info = self._info
            try:
                self._tags = Tags.from_env(
                    self.platform,
                    self.python_version,
                    info.implementation_name,
                    info.implementation_version[:2],
                    gil_disabled=info.gil_disabled,
                    debug=info.debug,
                )
            except TagsError as exc:
                raise UnsupportedInterpreter(self.executable, str(exc)) from exc
        return self._tags

    @property
    def implementation_name(self) -> str:
        """``sys.implementation.name``: ``cpython``, ``pypy``, ..."""
        return self._info.implementation_name

    @property
    def version_info(self) -> tuple[int, int, int]:
        """``sys.version_info[:3]``; the same as `python_full_version`."""
        return self._info.version_info[:3]

    @property
    def python_version(self) -> tuple[int, int]:
        """The language version ``(major, minor)``, as in the ``python_version`` marker."""
        return self._info.version_info[:2]

    @property
    def python_full_version(self) -> tuple[int, int, int]:
        """The version ``(major, minor, micro)``, as in ``python_full_version``."""
        return self._info.version_info[:3]

    @property
    def sys_prefix(self) -> Path:
        """``sys.prefix``: the virtual environment's root, or the installation's prefix."""
        return self._info.sys_prefix

    @property
    def sys_base_prefix(self) -> Path:
        """``sys.base_prefix``: the prefix of the installation a venv was made from."""
        return self._info.sys_base_prefix

    @property
    def base_prefix(self) -> Path:
        """``sys.base_prefix``; the same as `sys_base_prefix`."""
        return self._info.sys_base_prefix

    @property
    def base_executable(self) -> Path:
        """The base installation's interpreter binary, symbolic links resolved.

        What a new virtual environment made from this interpreter points at.
        """
        return self._info.base_executable or self._info.sys_executable

    @property
    def is_windows(self) -> bool:
        """Whether the interpreter runs on Windows (``os.name == "nt"``)."""
        return self._info.markers["os_name"] == "nt"

    @property
    def sys_base_exec_prefix(self) -> Path:
        """``sys.base_exec_prefix``."""
        return self._info.sys_base_exec_prefix

    @property
    def is_venv(self) -> bool:
        """Whether this interpreter runs inside a virtual environment."""
        return self._info.is_venv

    @property
    def scheme(self) -> Scheme:
        """Where installing into this interpreter's prefix puts each kind of file."""
        return self._info.scheme

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Interpreter):
            return NotImplemented
        return self._info == other._info

    def __hash__(self) -> int:
        return hash(self._info)

    def __repr__(self) -> str:
        version = ".".join(map(str, self.python_full_version))
        return f"<Interpreter({str(self.executable)!r}, {self.implementation_name} {version})>"


def _ran_itself(path: str, info: InterpreterInfo) -> bool:
    """Whether the interpreter that answered is the file at *path* (not behind a wrapper)."""
    try:
        return os.path.samefile(path, info.sys_executable)
    except OSError:
        return False

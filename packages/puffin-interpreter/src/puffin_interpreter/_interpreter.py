"""`Interpreter`: a queried Python interpreter, with its markers, tags, platform and scheme.

Start-up matters here (every command finds an interpreter): the answer stays plain
checked data (`Answer`) until something asks for a richer object, and those objects
(`InterpreterInfo`) and the packages behind them (pep508 for markers, platform-host
and platform-tags for tags) are imported by the property that needs them.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import MappingProxyType

from puffin_interpreter._cache import read_cached, write_cached
from puffin_interpreter.errors import InterpreterQueryError, UnsupportedInterpreter

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from platform_host import Platform
    from platform_tags import Tags
    from puffin_cache import Cache
    from puffin_interpreter._answer import Answer
    from puffin_interpreter._info import InterpreterInfo, Scheme
    from puffin_pep508 import MarkerEnvironment

__all__ = ["Interpreter"]


def run_query(executable: Path) -> InterpreterInfo:
    """Run the query script in *executable* (see `puffin_interpreter._run.run_query`)."""
    # Imported here: subprocess and the platform probe are only needed on a cache miss.
    from puffin_interpreter._run import run_query as run

    return run(executable)


class Interpreter:
    """A Python interpreter puffin has queried: what it is and where it installs.

    Build one with `Interpreter.query` (or `find_interpreter`); the derived
    values (info, markers, platform, tags) are computed once per instance.
    """

    __slots__ = ("_answer", "_info", "_markers", "_platform", "_tags")

    def __init__(self, info: InterpreterInfo) -> None:
        self._answer: Answer = info._to_answer()
        self._info: InterpreterInfo | None = info
        self._markers: MarkerEnvironment | None = None
        self._platform: Platform | None = None
        self._tags: Tags | None = None

    @classmethod
    def _from_answer(cls, answer: Answer) -> Interpreter:
        """An interpreter from a checked answer, its `InterpreterInfo` built on demand."""
        self = cls.__new__(cls)
        self._answer = answer
        self._info = None
        self._markers = None
        self._platform = None
        self._tags = None
        return self

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
                return cls._from_answer(cached)
            # A pyenv shim's answer is not cached (see above), but the executable it
            # would run can be named without running it, and that one's answer is.
            from puffin_interpreter._pyenv import pyenv_target

            target = pyenv_target(Path(path))
            if target is not None:
                return cls.query(target, cache)
        info = run_query(Path(path))
        if cache is not None and _ran_itself(path, info):
            write_cached(cache, path, stat, info)
        return cls(info)

    @property
    def info(self) -> InterpreterInfo:
        """The query answer this interpreter was built from."""
        if self._info is None:
            from puffin_interpreter._info import InterpreterInfo

            self._info = InterpreterInfo._from_answer(self._answer)
        return self._info

    @property
    def executable(self) -> Path:
        """The interpreter binary that actually runs (``sys.executable``)."""
        return Path(self._answer["sys_executable"])

    @property
    def markers(self) -> MarkerEnvironment:
        """The PEP 508 marker environment of this interpreter."""
        if self._markers is None:
            from puffin_pep508 import MarkerEnvironment

            self._markers = MarkerEnvironment.from_dict(self._answer["markers"])
        return self._markers

    @property
    def marker_values(self) -> Mapping[str, str]:
        """The PEP 508 marker values as the interpreter reported them, as strings.

        The same values as `markers`, without parsing them (nor importing pep508):
        enough to show ``python_full_version`` or compare ``os_name``.
        """
        return MappingProxyType(self._answer["markers"])

    @property
    def platform(self) -> Platform:
        """The operating system and architecture this interpreter runs on.

        :raises UnsupportedInterpreter: a platform puffin does not model (or no facts).
        """
        if self._platform is None:
            from platform_host import Platform, PlatformError

            facts = self._answer["platform"]
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
            from platform_tags import Tags, TagsError

            answer = self._answer
            try:
                self._tags = Tags.from_env(
                    self.platform,
                    self.python_version,
                    answer["implementation_name"],
                    answer["implementation_version"][:2],
                    gil_disabled=answer["gil_disabled"],
                    debug=answer["debug"],
                )
            except TagsError as exc:
                raise UnsupportedInterpreter(self.executable, str(exc)) from exc
        return self._tags

    @property
    def implementation_name(self) -> str:
        """``sys.implementation.name``: ``cpython``, ``pypy``, ..."""
        return self._answer["implementation_name"]

    @property
    def implementation_version(self) -> tuple[int, int, int]:
        """``sys.implementation.version[:3]`` (PyPy's own version, for example)."""
        major, minor, micro = self._answer["implementation_version"][:3]
        return (major, minor, micro)

    @property
    def gil_disabled(self) -> bool:
        """Whether this is a free-threaded build (``Py_GIL_DISABLED``)."""
        return self._answer["gil_disabled"]

    @property
    def debug(self) -> bool:
        """Whether this is a debug build (``Py_DEBUG``)."""
        return self._answer["debug"]

    @property
    def version_info(self) -> tuple[int, int, int]:
        """``sys.version_info[:3]``; the same as `python_full_version`."""
        major, minor, micro = self._answer["version_info"][:3]
        return (major, minor, micro)

    @property
    def python_version(self) -> tuple[int, int]:
        """The language version ``(major, minor)``, as in the ``python_version`` marker."""
        major, minor = self._answer["version_info"][:2]
        return (major, minor)

    @property
    def python_full_version(self) -> tuple[int, int, int]:
        """The version ``(major, minor, micro)``, as in ``python_full_version``."""
        return self.version_info

    @property
    def sys_prefix(self) -> Path:
        """``sys.prefix``: the virtual environment's root, or the installation's prefix."""
        return Path(self._answer["sys_prefix"])

    @property
    def sys_base_prefix(self) -> Path:
        """``sys.base_prefix``: the prefix of the installation a venv was made from."""
        return Path(self._answer["sys_base_prefix"])

    @property
    def base_prefix(self) -> Path:
        """``sys.base_prefix``; the same as `sys_base_prefix`."""
        return self.sys_base_prefix

    @property
    def base_executable(self) -> Path:
        """The base installation's interpreter binary, symbolic links resolved.

        What a new virtual environment made from this interpreter points at.
        """
        answer = self._answer
        return Path(answer["base_executable"] or answer["sys_executable"])

    @property
    def is_windows(self) -> bool:
        """Whether the interpreter runs on Windows (``os.name == "nt"``)."""
        return self._answer["markers"]["os_name"] == "nt"

    @property
    def sys_base_exec_prefix(self) -> Path:
        """``sys.base_exec_prefix``."""
        return Path(self._answer["sys_base_exec_prefix"])

    @property
    def is_venv(self) -> bool:
        """Whether this interpreter runs inside a virtual environment."""
        return self.sys_prefix != self.sys_base_prefix

    @property
    def scheme(self) -> Scheme:
        """Where installing into this interpreter's prefix puts each kind of file."""
        return self.info.scheme

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Interpreter):
            return NotImplemented
        return self.info == other.info

    def __hash__(self) -> int:
        return hash(self.info)

    def __repr__(self) -> str:
        version = ".".join(map(str, self.python_full_version))
        return f"<Interpreter({str(self.executable)!r}, {self.implementation_name} {version})>"


def _ran_itself(path: str, info: InterpreterInfo) -> bool:
    """Whether the interpreter that answered is the file at *path* (not behind a wrapper)."""
    try:
        return os.path.samefile(path, info.sys_executable)
    except OSError:
        return False

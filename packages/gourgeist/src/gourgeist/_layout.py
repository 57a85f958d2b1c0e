"""Where things go inside a virtual environment, per platform and implementation."""

from __future__ import annotations

import sys

from gourgeist._frozen import Frozen

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from gourgeist._interpreter import InterpreterFacts

__all__ = ["VenvLayout"]

# How pyvenv.cfg spells the implementations it knows; others are written as given.
_IMPLEMENTATION_NAMES = {"cpython": "CPython", "pypy": "PyPy", "graalpy": "GraalPy"}


class VenvLayout(Frozen):
    """The relative paths and names of one environment's files (immutable).

    >>> from pathlib import Path
    >>> from gourgeist._interpreter import InterpreterFacts
    >>> facts = InterpreterFacts(Path("/usr/bin/python3.12"), Path("/usr"), (3, 12, 1), "cpython")
    >>> layout = VenvLayout.for_interpreter(facts)
    >>> layout.bin_name, layout.site_packages, layout.executables
    ('bin', ('lib', 'python3.12', 'site-packages'), ('python', 'python3', 'python3.12'))
    """

    __slots__ = ("bin_name", "executables", "implementation", "lib64", "path_sep", "site_packages")
    _fields = ("bin_name", "site_packages", "executables", "path_sep", "lib64", "implementation")

    bin_name: str
    """``bin`` on POSIX, ``Scripts`` on Windows."""
    site_packages: tuple[str, ...]
    """Path parts of site-packages, relative to the environment's root."""
    executables: tuple[str, ...]
    """Names in the bin directory that start the base interpreter."""
    path_sep: str
    """The separator of ``PATH`` entries on the interpreter's platform."""
    lib64: bool
    """Whether a ``lib64 -> lib`` link is expected next to ``lib`` (64-bit Linux and BSD)."""
    implementation: str
    """The implementation as pyvenv.cfg spells it: ``CPython``, ``PyPy``, ..."""

    def __init__(
        self,
        bin_name: str,
        site_packages: tuple[str, ...],
        executables: tuple[str, ...],
        path_sep: str,
        lib64: bool,
        implementation: str,
    ) -> None:
        self._fill(bin_name, site_packages, executables, path_sep, lib64, implementation)

    @classmethod
    def for_interpreter(cls, facts: InterpreterFacts) -> VenvLayout:
        """The layout an environment on ``facts`` gets, following the stdlib venv module."""
        major, minor = facts.version_info[:2]
        implementation = facts.implementation_name.lower()
        pretty = _IMPLEMENTATION_NAMES.get(implementation, facts.implementation_name)
        if facts.is_windows:
            # Windows environments hold copies of (or launchers for) python.exe, not links;
            # `create_venv` refuses them until that is written.
            return cls(
                bin_name="Scripts",
                site_packages=("Lib", "site-packages"),
                executables=("python.exe", "pythonw.exe"),
                path_sep=";",
                lib64=False,
                implementation=pretty,
            )
        lib_dir = f"pypy{major}.{minor}" if implementation == "pypy" else f"python{major}.{minor}"
        names = ["python", f"python{major}", f"python{major}.{minor}"]
        # Keep the base executable's own name too (pypy3.10, python3.13t, ...), as venv does.
        if facts.base_executable.name not in names:
            names.append(facts.base_executable.name)
        return cls(
            bin_name="bin",
            site_packages=("lib", lib_dir, "site-packages"),
            executables=tuple(names),
            path_sep=":",
            # The stdlib decides this from the host, not the target; so do we.
            lib64=sys.maxsize > 2**32 and sys.platform != "darwin",
            implementation=pretty,
        )

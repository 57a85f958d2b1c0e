"""What gourgeist needs to know about the interpreter an environment is built on."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gourgeist._frozen import Frozen

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from gourgeist._protocol import BaseInterpreter

__all__ = ["InterpreterFacts"]


class InterpreterFacts(Frozen):
    """A plain record of the facts in `BaseInterpreter` (immutable).

    >>> facts = InterpreterFacts(
    ...     base_executable=Path("/usr/bin/python3.12"),
    ...     base_prefix=Path("/usr"),
    ...     version_info=(3, 12, 1),
    ...     implementation_name="cpython",
    ... )
    >>> facts.is_windows
    False
    """

    __slots__ = (
        "base_executable",
        "base_prefix",
        "implementation_name",
        "is_windows",
        "version_info",
    )
    _fields = (
        "base_executable",
        "base_prefix",
        "version_info",
        "implementation_name",
        "is_windows",
    )

    base_executable: Path
    base_prefix: Path
    version_info: tuple[int, int, int]
    implementation_name: str
    is_windows: bool

    def __init__(
        self,
        base_executable: Path,
        base_prefix: Path,
        version_info: tuple[int, int, int],
        implementation_name: str,
        is_windows: bool = False,
    ) -> None:
        self._fill(base_executable, base_prefix, version_info, implementation_name, is_windows)

    @classmethod
    def current(cls) -> InterpreterFacts:
        """The facts of the interpreter running this code, read without a subprocess."""
        # Inside a virtual environment sys.executable is the environment's link; the
        # base executable is what a new environment must point at.
        executable = getattr(sys, "_base_executable", None) or sys.executable
        major, minor, micro = sys.version_info[:3]
        return cls(
            base_executable=Path(os.path.realpath(executable)),
            base_prefix=Path(sys.base_prefix),
            version_info=(major, minor, micro),
            implementation_name=sys.implementation.name,
            is_windows=os.name == "nt",
        )

    @classmethod
    def of(cls, interpreter: BaseInterpreter) -> InterpreterFacts:
        """Copy the facts out of anything that has them."""
        if isinstance(interpreter, InterpreterFacts):
            return interpreter
        return cls(
            base_executable=interpreter.base_executable,
            base_prefix=interpreter.base_prefix,
            version_info=interpreter.version_info,
            implementation_name=interpreter.implementation_name,
            is_windows=interpreter.is_windows,
        )

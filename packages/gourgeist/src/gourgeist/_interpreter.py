"""What gourgeist needs to know about the interpreter an environment is built on."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

__all__ = ["BaseInterpreter", "InterpreterFacts"]


class BaseInterpreter(Protocol):
    """The facts about a base interpreter that creating an environment needs.

    Everything here is known once the interpreter has been queried, so creating an
    environment never starts a process.
    """

    @property
    def base_executable(self) -> Path:
        """The base interpreter's own executable, every symbolic link resolved."""
        ...

    @property
    def base_prefix(self) -> Path:
        """``sys.base_prefix`` of the interpreter."""
        ...

    @property
    def version_info(self) -> tuple[int, int, int]:
        """``(major, minor, micro)`` of the interpreter."""
        ...

    @property
    def implementation_name(self) -> str:
        """``sys.implementation.name``: ``cpython``, ``pypy``, ..."""
        ...

    @property
    def is_windows(self) -> bool:
        """Whether the interpreter runs on Windows (``os.name == "nt"``)."""
        ...


@dataclass(frozen=True, slots=True)
class InterpreterFacts:
    """A plain record of the facts in `BaseInterpreter`.

    >>> facts = InterpreterFacts(
    ...     base_executable=Path("/usr/bin/python3.12"),
    ...     base_prefix=Path("/usr"),
    ...     version_info=(3, 12, 1),
    ...     implementation_name="cpython",
    ... )
    >>> facts.is_windows
    False
    """

    base_executable: Path
    base_prefix: Path
    version_info: tuple[int, int, int]
    implementation_name: str
    is_windows: bool = False

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

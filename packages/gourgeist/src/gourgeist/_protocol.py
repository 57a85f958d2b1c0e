"""`BaseInterpreter`: what gourgeist needs to know about the interpreter of an environment."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

__all__ = ["BaseInterpreter"]


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

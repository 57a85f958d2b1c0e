"""`PythonRequest`: what a ``--python`` value asks for (a path, a command or a version)."""

from __future__ import annotations

import enum
import os
import re
from pathlib import PurePath

from puffin_interpreter.errors import InvalidPythonRequest

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Self

__all__ = ["PythonRequest", "RequestKind"]

# A pattern string, compiled (and cached by re) on first use: most requests are paths or
# commands, and compiling at import would add to every command's start-up.
_VERSION = r"^(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?(?:\.(0|[1-9][0-9]*))?$"


class RequestKind(enum.Enum):
    """The three ways ``--python`` can name an interpreter."""

    PATH = "path"
    """A file (the interpreter) or a directory (a virtual environment or prefix)."""
    COMMAND = "command"
    """A command name looked up on ``PATH``: ``python3.12``, ``pypy3``."""
    VERSION = "version"
    """A version: ``3``, ``3.12`` or ``3.12.1``."""


class PythonRequest:
    """A parsed ``--python`` value (immutable).

    >>> PythonRequest.parse("3.12").command_names()
    ('python3.12', 'python3', 'python')
    >>> PythonRequest.parse("pypy3").kind
    <RequestKind.COMMAND: 'command'>
    >>> PythonRequest.parse("./venv/bin/python")
    PythonRequest(kind=<RequestKind.PATH: 'path'>, text='./venv/bin/python', version=())
    """

    # Written out rather than made with @dataclass(frozen=True, slots=True): every
    # command parses its --python, and importing dataclasses costs more start-up
    # time than the rest of discovery.
    __slots__ = ("kind", "text", "version")

    kind: RequestKind
    text: str
    version: tuple[int, ...]

    def __init__(self, kind: RequestKind, text: str, version: tuple[int, ...] = ()) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "version", version)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PythonRequest) or other.__class__ is not self.__class__:
            return NotImplemented
        return (self.kind, self.text, self.version) == (other.kind, other.text, other.version)

    def __hash__(self) -> int:
        return hash((self.kind, self.text, self.version))

    def __repr__(self) -> str:
        return f"PythonRequest(kind={self.kind!r}, text={self.text!r}, version={self.version!r})"

    def __reduce__(self) -> tuple[type[PythonRequest], tuple[RequestKind, str, tuple[int, ...]]]:
        return (self.__class__, (self.kind, self.text, self.version))

    @classmethod
    def parse(cls, text: str) -> Self:
        """Classify *text*: a version if it starts with a digit, a path if it has a
        directory separator (or starts with ``.`` or ``~``), else a command name.

        :raises InvalidPythonRequest: empty, or starts with a digit but is no version.
        """
        stripped = text.strip()
        if not stripped:
            raise InvalidPythonRequest(text, "empty")
        if stripped[0].isdigit():
            match = re.match(_VERSION, stripped)
            if match is None:
                raise InvalidPythonRequest(
                    text, "a version is major[.minor[.micro]], such as 3, 3.12 or 3.12.1"
                )
            version = tuple(int(part) for part in match.groups() if part is not None)
            return cls(RequestKind.VERSION, stripped, version)
        if _looks_like_path(stripped):
            return cls(RequestKind.PATH, stripped)
        return cls(RequestKind.COMMAND, stripped)

    def command_names(self) -> tuple[str, ...]:
        """The command names to look up on ``PATH``, in order (none for a path)."""
        if self.kind is RequestKind.COMMAND:
            return (self.text,)
        if self.kind is RequestKind.VERSION:
            major = self.version[0]
            if len(self.version) == 1:
                return (f"python{major}", "python")
            return (f"python{major}.{self.version[1]}", f"python{major}", "python")
        return ()

    def matches_version(self, version: tuple[int, ...]) -> bool:
        """Whether an interpreter of *version* ``(major, minor, micro)`` satisfies this request.

        A path or command matches any version.

        >>> PythonRequest.parse("3.12").matches_version((3, 12, 1))
        True
        >>> PythonRequest.parse("3.12.2").matches_version((3, 12, 1))
        False
        """
        if self.kind is not RequestKind.VERSION:
            return True
        return tuple(version[: len(self.version)]) == self.version

    def __str__(self) -> str:
        return self.text


def _looks_like_path(text: str) -> bool:
    separators = {os.sep, "/"} | ({os.altsep} if os.altsep else set())
    if any(separator in text for separator in separators):
        return True
    return text.startswith((".", "~")) or bool(PurePath(text).drive)

"""What a requirements file holds: entries with their source lines, and warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from requirements_txt._frozen import Frozen, set_field

if TYPE_CHECKING:
    from puffin_pep508 import Requirement, UnnamedRequirement

__all__ = ["ParseWarning", "RequirementEntry", "SourceLine"]


class SourceLine(Frozen):
    """Where something was written: a requirements file and a 1-based line.

    For a line continued with ``\\`` this is its first physical line, as in pip.

    >>> str(SourceLine("requirements.in", 3))
    'requirements.in:3'
    """

    __match_args__ = ("path", "line")
    __slots__ = __match_args__

    path: str
    line: int

    def __init__(self, path: str, line: int) -> None:
        set_field(self, "path", path)
        set_field(self, "line", line)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"

    # Ordered by path, then line.
    def __lt__(self, other: SourceLine) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.path, self.line) < (other.path, other.line)

    def __le__(self, other: SourceLine) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.path, self.line) <= (other.path, other.line)

    def __gt__(self, other: SourceLine) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.path, self.line) > (other.path, other.line)

    def __ge__(self, other: SourceLine) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.path, self.line) >= (other.path, other.line)


class RequirementEntry(Frozen):
    """One requirement line: the requirement, its per-line options and where it came from.

    ``hashes`` are ``algorithm:hexdigest`` strings in the order written (digests
    lowercased); ``config_settings`` are ``(key, value)`` pairs in order, a key
    repeated as often as it was given.
    """

    __match_args__ = ("requirement", "source", "hashes", "editable", "config_settings")
    __slots__ = __match_args__

    requirement: Requirement | UnnamedRequirement
    source: SourceLine
    hashes: tuple[str, ...]
    editable: bool
    config_settings: tuple[tuple[str, str], ...]

    def __init__(
        self,
        requirement: Requirement | UnnamedRequirement,
        source: SourceLine,
        hashes: tuple[str, ...] = (),
        editable: bool = False,
        config_settings: tuple[tuple[str, str], ...] = (),
    ) -> None:
        set_field(self, "requirement", requirement)
        set_field(self, "source", source)
        set_field(self, "hashes", hashes)
        set_field(self, "editable", editable)
        set_field(self, "config_settings", config_settings)


class ParseWarning(Frozen):
    """Something pip accepts but ignores, or that puffin does not act on.

    Libraries never print; the caller decides how to show these.

    >>> str(ParseWarning(SourceLine("req.in", 2), "--hash without a requirement is ignored"))
    'req.in:2: --hash without a requirement is ignored'
    """

    __match_args__ = ("source", "message")
    __slots__ = __match_args__

    source: SourceLine
    message: str

    def __init__(self, source: SourceLine, message: str) -> None:
        set_field(self, "source", source)
        set_field(self, "message", message)

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"

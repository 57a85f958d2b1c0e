"""What a requirements file holds: entries with their source lines, and warnings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from puffin_pep508 import Requirement, UnnamedRequirement

__all__ = ["ParseWarning", "RequirementEntry", "SourceLine"]


@dataclass(frozen=True, slots=True, order=True)
class SourceLine:
    """Where something was written: a requirements file and a 1-based line.

    For a line continued with ``\\`` this is its first physical line, as in pip.

    >>> str(SourceLine("requirements.in", 3))
    'requirements.in:3'
    """

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class RequirementEntry:
    """One requirement line: the requirement, its per-line options and where it came from.

    ``hashes`` are ``algorithm:hexdigest`` strings in the order written (digests
    lowercased); ``config_settings`` are ``(key, value)`` pairs in order, a key
    repeated as often as it was given.
    """

    requirement: Requirement | UnnamedRequirement
    source: SourceLine
    hashes: tuple[str, ...] = ()
    editable: bool = False
    config_settings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """Something pip accepts but ignores, or that puffin does not act on.

    Libraries never print; the caller decides how to show these.

    >>> str(ParseWarning(SourceLine("req.in", 2), "--hash without a requirement is ignored"))
    'req.in:2: --hash without a requirement is ignored'
    """

    source: SourceLine
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"

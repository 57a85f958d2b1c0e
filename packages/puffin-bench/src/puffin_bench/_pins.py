"""Read the ``name==version`` pins of a requirements file and compare two of them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from puffin_normalize import normalize

__all__ = ["PinsDiff", "compare_pins", "read_pins"]

# A pin: name, optional extras, `==` (or `===`), the version up to a space or marker.
_PIN = re.compile(
    r"(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*"
    r"===?\s*(?P<version>[^\s;\\]+)"
)
# A comment starts at `#` at the start of a line or after whitespace (pip's rule).
_COMMENT = re.compile(r"(^|\s+)#.*$")


def _logical_lines(text: str) -> list[str]:
    """Lines with comments removed and backslash continuations joined."""
    lines: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = _COMMENT.sub("", raw)
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        lines.append(pending + line)
        pending = ""
    if pending:
        lines.append(pending)
    return lines


def read_pins(text: str) -> dict[str, str]:
    """The pins of a requirements file, as normalized name -> version.

    Options (``-i``, ``--hash`` on continuation lines), comments and
    requirements that are not ``==`` pins are left out.

    >>> read_pins("# header\\nJinja2==3.1.4 \\\\\\n    --hash=sha256:ab\\n    # via sphinx\\n")
    {'jinja2': '3.1.4'}
    """
    pins: dict[str, str] = {}
    for line in _logical_lines(text):
        stripped = line.strip()
        if not stripped or stripped.startswith("-"):
            continue
        match = _PIN.match(stripped)
        if match:
            pins[normalize(match["name"])] = match["version"]
    return pins


@dataclass(frozen=True, slots=True)
class PinsDiff:
    """How two sets of pins differ: names only one side has, and versions that differ."""

    only_left: tuple[tuple[str, str], ...]
    only_right: tuple[tuple[str, str], ...]
    different: tuple[tuple[str, str, str], ...]

    @property
    def agree(self) -> bool:
        """Whether both sides pin the same names to the same versions."""
        return not (self.only_left or self.only_right or self.different)

    def describe(self, left: str, right: str) -> list[str]:
        """One line per kind of difference, naming the sides *left* and *right*.

        >>> compare_pins({"a": "1", "b": "2"}, {"b": "3", "c": "4"}).describe("puffin", "uv")
        ['only puffin: a==1', 'only uv: c==4', 'different: b (puffin 2, uv 3)']
        """
        lines: list[str] = []
        if self.only_left:
            lines.append(f"only {left}: " + ", ".join(f"{n}=={v}" for n, v in self.only_left))
        if self.only_right:
            lines.append(f"only {right}: " + ", ".join(f"{n}=={v}" for n, v in self.only_right))
        if self.different:
            lines.append(
                "different: "
                + ", ".join(f"{n} ({left} {a}, {right} {b})" for n, a, b in self.different)
            )
        return lines


def compare_pins(left: Mapping[str, str], right: Mapping[str, str]) -> PinsDiff:
    """Compare two name -> version maps (as `read_pins` returns), sorted by name.

    >>> compare_pins({"a": "1"}, {"a": "1"}).agree
    True
    """
    return PinsDiff(
        only_left=tuple(sorted((n, v) for n, v in left.items() if n not in right)),
        only_right=tuple(sorted((n, v) for n, v in right.items() if n not in left)),
        different=tuple(
            sorted((n, v, right[n]) for n, v in left.items() if n in right and right[n] != v)
        ),
    )

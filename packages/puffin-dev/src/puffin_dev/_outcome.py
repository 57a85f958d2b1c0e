"""What resolving one line gave: puffin's outcome, uv's, and how their pins differ."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from puffin_dev._lines import first_line

__all__ = ["LineResult", "Outcome", "compare_pins", "format_seconds"]


def format_seconds(seconds: float) -> str:
    """``12ms`` below a second, else ``1.50s``.

    >>> format_seconds(0.0123), format_seconds(1.5)
    ('12ms', '1.50s')
    """
    return f"{seconds * 1000:.0f}ms" if seconds < 1 else f"{seconds:.2f}s"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One tool's resolution of one line: the pins (name -> version or ``@ url``), or why
    it failed (the whole message)."""

    seconds: float
    pins: Mapping[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the line resolved."""
        return self.error is None

    @property
    def headline(self) -> str:
        """The first line of the error ("" when the line resolved).

        >>> Outcome(0.1, error="Because a was not found...\\nAnd so on.").headline
        'Because a was not found...'
        """
        return "" if self.error is None else first_line(self.error) or "(no message)"


def compare_pins(puffin: Mapping[str, str], uv: Mapping[str, str]) -> list[str]:
    """How uv's pins differ from puffin's, one phrase per name, sorted by name.

    >>> compare_pins({"a": "1.0", "c": "3"}, {"a": "1.1", "b": "2", "c": "3"})
    ['a 1.0 (puffin) vs 1.1 (uv)', 'b 2 only in uv']
    """
    phrases = []
    for name in sorted({*puffin, *uv}):
        mine, theirs = puffin.get(name), uv.get(name)
        if mine == theirs:
            continue
        if theirs is None:
            phrases.append(f"{name} {mine} only in puffin")
        elif mine is None:
            phrases.append(f"{name} {theirs} only in uv")
        else:
            phrases.append(f"{name} {mine} (puffin) vs {theirs} (uv)")
    return phrases


@dataclass(frozen=True, slots=True)
class LineResult:
    """One requirement line: puffin's outcome and, when compared, uv's."""

    line: str
    puffin: Outcome
    uv: Outcome | None = None

    @property
    def differences(self) -> list[str]:
        """How uv's result differs from puffin's (empty when they agree, both fail, or uv
        was not run).

        >>> LineResult("a", Outcome(0.1, {"a": "1"}), Outcome(0.1, error="boom")).differences
        ['uv failed: boom']
        """
        uv, puffin = self.uv, self.puffin
        if uv is None or (not uv.ok and not puffin.ok):
            return []
        if not uv.ok:
            return [f"uv failed: {uv.headline}"]
        if not puffin.ok:
            count = len(uv.pins)
            return [f"puffin failed, uv resolved {count} package{'' if count == 1 else 's'}"]
        return compare_pins(puffin.pins, uv.pins)

    @property
    def good(self) -> bool:
        """Whether puffin resolved the line and uv (if run) agrees."""
        return self.puffin.ok and not self.differences

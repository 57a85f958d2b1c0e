"""Errors of puffin-bench.

::

    BenchError
    ├── InvalidOption (also ValueError)   a command-line value that names nothing
    └── SetupError                        the benchmark environment could not be prepared
"""

from __future__ import annotations

__all__ = ["BenchError", "InvalidOption", "SetupError"]


class BenchError(Exception):
    """Root of every error raised by puffin-bench."""


class InvalidOption(BenchError, ValueError):
    """An option value that names no benchmark input (for example an unknown set)."""

    def __init__(self, option: str, value: str, reason: str) -> None:
        self.option = option
        self.value = value
        self.reason = reason
        super().__init__(option, value, reason)

    def __str__(self) -> str:
        return f"invalid {self.option} value {self.value!r}: {self.reason}"


class SetupError(BenchError):
    """A step that prepares the tools or inputs (install, venv, pins) failed."""

    def __init__(self, step: str, detail: str) -> None:
        self.step = step
        self.detail = detail
        super().__init__(step, detail)

    def __str__(self) -> str:
        return f"{self.step} failed: {self.detail}" if self.detail else f"{self.step} failed"

"""Errors of the puffin command line.

::

    PuffinCliError
    └── UsageError      a flag or argument the user got wrong (exit 1)
"""

from __future__ import annotations

__all__ = ["PuffinCliError", "UsageError"]


class PuffinCliError(Exception):
    """Root of the errors the command line raises itself."""


class UsageError(PuffinCliError, ValueError):
    """A flag, argument or environment variable with a value the command can't use."""

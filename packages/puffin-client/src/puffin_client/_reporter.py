"""Progress and warnings: the client reports through a `Reporter`, never prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import logging

__all__ = ["LoggingReporter", "Reporter"]


def _logger() -> logging.Logger:
    """This module's logger (logging is imported on first use: most runs log nothing)."""
    import logging

    return logging.getLogger("puffin_client")


class Reporter(Protocol):
    """Receives what the client wants the user to know (the CLI turns it into output)."""

    def on_warning(self, message: str) -> None:
        """Something was skipped or looks wrong, but the work goes on."""
        ...


class LoggingReporter:
    """A `Reporter` that logs warnings on the ``puffin_client`` logger.

    >>> LoggingReporter().on_warning("find-links directory /nowhere does not exist")
    """

    __slots__ = ()

    def on_warning(self, message: str) -> None:
        """Log *message* at WARNING level."""
        _logger().warning("%s", message)

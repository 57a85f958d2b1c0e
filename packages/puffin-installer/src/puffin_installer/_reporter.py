"""Progress and warnings: the installer reports through a `Reporter`, never prints."""

from __future__ import annotations

from typing import Protocol

__all__ = ["NullReporter", "Reporter"]


class Reporter(Protocol):
    """Receives progress and warnings (the CLI turns them into output).

    *dist* is the ``name==version`` (or ``name @ url``) of the distribution concerned.
    Methods may be called from worker threads.
    """

    def on_download(self, dist: str) -> None:
        """A wheel was downloaded (or read from disk), checked and unpacked into the cache."""
        ...

    def on_install(self, dist: str) -> None:
        """A wheel was linked into the environment."""
        ...

    def on_uninstall(self, dist: str) -> None:
        """An installed distribution was removed."""
        ...

    def on_warning(self, message: str) -> None:
        """Something looks wrong, but the work goes on."""
        ...


class NullReporter:
    """A `Reporter` that ignores everything.

    >>> NullReporter().on_warning("a yanked file was used")
    """

    __slots__ = ()

    def on_download(self, dist: str) -> None:
        """Ignore."""

    def on_install(self, dist: str) -> None:
        """Ignore."""

    def on_uninstall(self, dist: str) -> None:
        """Ignore."""

    def on_warning(self, message: str) -> None:
        """Ignore."""

"""The one place that writes to the terminal."""

from __future__ import annotations

import os
import sys
import time

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import logging
    from typing import Literal, TextIO, TypeAlias

    ColorChoice: TypeAlias = Literal["auto", "always", "never"]

__all__ = ["Printer"]

_STYLES = {"bold": "1", "red": "31", "green": "32", "yellow": "33", "cyan": "36", "dim": "2"}


class Printer:
    """Writes results to stdout and messages to stderr, honouring quiet, verbose and color."""

    def __init__(
        self,
        *,
        quiet: int = 0,
        verbose: int = 0,
        color: ColorChoice = "auto",
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
    ) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        if color == "auto":
            self.color = (
                "NO_COLOR" not in os.environ
                and os.environ.get("TERM") != "dumb"
                and self.stderr.isatty()
            )
        else:
            self.color = color == "always"
        if verbose:
            self._enable_tracing()

    def style(self, text: str, *styles: str) -> str:
        """Wrap *text* in ANSI styles when color is on."""
        if not self.color or not styles:
            return text
        codes = ";".join(_STYLES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def out(self, text: str = "") -> None:
        """A line of the command's result (stdout); silenced by ``-qq``."""
        if self.quiet < 2:
            self.stdout.write(text + "\n")

    def info(self, text: str) -> None:
        """A progress or summary line (stderr); silenced by ``-q``."""
        if not self.quiet:
            self.stderr.write(text + "\n")
            self.stderr.flush()

    def warn(self, text: str) -> None:
        """A warning (stderr); silenced by ``-qq``."""
        if self.quiet < 2:
            self.stderr.write(f"{self.style('warning', 'bold', 'yellow')}: {text}\n")

    def error(self, message: str, causes: list[str]) -> None:
        """An error line plus its causes (stderr); never silenced."""
        self.stderr.write(f"{self.style('error', 'bold', 'red')}: {message}\n")
        for cause in causes:
            self.stderr.write(f"  {self.style('Caused by', 'bold')}: {cause}\n")
        self.stderr.flush()

    def _enable_tracing(self) -> None:
        import logging

        started = time.time()

        class _Elapsed(logging.Formatter):
            def format(self, record: logging.LogRecord) -> str:
                elapsed = record.created - started
                return f"{elapsed:8.3f}s {record.levelname:<5} {record.name}: {record.getMessage()}"

        handler: logging.Handler = logging.StreamHandler(self.stderr)
        handler.setFormatter(_Elapsed())
        level = logging.DEBUG if self.verbose > 1 else logging.INFO
        for name in _LIBRARY_LOGGERS:
            logger: logging.Logger = logging.getLogger(name)
            logger.setLevel(level)
            logger.addHandler(handler)


_LIBRARY_LOGGERS = (
    "distribution_filename",
    "distribution_types",
    "gourgeist",
    "install_wheel",
    "platform_host",
    "platform_tags",
    "puffin_cache",
    "puffin_cli",
    "puffin_client",
    "puffin_distribution",
    "puffin_installer",
    "puffin_interpreter",
    "puffin_normalize",
    "puffin_pep440",
    "puffin_pep508",
    "puffin_resolver",
    "pypi_types",
    "requirements_txt",
)

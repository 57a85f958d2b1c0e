"""Resolve one requirement line with ``uv pip compile``, for comparison."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from puffin_dev._lines import read_pins
from puffin_dev._outcome import Outcome

__all__ = ["UvCompiler", "uv_env"]

# Every variable pip and uv read as configuration starts with one of these.
_PREFIXES = ("PIP_", "UV_")


def uv_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """A copy of *environ* (default ``os.environ``) without pip or uv configuration:
    no ``PIP_*`` or ``UV_*`` variable, and ``PIP_CONFIG_FILE`` the null device.

    >>> sorted(uv_env({"PATH": "/bin", "PIP_FIND_LINKS": "/w", "UV_INDEX_URL": "x"}).items())
    [('PATH', '/bin'), ('PIP_CONFIG_FILE', '/dev/null')]
    """
    source = os.environ if environ is None else environ
    env = {key: value for key, value in source.items() if not key.startswith(_PREFIXES)}
    env["PIP_CONFIG_FILE"] = os.devnull
    return env


@dataclass(frozen=True, slots=True)
class UvCompiler:
    """Runs ``<uv> pip compile -`` with the line on standard input and the flags of the
    puffin resolution, and reads the pins it prints.

    >>> UvCompiler("uv", ("--no-index",)).argv
    ['uv', 'pip', 'compile', '-', '--no-header', '--no-annotate', '--no-config', '--no-index']
    """

    uv: str | Path
    flags: Sequence[str] = ()
    timeout: float = 900.0

    @classmethod
    def from_flags(
        cls,
        uv: str | Path,
        *,
        python: str | None = None,
        python_version: str | None = None,
        exclude_newer: str | None = None,
        index_url: str | None = None,
        find_links: Sequence[str] = (),
        no_index: bool = False,
        offline: bool = False,
    ) -> UvCompiler:
        """A compiler given the same settings as the puffin side.

        >>> UvCompiler.from_flags("uv", python_version="3.11", find_links=["w"]).flags
        ('--python-version', '3.11', '--find-links', 'w')
        """
        flags: list[str] = []
        if python is not None:
            flags += ["--python", python]
        if python_version is not None:
            flags += ["--python-version", python_version]
        if exclude_newer is not None:
            flags += ["--exclude-newer", exclude_newer]
        if index_url is not None:
            flags += ["--index-url", index_url]
        for location in find_links:
            flags += ["--find-links", location]
        if no_index:
            flags.append("--no-index")
        if offline:
            flags.append("--offline")
        return cls(uv, tuple(flags))

    @property
    def argv(self) -> list[str]:
        """The command line (the requirement goes to standard input)."""
        head = [str(self.uv), "pip", "compile", "-", "--no-header", "--no-annotate"]
        return [*head, "--no-config", *self.flags]

    def resolve(self, line: str) -> Outcome:
        """Compile *line* alone: uv's pins, or its error output."""
        started = time.perf_counter()
        try:
            done = subprocess.run(
                self.argv,
                input=line + "\n",
                capture_output=True,
                text=True,
                env=uv_env(),
                timeout=self.timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return Outcome(time.perf_counter() - started, error=f"cannot run uv: {error}")
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            message = done.stderr.strip() or f"exit code {done.returncode}"
            return Outcome(seconds, error=message)
        return Outcome(seconds, read_pins(done.stdout))

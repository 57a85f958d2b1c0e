"""`Context`: run the `puffin` command in a scratch directory and get a redacted transcript."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

PUFFIN = Path(sys.executable).with_name("puffin")


class Context:
    """A scratch directory, a private cache and a fixed environment for running puffin."""

    def __init__(self, root: Path) -> None:
        self.temp_dir = root / "work"
        self.cache_dir = root / "cache"
        self.temp_dir.mkdir()
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PIP_", "PUFFIN_", "VIRTUAL_ENV", "CONDA_"))
        }
        self.env.update(
            {
                "NO_COLOR": "1",
                "COLUMNS": "100",
                "PIP_CONFIG_FILE": os.devnull,
                "PUFFIN_CACHE_DIR": str(self.cache_dir),
            }
        )
        # Longest first, so that a path inside another is replaced by its own name.
        self.filters: list[tuple[str, str]] = [
            (re.escape(str(self.cache_dir)), "[CACHE_DIR]"),
            (re.escape(str(self.temp_dir)), "[TEMP_DIR]"),
            (r"\d+(\.\d+)?m?s\b", "[TIME]"),
        ]

    def add_filter(self, pattern: str, replacement: str) -> None:
        """Redact *pattern* (a regex) in transcripts, before the built-in filters."""
        self.filters.insert(0, (pattern, replacement))

    def command(self, *args: str | os.PathLike[str]) -> list[str]:
        """The argv that runs puffin with *args*."""
        return [str(PUFFIN), *map(str, args)]

    def process(
        self, *args: str | os.PathLike[str], stdin: str | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        """Run puffin in the temporary directory; the finished process, output as text."""
        return subprocess.run(
            self.command(*args),
            cwd=self.temp_dir,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def run(self, *args: str | os.PathLike[str], stdin: str | None = None) -> str:
        """Run puffin and return `exit_code`, stdout and stderr as one redacted transcript."""
        result = self.process(*args, stdin=stdin)
        return (
            f"exit_code: {result.returncode}\n"
            f"----- stdout -----\n{self.redact(result.stdout)}"
            f"----- stderr -----\n{self.redact(result.stderr)}"
        )

    def redact(self, text: str) -> str:
        """Apply the filters to *text*."""
        for pattern, replacement in self.filters:
            text = re.sub(pattern, replacement, text)
        return text


def find_cpythons() -> dict[int, str]:
    """CPython 3.x interpreters on this machine by minor version, from pyenv's versions.

    Test-side discovery only; puffin itself discovers interpreters as a user's machine has
    them (PATH, active environments).
    """
    import shutil

    found: dict[int, str] = {}
    roots: list[Path] = []
    pyenv = shutil.which("pyenv")
    if pyenv:
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
        roots = sorted((Path(root.stdout.strip()) / "versions").glob("3.*/bin"))
    for minor in range(7, 14):
        for candidate in (r / f"python3.{minor}" for r in roots):
            if candidate.is_file() and os.access(candidate, os.X_OK):
                found[minor] = str(candidate)
    return found

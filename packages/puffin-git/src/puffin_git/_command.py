"""Running the ``git`` command line: a fixed environment, no prompts, errors mapped."""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING, Final

from puffin_git.errors import GitCommandError, GitNotFound

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

__all__ = ["git", "git_dir_args", "git_output"]

# Variables that point git at another repository (set inside git hooks, for example);
# inherited, they would make every command act on that repository instead of ours.
_REPOSITORY_ENV: Final = (
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_DIR",
    "GIT_GRAFT_FILE",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_NAMESPACE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_PREFIX",
    "GIT_SHALLOW_FILE",
    "GIT_WORK_TREE",
)
_OPTIONS: Final = ("-c", "advice.detachedHead=false")


def _environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _REPOSITORY_ENV}
    # No credential prompt can be answered (stdin is closed): fail instead of hanging.
    env["GIT_TERMINAL_PROMPT"] = "0"
    # Untranslated messages, which `_missing_ref` matches.
    env["LC_ALL"] = "C"
    return env


def git(
    args: Sequence[str | os.PathLike[str]], *, repository: str, action: str
) -> subprocess.CompletedProcess[str]:
    """Run ``git <args>`` and return the finished process, whatever its exit status.

    :param repository: the repository the command works for, named in errors.
    :param action: what the command does (``fetch``, ``clone``...), named in errors.
    :raises GitNotFound: there is no ``git`` command.
    :raises GitCommandError: git could not be started.
    """
    try:
        return subprocess.run(
            ["git", *_OPTIONS, *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=_environment(),
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitNotFound(repository) from exc
    except OSError as exc:
        raise GitCommandError(repository, action, exc.strerror or str(exc)) from exc


def git_output(args: Sequence[str | os.PathLike[str]], *, repository: str, action: str) -> str:
    """Run ``git <args>`` and return its standard output.

    :raises GitNotFound: there is no ``git`` command.
    :raises GitCommandError: the command failed.
    """
    completed = git(args, repository=repository, action=action)
    if completed.returncode != 0:
        raise GitCommandError(repository, action, completed.stderr)
    return completed.stdout


def git_dir_args(git_dir: Path) -> list[str | os.PathLike[str]]:
    """The options that make git use the bare repository *git_dir*.

    Explicit, so that git never searches the parent directories for a repository
    when *git_dir* is damaged (the cache may live inside a user's working tree).
    """
    return ["--git-dir", git_dir]

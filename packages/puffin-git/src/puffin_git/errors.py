"""Errors of puffin-git.

::

    PuffinGitError
    ├── GitNotFound                        no ``git`` command on PATH
    ├── GitCommandError                    a git command failed (network, auth, a broken remote)
    ├── GitReferenceNotFound (also LookupError)  the branch, tag or commit is not in the repository
    └── GitOfflineError                    offline, and the cache lacks what is needed

Every message names the repository with its credentials redacted, on one line,
followed (for `GitCommandError`) by the indented tail of git's error output.
A corrupt cache entry is not an error: it is rebuilt. Cache locks and writes
raise `puffin_cache` errors.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from distribution_types import GitReferenceKind, redact_url

if TYPE_CHECKING:
    from distribution_types import GitReference

__all__ = [
    "GitCommandError",
    "GitNotFound",
    "GitOfflineError",
    "GitReferenceNotFound",
    "PuffinGitError",
]

_TAIL_LINES: Final = 10
# Anything that looks like a URL in git's output; each is redacted on its own.
_URL = r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+"


def _redact_text(text: str) -> str:
    """*text* with the credentials of every URL in it replaced by ``****``.

    >>> _redact_text("fatal: unable to access 'https://me:secret@example.com/r.git/': 403")
    "fatal: unable to access 'https://me:****@example.com/r.git/': 403"
    """
    if "://" not in text:
        return text
    return re.sub(_URL, lambda match: redact_url(match[0]), text)


def _describe(reference: GitReference | None) -> str:
    """How a message names *reference*: ``tag 'v1'``, ``the default branch``, ...

    >>> from distribution_types import GitReference
    >>> _describe(GitReference.tag("v1"))
    "tag 'v1'"
    >>> _describe(None)
    'the default branch'
    """
    if reference is None:
        return "the default branch"
    noun = {
        GitReferenceKind.BRANCH: "branch",
        GitReferenceKind.TAG: "tag",
        GitReferenceKind.REV: "revision",
        GitReferenceKind.COMMIT: "commit",
    }[reference.kind]
    return f"{noun} {reference.name!r}"


class PuffinGitError(Exception):
    """Root of every error raised by puffin-git."""


class GitNotFound(PuffinGitError):
    """The ``git`` command is not installed (or not on ``PATH``)."""

    def __init__(self, repository: str | None = None) -> None:
        self.repository = None if repository is None else redact_url(repository)
        super().__init__(self.repository)

    def __str__(self) -> str:
        needed = "" if self.repository is None else f" to fetch {self.repository}"
        return f"git is not installed (no `git` command on PATH); it is needed{needed}"


class GitCommandError(PuffinGitError):
    """A git command failed; ``stderr`` holds the tail of its error output (redacted)."""

    def __init__(self, repository: str, action: str, stderr: str) -> None:
        self.repository = redact_url(repository)
        self.action = action
        lines = [line.rstrip() for line in _redact_text(stderr).splitlines() if line.strip()]
        self.stderr = "\n".join(lines[-_TAIL_LINES:])
        super().__init__(self.repository, action, self.stderr)

    def __str__(self) -> str:
        message = f"git {self.action} failed for {self.repository}"
        if self.stderr:
            message += "".join(f"\n    {line}" for line in self.stderr.splitlines())
        return message


class GitReferenceNotFound(PuffinGitError, LookupError):
    """The branch, tag, revision or commit asked for is not in the repository."""

    def __init__(self, repository: str, reference: GitReference | None) -> None:
        self.repository = redact_url(repository)
        self.reference = reference
        super().__init__(self.repository, reference)

    def __str__(self) -> str:
        return f"{_describe(self.reference)} not found in git repository {self.repository}"


class GitOfflineError(PuffinGitError):
    """Network access is off, and the cache does not hold what is needed."""

    def __init__(self, repository: str, needed: str) -> None:
        self.repository = redact_url(repository)
        self.needed = needed
        super().__init__(self.repository, needed)

    @classmethod
    def missing(cls, repository: str, reference: GitReference | None) -> GitOfflineError:
        """The error for a *reference* the cached repository lacks."""
        return cls(repository, _describe(reference))

    def __str__(self) -> str:
        return (
            f"cannot fetch git repository {self.repository} while offline, "
            f"and the cache does not hold {self.needed}"
        )

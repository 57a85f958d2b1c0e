"""Fetch and check out git sources with the ``git`` command line, cached per repository."""

from puffin_git._source import GitCheckout, GitSource
from puffin_git.errors import (
    GitCommandError,
    GitNotFound,
    GitOfflineError,
    GitReferenceNotFound,
    PuffinGitError,
)

__all__ = [
    "GitCheckout",
    "GitCommandError",
    "GitNotFound",
    "GitOfflineError",
    "GitReferenceNotFound",
    "GitSource",
    "PuffinGitError",
]

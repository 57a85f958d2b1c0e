"""One repository in the cache: its bare database, the refs fetched into it, its checkouts.

The database ``git-v0/db/<digest>`` is a bare repository that receives the remote's
branches (as ``refs/remotes/origin/*``), its tags, its ``HEAD`` (as
``refs/puffin/head``) and whatever other ref or commit was asked for by name
(under ``refs/puffin/``). A checkout ``git-v0/checkouts/<digest>/<commit>`` is a
clone of the database detached at one commit, with its submodules.
"""

from __future__ import annotations

import os
import re
from contextlib import suppress
from typing import TYPE_CHECKING, Final

from distribution_types import GitReferenceKind
from puffin_cache import CacheBucket, cache_digest, persist_dir, remove_tree
from puffin_git._command import git, git_dir_args, git_output
from puffin_git.errors import GitCommandError, GitOfflineError

if TYPE_CHECKING:
    from pathlib import Path

    from distribution_types import GitReference
    from puffin_cache import Cache, LockedFile

__all__ = ["CachedRepository", "is_full_commit", "is_usable"]

_FULL_COMMIT: Final = r"[0-9a-f]{40}|[0-9a-f]{64}"
# Git accepts abbreviations of at least four hex digits.
_COMMIT_PREFIX: Final = r"[0-9a-fA-F]{4,64}"
_HEAD_REF: Final = "refs/puffin/head"
_BRANCHES: Final = "+refs/heads/*:refs/remotes/origin/*"
_TAGS: Final = "+refs/tags/*:refs/tags/*"
_HEAD: Final = f"+HEAD:{_HEAD_REF}"
# How git (and common servers) say that a ref or an object asked for by name is not there.
_MISSING: Final = (
    "couldn't find remote ref",
    "not our ref",
    "unadvertised object",
    "no such remote ref",
)
# Characters and sequences git refuses in ref names (see git-check-ref-format), plus a
# leading '-', which git would read as an option.
_BAD_REF: Final = r"^[-./]|^@$|[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//|/\.|/$|\.$|\.lock$"


def is_full_commit(name: str) -> bool:
    """Whether *name* is a full (SHA-1 or SHA-256) commit hash in lowercase.

    >>> is_full_commit("0123456789abcdef0123456789abcdef01234567"), is_full_commit("0123abc")
    (True, False)
    """
    return re.fullmatch(_FULL_COMMIT, name) is not None


def is_usable(reference: GitReference | None) -> bool:
    """Whether *reference* can name anything: a full hash for a commit, else a name
    git would accept as a ref (which also keeps it from reading as an option).

    >>> from distribution_types import GitReference
    >>> is_usable(GitReference.tag("v1.0")), is_usable(GitReference.from_rev("--upload-pack=x"))
    (True, False)
    """
    if reference is None:
        return True
    if reference.kind is GitReferenceKind.COMMIT:
        return is_full_commit(reference.name)
    return bool(reference.name) and re.search(_BAD_REF, reference.name) is None


def _candidates(reference: GitReference | None) -> tuple[str, ...]:
    """The local names that *reference* may have in the database, in order of preference."""
    if reference is None:
        return (_HEAD_REF,)
    name = reference.name
    match reference.kind:
        case GitReferenceKind.BRANCH:
            return (f"refs/remotes/origin/{name}",)
        case GitReferenceKind.TAG:
            return (f"refs/tags/{name}",)
        case GitReferenceKind.COMMIT:
            return (name,)
        case GitReferenceKind.REV:
            prefix = (name,) if re.fullmatch(_COMMIT_PREFIX, name) else ()
            return (
                f"refs/remotes/origin/{name}",
                f"refs/tags/{name}",
                *prefix,
                f"refs/puffin/named/{name}",
            )


def _refspec(reference: GitReference | None) -> str:
    """What to fetch to get *reference* alone, into the place `_candidates` looks."""
    if reference is None:
        return _HEAD
    name = reference.name
    match reference.kind:
        case GitReferenceKind.BRANCH:
            return f"+refs/heads/{name}:refs/remotes/origin/{name}"
        case GitReferenceKind.TAG:
            return f"+refs/tags/{name}:refs/tags/{name}"
        case GitReferenceKind.COMMIT:
            return f"+{name}:refs/puffin/commit/{name}"
        case GitReferenceKind.REV:
            # The remote expands the name as `git rev-parse` would (refs/<name>,
            # refs/tags/<name>, refs/heads/<name>, ...).
            return f"+{name}:refs/puffin/named/{name}"


def _is_db(path: Path) -> bool:
    # The files `git init --bare` creates; what lacks them is debris from a killed
    # process or another tool.
    return (
        (path / "HEAD").is_file()
        and (path / "config").is_file()
        and (path / "objects").is_dir()
        and (path / "refs").is_dir()
    )


def _is_checkout(path: Path) -> bool:
    return os.path.exists(path / ".git")


def _remove_stale_locks(db: Path) -> None:
    """Delete the ``*.lock`` files a killed git left in *db* (call with the lock held).

    git refuses to update a ref (or ``packed-refs``, ``config``...) while its lock file
    exists; with our lock held, no other git process can be writing here.
    """
    for directory, _, files in os.walk(db / "refs"):
        for name in files:
            if name.endswith(".lock"):
                with suppress(OSError):
                    os.unlink(os.path.join(directory, name))
    for name in ("packed-refs.lock", "config.lock", "HEAD.lock", "shallow.lock"):
        with suppress(OSError):
            os.unlink(db / name)


class CachedRepository:
    """One remote repository's place in the cache, with the git work done there.

    Nothing here locks between threads (the caller holds a lock per repository);
    the file lock `lock` orders processes.
    """

    __slots__ = ("cache", "checkouts", "db", "digest", "url")

    def __init__(self, cache: Cache, url: str, resource_id: str) -> None:
        self.cache = cache
        self.url = url
        self.digest = cache_digest(resource_id)
        bucket = cache.bucket(CacheBucket.GIT)
        self.db = bucket / "db" / self.digest
        self.checkouts = bucket / "checkouts" / self.digest

    def lock(self) -> LockedFile:
        """The cross-process lock of this repository, held while its cache entries change."""
        return self.cache.lock(self.db)

    def checkout_path(self, commit: str) -> Path:
        """Where the checkout of *commit* (a full hash) lives."""
        return self.checkouts / commit

    def has_checkout(self, commit: str) -> bool:
        """Whether the checkout of *commit* is in place."""
        return _is_checkout(self.checkout_path(commit))

    def lookup(self, reference: GitReference | None) -> str | None:
        """The full commit *reference* names in the database as it is, or None."""
        if not _is_db(self.db):
            return None
        for name in _candidates(reference):
            completed = git(
                [
                    *git_dir_args(self.db),
                    "rev-parse",
                    "--verify",
                    "--quiet",
                    f"{name}^{{commit}}",
                ],
                repository=self.url,
                action="rev-parse",
            )
            commit = completed.stdout.strip()
            if completed.returncode == 0 and is_full_commit(commit):
                return commit
        return None

    def fetch_all(self) -> None:
        """Fetch every branch and tag and the remote's ``HEAD`` into the database.

        :raises GitCommandError: the fetch failed.
        """
        with self.lock():
            self._ensure_db()
            try:
                self._fetch(_BRANCHES, _TAGS, _HEAD, prune=True)
            except GitCommandError as exc:
                # A remote whose HEAD names a branch that does not exist (seen on bare
                # repositories of self-hosted servers) still has branches and tags.
                if "couldn't find remote ref HEAD" not in exc.stderr:
                    raise
                self._fetch(_BRANCHES, _TAGS, prune=True)

    def fetch_one(self, reference: GitReference | None) -> bool:
        """Fetch *reference* alone; False when the remote has no such ref or commit.

        :raises GitCommandError: the fetch failed for another reason.
        """
        with self.lock():
            self._ensure_db()
            try:
                self._fetch(_refspec(reference))
            except GitCommandError as exc:
                if any(text in exc.stderr for text in _MISSING):
                    return False
                raise
        return True

    def create_checkout(self, commit: str, *, offline: bool) -> Path:
        """Check out *commit* (in the database) with its submodules, unless it already is.

        :raises GitCommandError: a git command failed.
        :raises GitOfflineError: the commit has submodules and the network is off.
        """
        path = self.checkout_path(commit)
        if _is_checkout(path):
            return path
        with self.lock():
            if _is_checkout(path):
                return path
            # A checkout without its .git was left half-removed by someone else.
            remove_tree(path)
            with self.cache.temp_dir(CacheBucket.GIT) as temp:
                # A clone of a local path hard-links the database's objects (or copies
                # them across file systems): it holds every commit, fetched by any ref.
                self._run(["clone", "--quiet", "--no-checkout", "--", self.db, temp], "clone")
                work: list[str | os.PathLike[str]] = ["-C", temp]
                self._run([*work, "checkout", "--quiet", "--detach", commit], "checkout")
                if (temp / ".gitmodules").exists():
                    if offline:
                        raise GitOfflineError(self.url, f"the submodules of commit {commit}")
                    # Relative submodule URLs are relative to the superproject's remote.
                    self._run([*work, "remote", "set-url", "origin", self.url], "remote set-url")
                    self._run(
                        [*work, "submodule", "update", "--init", "--recursive", "--quiet"],
                        "submodule update",
                    )
                persist_dir(temp, path)
        return path

    def _ensure_db(self) -> None:
        """Create the bare database unless a valid one is there (call with the lock held)."""
        if _is_db(self.db):
            _remove_stale_locks(self.db)
            return
        remove_tree(self.db)
        with self.cache.temp_dir(CacheBucket.GIT) as temp:
            self._run(["init", "--quiet", "--bare", temp], "init")
            persist_dir(temp, self.db)

    def _fetch(self, *refspecs: str, prune: bool = False) -> None:
        # Pruning drops the branches and tags the remote deleted, so that they no longer
        # resolve; only the fetch of all of them can tell.
        options = ["--prune"] if prune else []
        args = ["fetch", "--quiet", "--force", *options, "--", self.url, *refspecs]
        self._run([*git_dir_args(self.db), *args], "fetch")

    def _run(self, args: list[str | os.PathLike[str]], action: str) -> None:
        git_output(args, repository=self.url, action=action)

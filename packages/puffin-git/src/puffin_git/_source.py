"""`GitSource`: resolve git references to commits and check commits out, once per run."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from distribution_types import GitReference, GitReferenceKind, GitSourceDist, redact_url
from puffin_git._frozen import Frozen, set_field
from puffin_git._repository import CachedRepository, is_full_commit, is_usable
from puffin_git.errors import GitOfflineError, GitReferenceNotFound

if TYPE_CHECKING:
    from pathlib import Path

    from puffin_cache import Cache

__all__ = ["GitCheckout", "GitSource"]


class GitCheckout(Frozen):
    """A commit of a repository checked out in the cache, with its submodules.

    ``path`` is the root of the working tree: a dist's ``subdirectory`` is the
    caller's to apply. ``repository`` is the URL fetched (credentials kept; the
    ``repr`` redacts them).
    """

    __match_args__ = ("commit", "path", "repository")
    __slots__ = __match_args__

    commit: str
    path: Path
    repository: str

    def __init__(self, commit: str, path: Path, repository: str) -> None:
        set_field(self, "commit", commit)
        set_field(self, "path", path)
        set_field(self, "repository", repository)

    def __repr__(self) -> str:
        return (
            f"GitCheckout(commit={self.commit!r}, path={self.path!r}, "
            f"repository={redact_url(self.repository)!r})"
        )


class GitSource:
    """Fetches git repositories into the cache and checks commits out, for one run.

    Each repository is fetched at most once per `GitSource` (a reference missing after
    that fetch is asked for alone), and a reference resolves to the same commit for
    the whole run. A full commit hash already in the cache is used without fetching,
    which also works offline. Safe to call from several threads at once, and from
    several processes sharing the cache.

    :param cache: where repositories (``git-v0/db``) and checkouts go.
    :param offline: never touch the network: only what the cache holds is used.
    """

    __slots__ = ("_fetched", "_guard", "_locks", "_resolved", "_tried", "cache", "offline")

    def __init__(self, cache: Cache, *, offline: bool = False) -> None:
        self.cache = cache
        self.offline = offline
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        # Per run, each keyed by the repository's digest: repositories fetched whole,
        # references fetched alone, references resolved.
        self._fetched: set[str] = set()
        self._tried: set[tuple[str, GitReference | None]] = set()
        self._resolved: dict[tuple[str, GitReference | None], str] = {}

    def fetch(self, dist: GitSourceDist) -> GitCheckout:
        """Make sure the commit *dist* asks for is checked out, and say where.

        :raises GitReferenceNotFound: the repository has no such branch, tag or commit.
        :raises GitOfflineError: offline, and the cache lacks what is needed.
        :raises GitCommandError: git failed (network, authentication, ...).
        :raises GitNotFound: git is not installed.
        """
        repository = self._repository(dist)
        known = _checked_out(repository, dist)
        if known is not None:
            return GitCheckout(known, repository.checkout_path(known), dist.repository)
        with self._lock(repository.digest):
            commit = self._resolve(repository, _reference(dist))
            path = repository.create_checkout(commit, offline=self.offline)
        return GitCheckout(commit, path, dist.repository)

    def resolve(self, dist: GitSourceDist) -> str:
        """The full commit *dist* asks for, fetching the repository if needed (no checkout).

        :raises GitReferenceNotFound: the repository has no such branch, tag or commit.
        :raises GitOfflineError: offline, and the cache lacks what is needed.
        :raises GitCommandError: git failed (network, authentication, ...).
        :raises GitNotFound: git is not installed.
        """
        repository = self._repository(dist)
        known = _checked_out(repository, dist)
        if known is not None:
            return known
        with self._lock(repository.digest):
            return self._resolve(repository, _reference(dist))

    def precise(self, dist: GitSourceDist) -> GitSourceDist:
        """*dist* pinned to the commit it resolves to (see `resolve`)."""
        return dist.with_precise(self.resolve(dist))

    def _repository(self, dist: GitSourceDist) -> CachedRepository:
        return CachedRepository(self.cache, dist.repository, dist.resource_id())

    def _lock(self, digest: str) -> threading.Lock:
        with self._guard:
            lock = self._locks.get(digest)
            if lock is None:
                lock = self._locks[digest] = threading.Lock()
            return lock

    def _resolve(self, repository: CachedRepository, reference: GitReference | None) -> str:
        """The commit of *reference*, fetching as needed (the repository's lock is held)."""
        key = (repository.digest, reference)
        commit = self._resolved.get(key)
        if commit is None:
            commit = self._find(repository, reference)
            self._resolved[key] = commit
        return commit

    def _find(self, repository: CachedRepository, reference: GitReference | None) -> str:
        if not is_usable(reference):
            raise GitReferenceNotFound(repository.url, reference)
        digest = repository.digest
        is_commit = reference is not None and reference.kind is GitReferenceKind.COMMIT
        # A commit is the same whenever fetched, and offline the cache is all there is.
        if is_commit or self.offline or digest in self._fetched:
            commit = repository.lookup(reference)
            if commit is not None:
                return commit
            if self.offline:
                raise GitOfflineError.missing(repository.url, reference)
        fetched_now = digest not in self._fetched
        if fetched_now:
            repository.fetch_all()
            self._fetched.add(digest)
            commit = repository.lookup(reference)
            if commit is not None:
                return commit
        # Branches, tags and HEAD came with the fetch just made; a commit outside them, a
        # ref such as refs/pull/1/head, or anything added since an earlier fetch of this
        # run, is fetched by name, once.
        retry = not fetched_now or (
            reference is not None
            and reference.kind in (GitReferenceKind.COMMIT, GitReferenceKind.REV)
        )
        if retry and (digest, reference) not in self._tried:
            self._tried.add((digest, reference))
            if repository.fetch_one(reference):
                commit = repository.lookup(reference)
                if commit is not None:
                    return commit
        raise GitReferenceNotFound(repository.url, reference)


def _reference(dist: GitSourceDist) -> GitReference | None:
    """What to resolve: the pinned commit when there is one, else the dist's reference."""
    if dist.precise is not None:
        return GitReference(GitReferenceKind.COMMIT, dist.precise)
    return dist.reference


def _checked_out(repository: CachedRepository, dist: GitSourceDist) -> str | None:
    """The full commit *dist* pins when it is checked out already: the common case,
    answered with no lock and no git process."""
    known = dist.commit
    if known is not None and is_full_commit(known) and repository.has_checkout(known):
        return known
    return None

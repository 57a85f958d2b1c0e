"""What one run fetches, what a new run fetches, offline runs, and damaged cache entries."""

from __future__ import annotations

import shutil

import pytest

from puffin_cache import Cache, cache_digest
from puffin_git import GitOfflineError, GitSource
from puffin_git._repository import CachedRepository
from puffin_git_origin import History, Origin


@pytest.fixture
def fetch_count(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs of the whole-repository fetches made, in order."""
    calls: list[str] = []
    original = CachedRepository.fetch_all

    def counting(self: CachedRepository) -> None:
        calls.append(self.url)
        original(self)

    monkeypatch.setattr(CachedRepository, "fetch_all", counting)
    return calls


class TestOneRun:
    def test_repository_is_fetched_once(
        self, cache: Cache, origin: Origin, history: History, fetch_count: list[str]
    ) -> None:
        source = GitSource(cache)
        source.fetch(origin.dist("v1"))
        source.fetch(origin.dist("v1"))
        source.fetch(origin.dist("v2"))
        source.resolve(origin.dist())
        assert fetch_count == [origin.url]

    def test_second_dist_needs_no_origin(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        source = GitSource(cache)
        source.fetch(origin.dist("v1"))
        shutil.rmtree(origin.path)
        assert source.fetch(origin.dist("v2")).commit == history.second
        assert source.fetch(origin.dist("feature")).commit == history.feature
        assert source.resolve(origin.dist()) == history.second

    def test_reference_resolves_once_per_run(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        source = GitSource(cache)
        assert source.resolve(origin.dist("main")) == history.second
        newer = origin.commit("third")
        assert source.resolve(origin.dist("main")) == history.second
        assert GitSource(cache).resolve(origin.dist("main")) == newer

    def test_reference_created_after_the_fetch_is_fetched_alone(
        self, cache: Cache, origin: Origin, history: History, fetch_count: list[str]
    ) -> None:
        source = GitSource(cache)
        source.resolve(origin.dist("v1"))
        origin.git("tag", "v3", history.feature)
        assert source.resolve(origin.dist("v3")) == history.feature
        assert fetch_count == [origin.url]

    def test_new_run_fetches_again(
        self, cache: Cache, origin: Origin, history: History, fetch_count: list[str]
    ) -> None:
        GitSource(cache).fetch(origin.dist("feature"))
        origin.git("checkout", "--quiet", "feature")
        newer = origin.commit("more on feature")
        checkout = GitSource(cache).fetch(origin.dist("feature"))
        assert checkout.commit == newer
        assert (checkout.path / "file.txt").read_text() == "more on feature"
        assert fetch_count == [origin.url, origin.url]

    def test_cached_commit_needs_no_fetch(
        self, cache: Cache, origin: Origin, history: History, fetch_count: list[str]
    ) -> None:
        GitSource(cache).resolve(origin.dist("v1"))
        shutil.rmtree(origin.path)
        source = GitSource(cache)
        assert source.fetch(origin.dist(history.feature)).commit == history.feature
        assert source.fetch(origin.dist("v1").with_precise(history.first)).commit == history.first
        assert fetch_count == [origin.url]


class TestOffline:
    def test_cached_commits_work_offline(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        GitSource(cache).fetch(origin.dist("v1"))
        shutil.rmtree(origin.path)
        source = GitSource(cache, offline=True)
        assert source.fetch(origin.dist(history.first)).commit == history.first
        # In the repository, not yet checked out.
        assert source.fetch(origin.dist(history.second)).commit == history.second
        # Names resolve as the last fetch left them.
        assert source.resolve(origin.dist("feature")) == history.feature

    def test_empty_cache_fails_offline(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        with pytest.raises(GitOfflineError) as info:
            GitSource(cache, offline=True).fetch(origin.dist(history.first))
        assert info.value.repository == origin.url
        assert "offline" in str(info.value)
        assert history.first in str(info.value)
        assert not (cache.root / "git-v0" / "db").exists()

    def test_missing_commit_fails_offline(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        GitSource(cache).resolve(origin.dist("v1"))
        newer = origin.commit("not fetched")
        source = GitSource(cache, offline=True)
        with pytest.raises(GitOfflineError):
            source.fetch(origin.dist(newer))
        with pytest.raises(GitOfflineError, match="revision 'v9'"):
            source.fetch(origin.dist("v9"))


class TestDamagedEntries:
    def test_database_that_is_no_repository_is_rebuilt(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        dist = origin.dist("v1")
        db = cache.root / "git-v0" / "db" / cache_digest(dist.resource_id())
        db.mkdir(parents=True)
        (db / "junk").write_text("left by another tool")
        assert GitSource(cache).fetch(dist).commit == history.first
        assert (db / "HEAD").is_file()
        assert not (db / "junk").exists()

    def test_half_database_is_rebuilt(self, cache: Cache, origin: Origin, history: History) -> None:
        dist = origin.dist("v2")
        GitSource(cache).resolve(dist)
        db = cache.root / "git-v0" / "db" / cache_digest(dist.resource_id())
        shutil.rmtree(db / "objects")
        assert GitSource(cache).fetch(dist).commit == history.second

    def test_checkout_without_git_folder_is_rebuilt(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        dist = origin.dist("v1")
        checkout = GitSource(cache).fetch(dist)
        shutil.rmtree(checkout.path / ".git")
        (checkout.path / "file.txt").unlink()
        again = GitSource(cache).fetch(dist.with_precise(history.first))
        assert again.path == checkout.path
        assert (again.path / ".git").exists()
        assert (again.path / "file.txt").read_text() == "first"

    def test_lock_files_of_a_killed_git_are_removed(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        dist = origin.dist("v1")
        GitSource(cache).resolve(dist)
        db = cache.root / "git-v0" / "db" / cache_digest(dist.resource_id())
        (db / "packed-refs.lock").write_text("")
        (db / "refs" / "tags" / "v1.lock").write_text("")
        (db / "refs" / "remotes" / "origin").mkdir(parents=True, exist_ok=True)
        (db / "refs" / "remotes" / "origin" / "feature.lock").write_text("")
        origin.git("tag", "--force", "v1", history.feature)
        origin.git("checkout", "--quiet", "feature")
        newer = origin.commit("newer feature")
        source = GitSource(cache)
        assert source.resolve(dist) == history.feature
        assert source.resolve(origin.dist("feature")) == newer

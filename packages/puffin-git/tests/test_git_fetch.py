"""Resolving references and checking commits out, against local origin repositories."""

from __future__ import annotations

from pathlib import Path

import pytest

from distribution_types import GitReference, GitReferenceKind
from puffin_cache import Cache, cache_digest
from puffin_git import GitReferenceNotFound, GitSource
from puffin_git_origin import History, Origin, run_git


class TestReferences:
    def test_lightweight_tag(self, cache: Cache, origin: Origin, history: History) -> None:
        checkout = GitSource(cache).fetch(origin.dist("v1"))
        assert checkout.commit == history.first
        assert (checkout.path / "file.txt").read_text() == "first"

    def test_annotated_tag_resolves_to_its_commit(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        assert GitSource(cache).resolve(origin.dist("v2")) == history.second

    def test_explicit_tag_and_branch(self, cache: Cache, origin: Origin, history: History) -> None:
        source = GitSource(cache)
        assert source.resolve(origin.dist_of(GitReference.tag("v2"))) == history.second
        assert source.resolve(origin.dist_of(GitReference.branch("feature"))) == history.feature

    def test_branch_by_rev(self, cache: Cache, origin: Origin, history: History) -> None:
        checkout = GitSource(cache).fetch(origin.dist("feature"))
        assert checkout.commit == history.feature
        assert (checkout.path / "file.txt").read_text() == "feature"

    def test_branch_wins_over_tag_of_the_same_name(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        origin.git("tag", "both", history.first)
        origin.git("branch", "both", history.feature)
        assert GitSource(cache).resolve(origin.dist("both")) == history.feature

    def test_default_branch(self, cache: Cache, origin: Origin, history: History) -> None:
        dist = origin.dist()
        assert dist.reference is None
        assert GitSource(cache).fetch(dist).commit == history.second

    def test_default_branch_is_the_remote_head(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        origin.git("symbolic-ref", "HEAD", "refs/heads/feature")
        assert GitSource(cache).resolve(origin.dist()) == history.feature

    def test_full_commit(self, cache: Cache, origin: Origin, history: History) -> None:
        dist = origin.dist(history.first)
        assert dist.reference is not None
        assert dist.reference.kind is GitReferenceKind.COMMIT
        assert GitSource(cache).fetch(dist).commit == history.first

    def test_short_commit(self, cache: Cache, origin: Origin, history: History) -> None:
        checkout = GitSource(cache).fetch(origin.dist(history.feature[:8]))
        assert checkout.commit == history.feature

    def test_pull_request_ref(self, cache: Cache, origin: Origin, history: History) -> None:
        checkout = GitSource(cache).fetch(origin.dist("refs/pull/1/head"))
        assert checkout.commit == history.pull
        assert (checkout.path / "file.txt").read_text() == "pull request"

    def test_commit_reachable_only_from_another_ref(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        assert GitSource(cache).fetch(origin.dist(history.pull)).commit == history.pull

    @pytest.mark.parametrize(
        "reference",
        [
            GitReference.from_rev("nope"),
            GitReference.from_rev("abcdef12"),
            GitReference.branch("v1"),
            GitReference.tag("feature"),
            GitReference.from_rev("0" * 40),
        ],
    )
    def test_missing_reference(
        self, cache: Cache, origin: Origin, history: History, reference: GitReference
    ) -> None:
        with pytest.raises(GitReferenceNotFound) as info:
            GitSource(cache).fetch(origin.dist_of(reference))
        assert info.value.reference == reference
        assert info.value.repository == origin.url
        assert origin.url in str(info.value)
        assert repr(reference.name) in str(info.value)

    @pytest.mark.parametrize("name", ["--upload-pack=touch pwned", "a..b", "x:y", "a b"])
    def test_names_git_would_misread_are_not_found(
        self, cache: Cache, origin: Origin, history: History, name: str
    ) -> None:
        with pytest.raises(GitReferenceNotFound):
            GitSource(cache).fetch(origin.dist_of(GitReference.from_rev(name)))
        assert not (Path.cwd() / "pwned").exists()

    def test_empty_repository_has_no_default_branch(self, cache: Cache, origin: Origin) -> None:
        with pytest.raises(GitReferenceNotFound, match="the default branch"):
            GitSource(cache).fetch(origin.dist())


class TestCheckout:
    def test_layout(self, cache: Cache, origin: Origin, history: History) -> None:
        dist = origin.dist("v1")
        checkout = GitSource(cache).fetch(dist)
        digest = cache_digest(dist.resource_id())
        assert checkout.path == cache.root / "git-v0" / "checkouts" / digest / history.first
        assert (cache.root / "git-v0" / "db" / digest / "HEAD").is_file()
        assert checkout.repository == origin.url

    def test_detached_at_the_commit(self, cache: Cache, origin: Origin, history: History) -> None:
        checkout = GitSource(cache).fetch(origin.dist("feature"))
        assert run_git("-C", checkout.path, "rev-parse", "HEAD") == history.feature
        status = run_git("-C", checkout.path, "status", "--porcelain", "--branch")
        assert status.startswith("## HEAD (no branch)")

    def test_subdirectory_is_left_to_the_caller(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        dist = origin.dist("v1", fragment="#subdirectory=sub")
        assert dist.subdirectory == "sub"
        checkout = GitSource(cache).fetch(dist)
        assert checkout.path.name == history.first
        assert (checkout.path / "sub" / "pyproject.toml").is_file()

    def test_same_commit_shares_a_checkout(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        source = GitSource(cache)
        by_tag = source.fetch(origin.dist("v2"))
        by_branch = source.fetch(origin.dist("main"))
        assert by_tag.path == by_branch.path

    def test_no_temporary_directories_left(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        GitSource(cache).fetch(origin.dist("v1"))
        assert sorted(p.name for p in (cache.root / "git-v0").iterdir()) == ["checkouts", "db"]

    def test_submodules(
        self, cache: Cache, tmp_path: Path, origin: Origin, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        library = Origin(tmp_path / "library")
        library.commit("library", {"lib.txt": "from the submodule"})
        # git refuses file:// submodules by default (they can read local files).
        monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
        monkeypatch.setenv("GIT_CONFIG_KEY_0", "protocol.file.allow")
        monkeypatch.setenv("GIT_CONFIG_VALUE_0", "always")
        origin.git("submodule", "--quiet", "add", library.url, "lib")
        commit = origin.commit("with a submodule")
        checkout = GitSource(cache).fetch(origin.dist())
        assert checkout.commit == commit
        assert (checkout.path / "lib" / "lib.txt").read_text() == "from the submodule"


class TestResolve:
    def test_resolve_checks_nothing_out(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        assert GitSource(cache).resolve(origin.dist("v1")) == history.first
        assert not (cache.root / "git-v0" / "checkouts").exists()

    def test_precise(self, cache: Cache, origin: Origin, history: History) -> None:
        source = GitSource(cache)
        dist = origin.dist("feature")
        precise = source.precise(dist)
        assert precise == dist.with_precise(history.feature)
        assert precise.commit == history.feature

    def test_precise_commit_wins_over_the_reference(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        pinned = origin.dist("feature").with_precise(history.first)
        assert GitSource(cache).fetch(pinned).commit == history.first

"""Errors and their messages, git missing, the exported names and the docstring examples."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import puffin_git
from distribution_types import GitReference, GitSourceDist
from puffin_cache import Cache
from puffin_git import (
    GitCheckout,
    GitCommandError,
    GitNotFound,
    GitOfflineError,
    GitReferenceNotFound,
    GitSource,
    PuffinGitError,
)
from puffin_git_origin import History, Origin
from puffin_pep508 import VerbatimUrl

SECRET_URL = "https://user:secret@example.com/org/repo.git"
MODULES = [
    "puffin_git",
    *sorted(f"puffin_git.{info.name}" for info in pkgutil.iter_modules(puffin_git.__path__)),
]


class TestMessages:
    def test_tree(self) -> None:
        for error in (GitNotFound, GitCommandError, GitReferenceNotFound, GitOfflineError):
            assert issubclass(error, PuffinGitError)
        assert issubclass(GitReferenceNotFound, LookupError)

    def test_credentials_are_redacted(self) -> None:
        errors: list[PuffinGitError] = [
            GitNotFound(SECRET_URL),
            GitCommandError(SECRET_URL, "fetch", f"fatal: unable to access '{SECRET_URL}/'"),
            GitReferenceNotFound(SECRET_URL, GitReference.tag("v1")),
            GitOfflineError.missing(SECRET_URL, None),
        ]
        for error in errors:
            assert "secret" not in str(error)
            assert "user:****@example.com" in str(error)
            assert "secret" not in repr(error.args)

    def test_command_error_is_one_line_and_an_indented_tail(self) -> None:
        stderr = "".join(f"line {n}\n" for n in range(30)) + "\n  \nfatal: the end\n"
        error = GitCommandError("https://example.com/r.git", "fetch", stderr)
        first, *tail = str(error).splitlines()
        assert first == "git fetch failed for https://example.com/r.git"
        assert len(tail) == 10
        assert all(line.startswith("    ") for line in tail)
        assert tail[-1] == "    fatal: the end"

    def test_reference_not_found(self) -> None:
        error = GitReferenceNotFound("https://example.com/r", GitReference.branch("dev"))
        assert str(error) == "branch 'dev' not found in git repository https://example.com/r"

    def test_checkout_repr_redacts(self) -> None:
        checkout = GitCheckout("0" * 40, Path("/cache/x"), SECRET_URL)
        assert "secret" not in repr(checkout)
        assert checkout.repository == SECRET_URL


class TestFailures:
    def test_git_missing(
        self, cache: Cache, tmp_path: Path, origin: Origin, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        empty = tmp_path / "empty-bin"
        empty.mkdir()
        monkeypatch.setenv("PATH", str(empty))
        with pytest.raises(GitNotFound) as info:
            GitSource(cache).fetch(origin.dist("v1"))
        assert origin.url in str(info.value)

    def test_missing_repository(self, cache: Cache, tmp_path: Path) -> None:
        gone = Origin(tmp_path / "gone")
        url = gone.url
        gone.path.rename(tmp_path / "elsewhere")
        with pytest.raises(GitCommandError) as info:
            GitSource(cache).fetch(gone.dist("v1"))
        assert info.value.action == "fetch"
        assert str(info.value).startswith(f"git fetch failed for {url}\n    ")

    def test_credentials_redacted_from_git_output(
        self, cache: Cache, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        for name in (
            "http_proxy",
            "https_proxy",
            "all_proxy",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
        ):
            monkeypatch.delenv(name, raising=False)
        # Nothing listens on the discard port: the connection is refused at once.
        url = "git+http://user:secret@127.0.0.1:9/org/repo.git@v1"
        dist = GitSourceDist.from_git_url("pkg", VerbatimUrl.parse_url(url))
        with pytest.raises(GitCommandError) as info:
            GitSource(cache).fetch(dist)
        message = str(info.value)
        assert "secret" not in message
        assert message.startswith("git fetch failed for http://user:****@127.0.0.1:9/org/repo.git")

    def test_errors_do_not_leave_temporary_directories(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        with pytest.raises(GitReferenceNotFound):
            GitSource(cache).fetch(origin.dist("nope"))
        assert sorted(p.name for p in (cache.root / "git-v0").iterdir()) == ["db"]


class TestExports:
    def test_all_is_sorted_and_complete(self) -> None:
        exported = puffin_git.__all__
        assert exported == sorted(exported)
        public = {
            name
            for name, value in vars(puffin_git).items()
            if not name.startswith("_")
            and getattr(value, "__module__", "").startswith("puffin_git")
        }
        assert public == set(exported)

    def test_public_objects_have_docstrings(self) -> None:
        for name in puffin_git.__all__:
            assert getattr(puffin_git, name).__doc__, name


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0

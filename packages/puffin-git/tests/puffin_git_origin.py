"""Remote repositories for the tests, made with the `git` command in a temporary folder."""

from __future__ import annotations

import subprocess
from pathlib import Path

from distribution_types import GitReference, GitSourceDist
from puffin_pep508 import VerbatimUrl


def run_git(*args: str | Path) -> str:
    """Run git for a fixture and return its output; any failure fails the test."""
    completed = subprocess.run(
        ["git", *args], capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


class Origin:
    """A repository standing for a remote one, reached through a ``file://`` URL."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = path.as_uri()
        run_git("init", "--quiet", "--initial-branch=main", path)

    def git(self, *args: str | Path) -> str:
        """Run git in the repository."""
        return run_git("-C", self.path, *args)

    def commit(self, message: str, files: dict[str, str] | None = None) -> str:
        """Write *files* (default: one file named after the message), commit, return the hash."""
        for name, text in (files or {"file.txt": message}).items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "--message", message)
        return self.rev("HEAD")

    def rev(self, name: str) -> str:
        """The commit *name* points to."""
        return self.git("rev-parse", f"{name}^{{commit}}")

    def dist(self, rev: str | None = None, *, fragment: str = "") -> GitSourceDist:
        """A dist of this repository, as a ``git+file://…@rev#fragment`` URL asks for it."""
        url = f"git+{self.url}" + (f"@{rev}" if rev else "") + fragment
        return GitSourceDist.from_git_url("pkg", VerbatimUrl.parse_url(url))

    def dist_of(self, reference: GitReference) -> GitSourceDist:
        """A dist of this repository at an explicit *reference*."""
        return GitSourceDist("pkg", VerbatimUrl.parse_url(f"git+{self.url}"), reference)


class History:
    """The commits of the standard origin, by role."""

    def __init__(self, origin: Origin) -> None:
        self.first = origin.commit("first", {"file.txt": "first", "sub/pyproject.toml": "x"})
        origin.git("tag", "v1")  # lightweight
        self.second = origin.commit("second")
        origin.git("tag", "--annotate", "v2", "--message", "v2")
        origin.git("checkout", "--quiet", "-b", "feature")
        self.feature = origin.commit("feature")
        origin.git("checkout", "--quiet", "--detach", "main")
        self.pull = origin.commit("pull request")
        origin.git("update-ref", "refs/pull/1/head", "HEAD")
        origin.git("checkout", "--quiet", "main")

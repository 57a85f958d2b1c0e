"""Git sources: which revision to check out (`GitReference`) and how pip spells it in URLs."""

from __future__ import annotations

import enum
import re

from distribution_types._frozen import Frozen, set_field
from distribution_types.errors import InvalidDistUrl

__all__ = ["GitReference", "GitReferenceKind", "split_git_url"]

# SHA-1 object names are 40 hex digits, SHA-256 ones 64. A pattern, not a compiled
# one: `re.fullmatch` compiles it (once) on first use, and few runs see a git URL.
_FULL_COMMIT = r"[0-9a-f]{40}|[0-9a-f]{64}"


class GitReferenceKind(enum.Enum):
    """What a `GitReference` names."""

    BRANCH = "branch"
    TAG = "tag"
    REV = "rev"
    """A name from a URL's ``@rev``: a branch, a tag, a short commit or another ref."""
    COMMIT = "commit"
    """A full commit hash (nothing to look up)."""


class GitReference(Frozen):
    """A revision of a git repository to check out.

    A URL's ``@rev`` cannot say whether it names a branch or a tag, so it is
    a `GitReferenceKind.REV` unless it is a full commit hash:

    >>> GitReference.from_rev("v1.0")
    GitReference(kind=<GitReferenceKind.REV: 'rev'>, name='v1.0')
    >>> GitReference.from_rev("0123456789abcdef0123456789abcdef01234567").kind
    <GitReferenceKind.COMMIT: 'commit'>
    """

    __match_args__ = ("kind", "name")
    __slots__ = __match_args__

    kind: GitReferenceKind
    name: str

    def __init__(self, kind: GitReferenceKind, name: str) -> None:
        set_field(self, "kind", kind)
        set_field(self, "name", name)

    @classmethod
    def from_rev(cls, rev: str) -> GitReference:
        """The reference of a URL's ``@rev``."""
        if re.fullmatch(_FULL_COMMIT, rev):
            return cls(GitReferenceKind.COMMIT, rev)
        return cls(GitReferenceKind.REV, rev)

    @classmethod
    def branch(cls, name: str) -> GitReference:
        """A branch, by name."""
        return cls(GitReferenceKind.BRANCH, name)

    @classmethod
    def tag(cls, name: str) -> GitReference:
        """A tag, by name."""
        return cls(GitReferenceKind.TAG, name)

    @property
    def is_full_commit(self) -> bool:
        """Whether the reference is a full commit hash."""
        return self.kind is GitReferenceKind.COMMIT

    def __str__(self) -> str:
        return self.name


def split_git_url(url: str) -> tuple[str, str | None]:
    """Split a ``git+`` URL into the repository to fetch and the ``@rev`` it asks for.

    The repository URL loses the ``git+`` prefix, the revision and the fragment;
    credentials stay, since fetching needs them.

    >>> split_git_url("git+https://example.com/org/repo.git@v1.0#subdirectory=sub")
    ('https://example.com/org/repo.git', 'v1.0')
    >>> split_git_url("git+ssh://git@example.com/org/repo")
    ('ssh://git@example.com/org/repo', None)
    """
    without_fragment = url.partition("#")[0]
    scheme, sep, rest = without_fragment.partition("://")
    if not sep or not scheme.startswith("git+"):
        raise InvalidDistUrl(
            url, "a git URL starts with 'git+' and a transport, like 'git+https://'"
        )
    transport = scheme[4:]
    if not transport:
        raise InvalidDistUrl(url, "missing transport after 'git+'")
    # The revision is after the last '@' of the path; an '@' before the first
    # '/' belongs to the user info.
    slash = rest.find("/")
    if slash == -1:
        raise InvalidDistUrl(url, "missing repository path")
    netloc, path = rest[:slash], rest[slash:]
    rev: str | None = None
    if "@" in path:
        path, _, rev = path.rpartition("@")
        if not rev:
            raise InvalidDistUrl(url, "empty revision after '@'")
    if path.strip("/") == "":
        raise InvalidDistUrl(url, "missing repository path")
    return f"{transport}://{netloc}{path}", rev

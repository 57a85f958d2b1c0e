"""Source dists: from an index, a URL, a git repository, an archive path or a directory."""

from __future__ import annotations

import os
from pathlib import Path

from distribution_filename import SourceDistExtension, SourceDistFilename
from distribution_types._base import DistributionId, ResourceId, SourceDist, to_name, to_path
from distribution_types._built import file_id
from distribution_types._direct_url import (
    archive_direct_url,
    directory_direct_url,
    git_direct_url,
)
from distribution_types._frozen import Frozen, set_field
from distribution_types._git import GitReference, split_git_url
from distribution_types._index import IndexUrl
from distribution_types._urls import (
    canonical_repository,
    canonical_url,
    subdirectory_of,
    url_filename,
)
from distribution_types.errors import MissingGitCommit
from puffin_normalize import PackageName
from puffin_pep440 import Version
from puffin_pep508 import VerbatimUrl
from pypi_types import DirectUrl, File

__all__ = [
    "DirectUrlSourceDist",
    "DirectorySourceDist",
    "GitSourceDist",
    "PathSourceDist",
    "RegistrySourceDist",
]


class RegistrySourceDist(SourceDist, Frozen):
    """A source archive listed on an index page."""

    __match_args__ = ("filename", "file", "index")
    __slots__ = __match_args__

    filename: SourceDistFilename
    file: File
    index: IndexUrl

    def __init__(self, filename: SourceDistFilename, file: File, index: IndexUrl) -> None:
        set_field(self, "filename", filename)
        set_field(self, "file", file)
        set_field(self, "index", index)

    @property
    def name(self) -> PackageName:
        """The project name, from the filename."""
        return self.filename.name

    @property
    def version(self) -> Version:
        """The version, from the filename."""
        return self.filename.version

    @property
    def version_or_url(self) -> Version:
        """The version, from the filename."""
        return self.filename.version

    def distribution_id(self) -> DistributionId:
        """The file's strongest digest, else its canonical URL."""
        return file_id(self.file)

    def resource_id(self) -> ResourceId:
        """The file's canonical URL."""
        return ResourceId(canonical_url(self.file.url))

    def __repr__(self) -> str:
        return f"<RegistrySourceDist({str(self.filename)!r})>"


class DirectUrlSourceDist(SourceDist, Frozen):
    """A source archive asked for by URL, its project perhaps in a ``#subdirectory=``."""

    __match_args__ = ("name", "url", "subdirectory")
    __slots__ = __match_args__

    name: PackageName
    url: VerbatimUrl
    subdirectory: str | None

    def __init__(self, name: str, url: VerbatimUrl, subdirectory: str | None = None) -> None:
        set_field(self, "name", to_name(name))
        set_field(self, "url", url)
        set_field(self, "subdirectory", subdirectory)

    @property
    def version_or_url(self) -> VerbatimUrl:
        """The URL the archive was asked for by."""
        return self.url

    @property
    def extension(self) -> SourceDistExtension | None:
        """The archive format, from the URL's last path segment."""
        return SourceDistExtension.from_filename(url_filename(self.url.url))

    def distribution_id(self) -> DistributionId:
        """The canonical URL, with the subdirectory."""
        return DistributionId(canonical_url(self.url.url, subdirectory=self.subdirectory))

    def resource_id(self) -> ResourceId:
        """The canonical URL of the archive."""
        return ResourceId(canonical_url(self.url.url))

    def direct_url(self) -> DirectUrl:
        """An ``archive_info`` record, with the subdirectory and any fragment digest."""
        return archive_direct_url(self.url, self.subdirectory)


class GitSourceDist(SourceDist, Frozen):
    """A git repository at a branch, tag or revision (``git+https://…@v1.0``).

    ``reference`` None means the repository's default branch. ``precise`` is the
    commit the reference resolved to, once fetched (`with_precise`).

    >>> url = VerbatimUrl.parse_url("git+https://example.com/org/repo.git@v1#subdirectory=py")
    >>> dist = GitSourceDist.from_git_url("foo", url)
    >>> dist.repository, str(dist.reference), dist.subdirectory
    ('https://example.com/org/repo.git', 'v1', 'py')
    """

    __match_args__ = ("name", "url", "reference", "subdirectory", "precise")
    __slots__ = __match_args__

    name: PackageName
    url: VerbatimUrl
    reference: GitReference | None
    subdirectory: str | None
    precise: str | None

    def __init__(
        self,
        name: str,
        url: VerbatimUrl,
        reference: GitReference | None = None,
        subdirectory: str | None = None,
        precise: str | None = None,
    ) -> None:
        set_field(self, "name", to_name(name))
        set_field(self, "url", url)
        set_field(self, "reference", reference)
        set_field(self, "subdirectory", subdirectory)
        set_field(self, "precise", precise)

    @classmethod
    def from_git_url(cls, name: str, url: VerbatimUrl) -> GitSourceDist:
        """Read the revision and subdirectory from a ``git+`` URL."""
        _, rev = split_git_url(url.url)
        reference = None if rev is None else GitReference.from_rev(rev)
        return cls(name, url, reference, subdirectory_of(url.url))

    @property
    def repository(self) -> str:
        """The URL to fetch, without ``git+``, revision or fragment (credentials kept)."""
        return split_git_url(self.url.url)[0]

    @property
    def version_or_url(self) -> VerbatimUrl:
        """The URL the repository was asked for by."""
        return self.url

    @property
    def commit(self) -> str | None:
        """The full commit hash, when known (`precise`, or a full-hash reference)."""
        if self.precise is not None:
            return self.precise
        if self.reference is not None and self.reference.is_full_commit:
            return self.reference.name
        return None

    def with_precise(self, commit: str) -> GitSourceDist:
        """The same dist, pinned to *commit*."""
        return GitSourceDist(self.name, self.url, self.reference, self.subdirectory, commit)

    def distribution_id(self) -> DistributionId:
        """The canonical repository, the commit (or reference) and the subdirectory."""
        revision = self.commit or (self.reference.name if self.reference is not None else None)
        text = "git+" + canonical_repository(self.repository)
        if revision is not None:
            text += f"@{revision}"
        if self.subdirectory is not None:
            text += f"#subdirectory={self.subdirectory}"
        return DistributionId(text)

    def resource_id(self) -> ResourceId:
        """The canonical repository URL (one lock and one clone per repository)."""
        return ResourceId("git+" + canonical_repository(self.repository))

    def direct_url(self) -> DirectUrl:
        """A ``vcs_info`` record; raise `MissingGitCommit` until the commit is known."""
        commit = self.commit
        if commit is None:
            raise MissingGitCommit(self.url.url)
        requested = self.reference.name if self.reference is not None else None
        return git_direct_url(self.repository, commit, requested, self.subdirectory)


class PathSourceDist(SourceDist, Frozen):
    """A source archive on the local file system, its project perhaps in a ``#subdirectory=``."""

    __match_args__ = ("name", "path", "url", "subdirectory")
    __slots__ = __match_args__

    name: PackageName
    path: Path
    url: VerbatimUrl
    subdirectory: str | None

    def __init__(
        self,
        name: str,
        path: str | os.PathLike[str],
        url: VerbatimUrl,
        subdirectory: str | None = None,
    ) -> None:
        set_field(self, "name", to_name(name))
        set_field(self, "path", to_path(path))
        set_field(self, "url", url)
        set_field(self, "subdirectory", subdirectory)

    @property
    def version_or_url(self) -> VerbatimUrl:
        """The ``file:`` URL (or path, as written) the archive was asked for by."""
        return self.url

    @property
    def extension(self) -> SourceDistExtension | None:
        """The archive format, from the file name."""
        return SourceDistExtension.from_filename(self.path.name)

    def distribution_id(self) -> DistributionId:
        """The canonical ``file:`` URL of the archive, with the subdirectory."""
        return DistributionId(canonical_url(self.url.url, subdirectory=self.subdirectory))

    def resource_id(self) -> ResourceId:
        """The canonical ``file:`` URL of the archive."""
        return ResourceId(canonical_url(self.url.url))

    def direct_url(self) -> DirectUrl:
        """An ``archive_info`` record of the ``file:`` URL, with the subdirectory."""
        return archive_direct_url(self.url, self.subdirectory)


class DirectorySourceDist(SourceDist, Frozen):
    """A local source tree, built into a wheel, or installed in place when ``editable``.

    With a ``subdirectory``, the project is that directory inside ``path``.
    """

    __match_args__ = ("name", "path", "url", "editable", "subdirectory")
    __slots__ = __match_args__

    name: PackageName
    path: Path
    url: VerbatimUrl
    editable: bool
    subdirectory: str | None

    def __init__(
        self,
        name: str,
        path: str | os.PathLike[str],
        url: VerbatimUrl,
        editable: bool = False,
        subdirectory: str | None = None,
    ) -> None:
        set_field(self, "name", to_name(name))
        set_field(self, "path", to_path(path))
        set_field(self, "url", url)
        set_field(self, "editable", editable)
        set_field(self, "subdirectory", subdirectory)

    @property
    def version_or_url(self) -> VerbatimUrl:
        """The ``file:`` URL (or path, as written) the directory was asked for by."""
        return self.url

    def distribution_id(self) -> DistributionId:
        """The canonical ``file:`` URL of the directory, with the subdirectory."""
        return DistributionId(canonical_url(self.url.url, subdirectory=self.subdirectory))

    def resource_id(self) -> ResourceId:
        """The canonical ``file:`` URL of the directory."""
        return ResourceId(canonical_url(self.url.url))

    def direct_url(self) -> DirectUrl:
        """A ``dir_info`` record, editable or not, with the subdirectory."""
        return directory_direct_url(
            self.url, editable=self.editable, subdirectory=self.subdirectory
        )

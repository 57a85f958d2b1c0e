"""Tests of the dist kinds: display, identity, hashing and ``direct_url.json`` records."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from distribution_filename import SourceDistFilename, WheelFilename
from distribution_types import (
    BuiltDist,
    CachedDist,
    DirectorySourceDist,
    DirectUrlBuiltDist,
    DirectUrlSourceDist,
    Dist,
    GitReference,
    GitSourceDist,
    IndexUrl,
    MissingGitCommit,
    PathBuiltDist,
    PathSourceDist,
    RegistryBuiltDist,
    RegistrySourceDist,
    SourceDist,
)
from platform_tags import Tags
from puffin_normalize import PackageName
from puffin_pep440 import Version
from puffin_pep508 import VerbatimUrl
from pypi_types import ArchiveInfo, DirectUrl, DirInfo, File, Hashes, VcsInfo

INDEX = IndexUrl("https://example.com/simple")
COMMIT = "0123456789abcdef0123456789abcdef01234567"
FOO = PackageName.parse("foo")


def url(text: str) -> VerbatimUrl:
    return VerbatimUrl.parse(text, "/work")


def registry_wheel(sha256: str | None = "ab" * 32) -> RegistryBuiltDist:
    filename = WheelFilename.parse("foo-1.0-py3-none-any.whl")
    file = File(
        str(filename),
        "https://example.com/files/foo-1.0-py3-none-any.whl",
        Hashes(sha256=sha256),
    )
    return RegistryBuiltDist(filename, file, INDEX)


def registry_sdist() -> RegistrySourceDist:
    filename = SourceDistFilename.parse("foo-1.0.tar.gz", FOO)
    file = File(str(filename), "https://user:pw@example.com/files/foo-1.0.tar.gz")
    return RegistrySourceDist(filename, file, INDEX)


class TestKinds:
    def test_bases(self) -> None:
        assert isinstance(registry_wheel(), BuiltDist)
        assert isinstance(registry_sdist(), SourceDist)
        assert isinstance(Dist.from_url("foo", url("https://example.com/foo-1.tgz")), SourceDist)
        with pytest.raises(TypeError):
            Dist()  # type: ignore[abstract]

    def test_from_registry(self) -> None:
        wheel = registry_wheel()
        assert Dist.from_registry(wheel.filename, wheel.file, INDEX) == wheel
        sdist = registry_sdist()
        assert Dist.from_registry(sdist.filename, sdist.file, INDEX) == sdist

    def test_registry_version(self) -> None:
        assert registry_wheel().version == Version.parse("1.0")
        assert registry_wheel().version_or_url == Version.parse("1.0")
        assert registry_sdist().version == Version.parse("1.0")
        assert registry_sdist().name == "foo"

    def test_url_dists_answer_with_their_url(self) -> None:
        dist = Dist.from_url("foo", url("https://example.com/foo-1.0-py3-none-any.whl"))
        assert dist.version_or_url == url("https://example.com/foo-1.0-py3-none-any.whl")

    def test_frozen_and_hashable(self) -> None:
        dist = Dist.from_url("foo", url("git+https://example.com/r.git@v1"))
        with pytest.raises(AttributeError):
            dist.name = PackageName.parse("bar")  # type: ignore[misc]
        again = Dist.from_url("foo", url("git+https://example.com/r.git@v1"))
        assert dist == again
        assert len({dist, again, registry_wheel(), registry_wheel()}) == 2

    def test_pickle_round_trip(self) -> None:
        dists = [
            registry_wheel(),
            registry_sdist(),
            Dist.from_url("foo", url("git+https://example.com/r.git@v1#subdirectory=py")),
            DirectorySourceDist("foo", "/src/foo", url("/src/foo"), editable=True),
        ]
        for dist in dists:
            assert pickle.loads(pickle.dumps(dist)) == dist

    def test_constructors_take_plain_names(self) -> None:
        dist = DirectUrlSourceDist("Foo_Bar", url("https://example.com/x.zip"))
        assert dist.name == "foo-bar"
        assert isinstance(dist.name, PackageName)

    def test_extension(self) -> None:
        dist = Dist.from_url("foo", url("https://example.com/foo-1.0.tar.bz2#egg=foo"))
        assert isinstance(dist, DirectUrlSourceDist)
        assert dist.extension is not None
        assert dist.extension.value == ".tar.bz2"
        path_dist = PathSourceDist("foo", "/a/foo-1.0.zip", url("/a/foo-1.0.zip"))
        assert path_dist.extension is not None
        assert path_dist.extension.value == ".zip"


class TestCompatibility:
    def test_wheel_tags(self) -> None:
        tags = Tags([("cp312", "cp312", "manylinux_2_17_x86_64"), ("py3", "none", "any")])
        assert registry_wheel().compatibility(tags) == 1
        native = Dist.from_url(
            "foo", url("https://example.com/foo-1.0-cp312-cp312-manylinux_2_17_x86_64.whl")
        )
        assert isinstance(native, BuiltDist)
        assert native.compatibility(tags) == 0
        other = Dist.from_url("foo", url("https://example.com/foo-1.0-cp311-cp311-win32.whl"))
        assert isinstance(other, BuiltDist)
        assert other.compatibility(tags) is None
        cached = CachedDist(native.filename, "/cache/x")
        assert cached.compatibility(tags) == 0


class TestDisplay:
    def test_registry(self) -> None:
        assert str(registry_wheel()) == "foo==1.0"
        assert repr(registry_wheel()) == "<RegistryBuiltDist('foo-1.0-py3-none-any.whl')>"
        assert repr(registry_sdist()) == "<RegistrySourceDist('foo-1.0.tar.gz')>"

    def test_url_as_written_with_credentials_redacted(self) -> None:
        dist = Dist.from_url("foo", url("https://user:secret@example.com/foo-1.0.tar.gz"))
        assert str(dist) == "foo @ https://user:****@example.com/foo-1.0.tar.gz"
        assert "secret" not in repr(dist)

    def test_token_in_git_url_is_redacted(self) -> None:
        dist = Dist.from_url("foo", url("git+https://ghp_token@example.com/r.git@v1"))
        assert str(dist) == "foo @ git+https://****@example.com/r.git@v1"

    def test_path_as_written(self) -> None:
        dist = PathSourceDist("foo", "/work/foo-1.0.zip", url("./foo-1.0.zip"))
        assert str(dist) == "foo @ ./foo-1.0.zip"
        assert repr(dist) == "<PathSourceDist('foo @ ./foo-1.0.zip')>"

    def test_without_given_text(self) -> None:
        dist = DirectorySourceDist("foo", "/src/foo", VerbatimUrl.from_path("/src/foo"))
        assert str(dist) == "foo @ file:///src/foo"


class TestIdentity:
    def test_registry_by_digest(self) -> None:
        assert registry_wheel().distribution_id() == "sha256:" + "ab" * 32
        assert registry_wheel().resource_id() == (
            "https://example.com/files/foo-1.0-py3-none-any.whl"
        )

    def test_registry_without_digest_by_url(self) -> None:
        assert registry_wheel(None).distribution_id() == (
            "https://example.com/files/foo-1.0-py3-none-any.whl"
        )
        assert registry_sdist().distribution_id() == "https://example.com/files/foo-1.0.tar.gz"

    def test_url_ids_ignore_credentials_and_spelling(self) -> None:
        a = Dist.from_url("foo", url("https://user:pw@Example.com/foo-1.0.tar.gz"))
        b = Dist.from_url("foo", url("https://example.com/foo-1.0.tar.gz#egg=foo"))
        assert a.distribution_id() == b.distribution_id() == "https://example.com/foo-1.0.tar.gz"
        assert a.resource_id() == b.resource_id()

    def test_subdirectory_is_another_distribution_of_the_same_resource(self) -> None:
        a = Dist.from_url("foo", url("https://example.com/mono.zip#subdirectory=a"))
        b = Dist.from_url("foo", url("https://example.com/mono.zip#subdirectory=b"))
        assert a.distribution_id() != b.distribution_id()
        assert a.resource_id() == b.resource_id() == "https://example.com/mono.zip"

    def test_git(self) -> None:
        a = Dist.from_url("foo", url("git+https://example.com/org/r.git@v1#subdirectory=py"))
        b = Dist.from_url("foo", url("git+https://example.com/org/r@main"))
        assert a.distribution_id() == "git+https://example.com/org/r@v1#subdirectory=py"
        assert b.distribution_id() == "git+https://example.com/org/r@main"
        assert a.resource_id() == b.resource_id() == "git+https://example.com/org/r"

    def test_git_precise_commit_identifies(self) -> None:
        dist = Dist.from_url("foo", url("git+https://example.com/org/r.git@main"))
        assert isinstance(dist, GitSourceDist)
        pinned = dist.with_precise(COMMIT)
        assert pinned.distribution_id() == f"git+https://example.com/org/r@{COMMIT}"
        assert pinned.reference == GitReference.from_rev("main")
        assert pinned != dist

    def test_paths(self) -> None:
        wheel = Dist.from_url("foo", url("file:///srv/foo-1.0-py3-none-any.whl"))
        assert wheel.distribution_id() == "file:///srv/foo-1.0-py3-none-any.whl"
        directory = DirectorySourceDist("foo", "/src/foo", url("/src/foo/"))
        assert directory.distribution_id() == "file:///src/foo"
        assert directory.resource_id() == "file:///src/foo"


class TestDirectUrl:
    def test_registry_dists_have_none(self) -> None:
        assert registry_wheel().direct_url() is None
        assert registry_sdist().direct_url() is None

    def test_remote_wheel_with_hash(self) -> None:
        dist = Dist.from_url(
            "foo", url("https://u:pw@example.com/foo-1.0-py3-none-any.whl#sha256=AB")
        )
        assert dist.direct_url() == DirectUrl(
            "https://example.com/foo-1.0-py3-none-any.whl", ArchiveInfo({"sha256": "ab"})
        )

    def test_remote_sdist_with_subdirectory(self) -> None:
        dist = Dist.from_url("foo", url("https://example.com/mono.zip#subdirectory=py&egg=foo"))
        assert dist.direct_url() == DirectUrl("https://example.com/mono.zip", ArchiveInfo(), "py")

    def test_env_var_credentials_are_kept(self) -> None:
        text = "https://${USER}:${TOKEN}@example.com/foo-1.0.tar.gz"
        dist = DirectUrlSourceDist("foo", VerbatimUrl(text, text))
        direct_url = dist.direct_url()
        assert direct_url.url == text

    def test_path_wheel_and_archive(self) -> None:
        wheel = PathBuiltDist(
            "/w/foo-1.0-py3-none-any.whl",
            url("/w/foo-1.0-py3-none-any.whl"),
            WheelFilename.parse("foo-1.0-py3-none-any.whl"),
        )
        assert wheel.direct_url() == DirectUrl("file:///w/foo-1.0-py3-none-any.whl", ArchiveInfo())
        sdist = PathSourceDist("foo", "/w/foo-1.0.tar.gz", url("/w/foo-1.0.tar.gz"))
        assert sdist.direct_url() == DirectUrl("file:///w/foo-1.0.tar.gz", ArchiveInfo())

    def test_local_subdirectory(self) -> None:
        dist = DirectorySourceDist("foo", "/src/mono", url("/src/mono"), True, "py")
        assert dist.direct_url() == DirectUrl("file:///src/mono", DirInfo(editable=True), "py")
        assert dist.distribution_id() == "file:///src/mono#subdirectory=py"
        assert dist.resource_id() == "file:///src/mono"
        archive = PathSourceDist("foo", "/w/mono.zip", url("/w/mono.zip"), "py")
        assert archive.direct_url() == DirectUrl("file:///w/mono.zip", ArchiveInfo(), "py")

    @pytest.mark.parametrize("editable", [False, True])
    def test_directory(self, editable: bool) -> None:
        dist = DirectorySourceDist("foo", "/src/foo", url("/src/foo"), editable)
        assert dist.editable is editable
        assert dist.direct_url() == DirectUrl("file:///src/foo", DirInfo(editable=editable))

    def test_git_needs_its_commit(self) -> None:
        dist = Dist.from_url("foo", url("git+https://tok@example.com/org/r.git@v1"))
        assert isinstance(dist, GitSourceDist)
        with pytest.raises(MissingGitCommit, match="not known yet"):
            dist.direct_url()
        assert dist.with_precise(COMMIT).direct_url() == DirectUrl(
            "https://example.com/org/r.git", VcsInfo("git", COMMIT, "v1")
        )

    def test_git_full_commit_and_subdirectory(self) -> None:
        dist = Dist.from_url(
            "foo", url(f"git+ssh://git@example.com/r.git@{COMMIT}#subdirectory=py")
        )
        assert dist.direct_url() == DirectUrl(
            "ssh://git@example.com/r.git", VcsInfo("git", COMMIT, COMMIT), "py"
        )

    def test_git_default_branch(self) -> None:
        dist = GitSourceDist("foo", url("git+https://example.com/r"), precise=COMMIT)
        assert dist.direct_url() == DirectUrl("https://example.com/r", VcsInfo("git", COMMIT))


class TestGitReference:
    def test_kinds(self) -> None:
        assert GitReference.branch("main").kind.value == "branch"
        assert GitReference.tag("v1").kind.value == "tag"
        assert GitReference.from_rev("abc1234").kind.value == "rev"
        assert GitReference.from_rev(COMMIT).kind.value == "commit"
        assert GitReference.from_rev("f" * 64).is_full_commit
        assert not GitReference.from_rev(COMMIT.upper()).is_full_commit
        assert str(GitReference.tag("v1")) == "v1"

    def test_explicit_branch(self) -> None:
        dist = GitSourceDist("foo", url("git+https://example.com/r"), GitReference.branch("dev"))
        assert dist.commit is None
        assert dist.distribution_id() == "git+https://example.com/r@dev"


class TestCachedDist:
    def test_registry(self) -> None:
        wheel = registry_wheel()
        cached = CachedDist.from_dist(wheel, wheel.filename, Path("/cache/foo"))
        assert cached.name == "foo"
        assert cached.version == Version.parse("1.0")
        assert cached.version_or_url == Version.parse("1.0")
        assert cached.url is None
        assert cached.direct_url is None
        assert not cached.editable
        assert str(cached) == "foo==1.0"
        assert repr(cached) == "<CachedDist('foo-1.0-py3-none-any.whl')>"
        assert cached.distribution_id() == "foo-1.0-py3-none-any.whl"
        assert cached.resource_id() == "/cache/foo"

    def test_url(self) -> None:
        dist = Dist.from_url("foo", url("https://example.com/foo-1.0-py3-none-any.whl"))
        assert isinstance(dist, DirectUrlBuiltDist)
        cached = CachedDist.from_dist(dist, dist.filename, Path("/cache/url/x"))
        assert cached.url == dist.url
        assert cached.version_or_url == dist.url
        assert cached.direct_url == dist.direct_url()
        assert str(cached) == "foo @ https://example.com/foo-1.0-py3-none-any.whl"
        assert cached.distribution_id() == dist.distribution_id()

    def test_editable(self) -> None:
        dist = DirectorySourceDist("foo", "/src/foo", url("/src/foo"), editable=True)
        built = WheelFilename.parse("foo-0.1-py3-none-any.whl")
        cached = CachedDist.from_dist(dist, built, Path("/cache/built/x"))
        assert cached.editable
        assert cached.version == Version.parse("0.1")

    def test_git_needs_commit(self) -> None:
        dist = Dist.from_url("foo", url("git+https://example.com/r"))
        built = WheelFilename.parse("foo-0.1-py3-none-any.whl")
        with pytest.raises(MissingGitCommit):
            CachedDist.from_dist(dist, built, Path("/cache/x"))

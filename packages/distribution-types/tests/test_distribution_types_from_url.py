"""Tests of `Dist.from_url`: which kind of dist a URL or path names."""

from __future__ import annotations

from pathlib import Path

import pytest

from distribution_types import (
    DirectorySourceDist,
    DirectUrlBuiltDist,
    DirectUrlSourceDist,
    Dist,
    GitReference,
    GitReferenceKind,
    GitSourceDist,
    InvalidDistUrl,
    PathBuiltDist,
    PathSourceDist,
    UnsupportedUrl,
)
from puffin_pep508 import VerbatimUrl

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A working directory with a project directory, a wheel and an sdist."""
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "pyproject.toml").write_text("[project]\nname = 'foo'\n")
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "foo-1.0-py3-none-any.whl").write_bytes(b"PK")
    (tmp_path / "dist" / "foo-1.0.tar.gz").write_bytes(b"")
    return tmp_path


def classify(text: str, working_dir: Path, *, editable: bool = False) -> Dist:
    return Dist.from_url("foo", VerbatimUrl.parse(text, working_dir), editable=editable)


class TestClassification:
    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("git+https://example.com/org/foo.git", GitSourceDist),
            ("git+https://example.com/org/foo.git@v1.0#subdirectory=py", GitSourceDist),
            ("git+ssh://git@example.com/org/foo.git@main", GitSourceDist),
            ("git+file:///srv/repos/foo", GitSourceDist),
            ("https://example.com/foo-1.0-py3-none-any.whl", DirectUrlBuiltDist),
            ("https://example.com/foo-1.0-py3-none-any.whl#sha256=ab", DirectUrlBuiltDist),
            ("file:///srv/foo-1.0-py3-none-any.whl", PathBuiltDist),
            ("dist/foo-1.0-py3-none-any.whl", PathBuiltDist),
            ("proj", DirectorySourceDist),
            ("./proj", DirectorySourceDist),
            ("./proj/../proj/", DirectorySourceDist),
            ("dist/foo-1.0.tar.gz", PathSourceDist),
            ("/nowhere/foo-1.0.zip", PathSourceDist),
            ("https://example.com/foo-1.0.tar.gz", DirectUrlSourceDist),
            ("https://example.com/foo-1.0.zip", DirectUrlSourceDist),
            ("https://example.com/foo-1.0.tar.bz2", DirectUrlSourceDist),
            ("https://example.com/foo-1.0.tar.xz", DirectUrlSourceDist),
            ("https://example.com/foo-1.0.tgz", DirectUrlSourceDist),
            ("https://example.com/foo-1.0.TAR.GZ", DirectUrlSourceDist),
            ("https://example.com/archive/main.zip#subdirectory=py", DirectUrlSourceDist),
            ("http://127.0.0.1:8000/foo-1.0.tar.gz?download=1", DirectUrlSourceDist),
        ],
    )
    def test_kind(self, tree: Path, text: str, kind: type[Dist]) -> None:
        dist = classify(text, tree)
        assert type(dist) is kind
        assert dist.name == "foo"

    def test_git_reference_and_subdirectory(self, tree: Path) -> None:
        dist = classify("git+https://example.com/org/foo.git@v1.0#subdirectory=py&egg=foo", tree)
        assert isinstance(dist, GitSourceDist)
        assert dist.repository == "https://example.com/org/foo.git"
        assert dist.reference == GitReference(GitReferenceKind.REV, "v1.0")
        assert dist.subdirectory == "py"
        assert dist.precise is None

    def test_git_full_commit(self, tree: Path) -> None:
        dist = classify(f"git+https://example.com/org/foo@{COMMIT}", tree)
        assert isinstance(dist, GitSourceDist)
        assert dist.reference is not None
        assert dist.reference.is_full_commit
        assert dist.commit == COMMIT

    def test_git_without_revision(self, tree: Path) -> None:
        dist = classify("git+https://user:tok@example.com/org/foo.git", tree)
        assert isinstance(dist, GitSourceDist)
        assert dist.reference is None
        # Credentials are needed to fetch, so the repository keeps them.
        assert dist.repository == "https://user:tok@example.com/org/foo.git"

    def test_git_at_in_user_info_is_not_a_revision(self, tree: Path) -> None:
        dist = classify("git+ssh://git@example.com/org/foo.git", tree)
        assert isinstance(dist, GitSourceDist)
        assert dist.reference is None
        assert dist.repository == "ssh://git@example.com/org/foo.git"

    def test_remote_wheel(self, tree: Path) -> None:
        dist = classify("https://example.com/files/foo-1.0-py3-none-any.whl", tree)
        assert isinstance(dist, DirectUrlBuiltDist)
        assert str(dist.filename) == "foo-1.0-py3-none-any.whl"
        assert str(dist.version) == "1.0"

    def test_file_url_wheel(self, tree: Path) -> None:
        dist = classify("file:///srv/wheels/foo-2.0-py3-none-any.whl", tree)
        assert isinstance(dist, PathBuiltDist)
        assert dist.path == Path("/srv/wheels/foo-2.0-py3-none-any.whl")
        assert str(dist.version) == "2.0"

    def test_relative_directory(self, tree: Path) -> None:
        dist = classify("./proj", tree)
        assert isinstance(dist, DirectorySourceDist)
        assert dist.path == tree / "proj"
        assert dist.url.url == (tree / "proj").as_uri()
        assert not dist.editable

    def test_editable_directory(self, tree: Path) -> None:
        dist = classify("./proj", tree, editable=True)
        assert isinstance(dist, DirectorySourceDist)
        assert dist.editable

    def test_sdist_subdirectory(self, tree: Path) -> None:
        dist = classify("https://example.com/foo-1.0.zip#subdirectory=a/b/", tree)
        assert isinstance(dist, DirectUrlSourceDist)
        assert dist.subdirectory == "a/b"

    def test_local_subdirectories(self, tree: Path) -> None:
        archive = classify("dist/foo-1.0.tar.gz#subdirectory=py", tree)
        assert isinstance(archive, PathSourceDist)
        assert archive.subdirectory == "py"
        assert archive.path == tree / "dist" / "foo-1.0.tar.gz"
        directory = classify("./proj#subdirectory=sub", tree, editable=True)
        assert isinstance(directory, DirectorySourceDist)
        assert directory.subdirectory == "sub"
        assert directory.path == tree / "proj"

    def test_name_is_normalized(self, tree: Path) -> None:
        dist = Dist.from_url("Foo_Bar", VerbatimUrl.parse_url("https://example.com/x-1.zip"))
        assert dist.name == "foo-bar"


class TestRejects:
    @pytest.mark.parametrize(
        "text",
        [
            "https://example.com/foo-1.0.exe",
            "https://example.com/foo-1.0.win32.exe",
            "https://example.com/foo-1.0.egg",
            "https://example.com/download?id=3",
            "https://example.com/",
            "./missing",
            "dist/notes.txt",
            "ftp://example.com/foo-1.0.tar.gz",
            "hg+https://example.com/foo",
            "svn+https://example.com/foo",
        ],
    )
    def test_unsupported(self, tree: Path, text: str) -> None:
        (tree / "dist" / "notes.txt").write_text("")
        with pytest.raises(UnsupportedUrl) as info:
            classify(text, tree)
        assert info.value.url == text

    def test_unsupported_names_the_url_and_why(self, tree: Path) -> None:
        with pytest.raises(UnsupportedUrl) as info:
            classify("https://u:secret@example.com/foo-1.0.exe", tree)
        message = str(info.value)
        assert "https://u:****@example.com/foo-1.0.exe" in message
        assert "is not a directory, a wheel (.whl) or a source archive" in message
        assert "secret" not in message

    def test_missing_path(self, tree: Path) -> None:
        with pytest.raises(UnsupportedUrl, match="no such file or directory"):
            classify("./missing", tree)

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("https://example.com/bar-1.0-py3-none-any.whl", "the wheel is of project 'bar'"),
            ("https://example.com/foo-py3-none-any.whl", "invalid wheel filename"),
            ("git+https://example.com/org/foo.git@", "empty revision"),
            ("https://example.com/foo-1.0.zip#subdirectory=../up", "leaves the source tree"),
            ("https://example.com/foo-1.0.zip#subdirectory=/abs", "must be a relative path"),
            ("git+https://example.com/r.git#subdirectory=a/../../b", "leaves the source tree"),
        ],
    )
    def test_invalid(self, tree: Path, text: str, reason: str) -> None:
        with pytest.raises(InvalidDistUrl, match=reason) as info:
            classify(text, tree)
        assert info.value.url == text

    @pytest.mark.parametrize(
        "text",
        [
            "git+https://example.com/org/foo.git",
            "https://example.com/foo-1.0-py3-none-any.whl",
            "dist/foo-1.0.tar.gz",
            "https://example.com/foo-1.0.tar.gz",
        ],
    )
    def test_only_directories_are_editable(self, tree: Path, text: str) -> None:
        with pytest.raises(InvalidDistUrl, match="editable"):
            classify(text, tree, editable=True)

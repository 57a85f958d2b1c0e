"""Classify a URL: git repository, wheel, local directory or source archive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from distribution_filename import InvalidWheelFilename, SourceDistExtension, WheelFilename
from distribution_types._built import DirectUrlBuiltDist, PathBuiltDist
from distribution_types._source import (
    DirectorySourceDist,
    DirectUrlSourceDist,
    GitSourceDist,
    PathSourceDist,
)
from distribution_types._urls import subdirectory_of, url_filename
from distribution_types.errors import InvalidDistUrl, UnsupportedUrl

if TYPE_CHECKING:
    from distribution_types._base import Dist
    from puffin_normalize import PackageName
    from puffin_pep508 import VerbatimUrl

__all__ = ["dist_from_url"]

_REMOTE_SCHEMES = ("http", "https")
_OTHER_VCS = ("hg+", "svn+", "bzr+")
_EXTENSIONS = ", ".join(extension.value for extension in SourceDistExtension)


def dist_from_url(name: PackageName, url: VerbatimUrl, *, editable: bool) -> Dist:
    """The dist *url* names (see `Dist.from_url`)."""
    # Errors name the URL as the user wrote it; classification uses the normalized one.
    text = url.given if url.given is not None else url.url
    try:
        return _classify(name, url, text, editable=editable)
    except InvalidDistUrl as exc:
        if exc.url == text:
            raise
        raise InvalidDistUrl(text, exc.reason) from None


def _classify(name: PackageName, url: VerbatimUrl, text: str, *, editable: bool) -> Dist:
    scheme = url.scheme
    if scheme.startswith("git+"):
        if editable:
            raise InvalidDistUrl(text, "only local directories can be editable")
        return GitSourceDist.from_git_url(name, url)
    if scheme.startswith(_OTHER_VCS):
        raise UnsupportedUrl(text, f"{scheme.partition('+')[0]} repositories are not supported")
    if scheme != "file" and scheme not in _REMOTE_SCHEMES:
        raise UnsupportedUrl(text, f"unsupported scheme {scheme!r}")
    path = url.to_path()
    filename = path.name if path is not None else url_filename(url.url)
    if filename.endswith(".whl"):
        if editable:
            raise InvalidDistUrl(text, "a wheel cannot be editable; give the project directory")
        wheel = _wheel_filename(name, text, filename)
        if path is not None:
            return PathBuiltDist(path, url, wheel)
        return DirectUrlBuiltDist(url, wheel)
    if path is not None and path.is_dir():
        return DirectorySourceDist(name, path, url, editable, subdirectory_of(url.url))
    if editable:
        raise InvalidDistUrl(text, "only local directories can be editable")
    if SourceDistExtension.from_filename(filename) is None:
        if path is not None and not path.exists():
            reason = f"no such file or directory: {path}"
        else:
            reason = (
                f"{filename or 'it'!r} is not a directory, a wheel (.whl) or a source "
                f"archive ({_EXTENSIONS})"
            )
        raise UnsupportedUrl(text, reason)
    if path is not None:
        return PathSourceDist(name, path, url, subdirectory_of(url.url))
    return DirectUrlSourceDist(name, url, subdirectory_of(url.url))


def _wheel_filename(name: PackageName, url: str, filename: str) -> WheelFilename:
    try:
        wheel = WheelFilename.parse(filename)
    except InvalidWheelFilename as exc:
        raise InvalidDistUrl(url, str(exc)) from exc
    if wheel.name != name:
        raise InvalidDistUrl(url, f"the wheel is of project {str(wheel.name)!r}, not {str(name)!r}")
    return wheel

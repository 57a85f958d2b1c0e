"""Resolving the links of an index page against its URL."""

from __future__ import annotations

from urllib.parse import urljoin

__all__ = ["Resolver"]


class Resolver:
    """Resolve links against one base URL, reusing the work for links in the same folder."""

    __slots__ = ("base", "folders")

    def __init__(self, base: str) -> None:
        self.base = base
        self.folders: dict[str, str] = {}

    def __call__(self, href: str) -> str:
        if href.startswith(("https://", "http://")) or "?" in href:
            return urljoin(self.base, href)
        name = href.rpartition("/")[2]
        if name in ("", ".", ".."):
            return urljoin(self.base, href)
        # `urljoin(base, folder) + name` equals `urljoin(base, href)` when `name`
        # is a plain segment, and index pages put many files in one folder.
        folder = href[: len(href) - len(name)]
        resolved = self.folders.get(folder)
        if resolved is None:
            resolved = self.folders[folder] = urljoin(self.base, folder or "./")
        return resolved + name

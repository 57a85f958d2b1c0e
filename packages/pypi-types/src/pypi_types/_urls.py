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
        if href.startswith(("https://", "http://")):
            # An absolute link comes back from urljoin as it was parsed and put together
            # again, which is the same text unless a `?` or `#` ends an empty part (or an
            # IPv6 host is malformed, which urljoin rejects); such links are most of a
            # large index page, and urljoin was half of parsing it.
            if "?" not in href and "[" not in href and not href.endswith("#"):
                return href
            return urljoin(self.base, href)
        if "?" in href:
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

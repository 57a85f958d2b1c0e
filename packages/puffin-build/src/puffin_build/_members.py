"""`MemberCheck`: the checks every member of a source archive passes before anything is
written, whatever the archive's format.
"""

from __future__ import annotations

import re
from typing import Final, Literal

from puffin_build.errors import InvalidSourceArchive

__all__ = ["MemberCheck", "Kind"]

Kind = Literal["dir", "file", "link"]

# Linux gives up after 40 links in one path lookup; a longer chain in an archive is a loop.
_MAX_HOPS: Final = 40
_DRIVE: Final = re.compile(r"^[A-Za-z]:[/\\]")
_SEPARATORS: Final = re.compile(r"[/\\]")


class MemberCheck:
    """The members of one archive seen so far: their kinds, links and total size.

    Each member is checked as it is added (`add`), symbolic links once all are known
    (`finish`), so that a refused archive writes nothing at all.

    >>> check = MemberCheck("demo.tar", max_size=100)
    >>> check.add("./demo-1.0/setup.py", "file", size=10)
    'demo-1.0/setup.py'
    >>> check.add("demo-1.0/../../etc/passwd", "file")
    Traceback (most recent call last):
    ...
    puffin_build.errors.InvalidSourceArchive: refusing to unpack demo.tar: member \
'demo-1.0/../../etc/passwd': '..' in its path
    """

    __slots__ = ("archive", "kinds", "links", "max_size", "sizes", "total")

    def __init__(self, archive: str, *, max_size: int) -> None:
        self.archive = archive
        self.max_size = max_size
        self.kinds: dict[str, Kind] = {}
        """Normalized path -> kind, with the directories members imply."""
        self.links: dict[str, str] = {}
        """Normalized path of each symbolic link -> its target, as written."""
        self.sizes: dict[str, int] = {}
        self.total = 0

    def refuse(self, member: str, reason: str) -> InvalidSourceArchive:
        """The error that refuses *member* of this archive."""
        return InvalidSourceArchive(self.archive, member, reason)

    def normalize(self, member: str) -> str | None:
        """*member*'s path relative to the target, ``/``-separated; None for the root."""
        if "\x00" in member:
            raise self.refuse(member, "a NUL byte in its path")
        if member.startswith(("/", "\\")) or _DRIVE.match(member):
            raise self.refuse(member, "an absolute path")
        # A backslash separates on Windows only, but '..\\' is refused everywhere so that
        # the same archive is judged alike on every system.
        if ".." in _SEPARATORS.split(member):
            raise self.refuse(member, "'..' in its path")
        parts = [part for part in member.split("/") if part not in ("", ".")]
        return "/".join(parts) or None

    def add(self, member: str, kind: Kind, *, size: int = 0, link: str | None = None) -> str | None:
        """Check *member* and record it; its normalized path (None for the root directory).

        :param link: a symbolic link's target.
        :raises InvalidSourceArchive: the member must not be unpacked.
        """
        path = self.normalize(member)
        if path is None:
            if kind != "dir":
                raise self.refuse(member, "a file in place of the archive's root")
            return None
        parts = path.split("/")
        for depth in range(1, len(parts)):
            parent = "/".join(parts[:depth])
            parent_kind = self.kinds.get(parent)
            if parent_kind == "link":
                # Writing through a link could land anywhere the link points.
                raise self.refuse(member, f"its parent {parent!r} is a symbolic link")
            if parent_kind == "file":
                raise self.refuse(member, f"its parent {parent!r} is a file")
            if parent_kind is None:
                self.kinds[parent] = "dir"
        previous = self.kinds.get(path)
        if previous is not None and (previous != kind or kind == "link"):
            raise self.refuse(member, f"it appears twice, as a {previous} and as a {kind}")
        self.kinds[path] = kind
        if kind == "link":
            if not link:
                raise self.refuse(member, "a symbolic link without a target")
            self.links[path] = link
        elif kind == "file":
            self.total += size - self.sizes.get(path, 0)
            self.sizes[path] = size
            if self.total > self.max_size:
                raise self.refuse(member, f"the archive unpacks to more than {self.max_size} bytes")
        return path

    def hard_link(self, member: str, target: str) -> str:
        """Check a hard link *member* to the earlier regular file *target*; its path.

        :raises InvalidSourceArchive: the target is not a regular file before it.
        """
        if ".." in _SEPARATORS.split(target) or target.startswith(("/", "\\")):
            raise self.refuse(member, f"a hard link to {target!r}, outside the archive")
        source = self.normalize(target)
        if source is None or self.kinds.get(source) != "file":
            raise self.refuse(
                member, f"a hard link to {target!r}, which is not an earlier file of the archive"
            )
        path = self.add(member, "file", size=self.sizes.get(source, 0))
        if path is None:  # pragma: no cover - add() refuses a file at the root
            raise self.refuse(member, "a file in place of the archive's root")
        return path

    def finish(self) -> None:
        """Check every symbolic link, now that all members are known.

        :raises InvalidSourceArchive: a link resolves outside the tree, or loops.
        """
        for path, target in self.links.items():
            if self._escapes(path, target):
                raise self.refuse(path, f"a symbolic link to {target!r}, outside the archive")

    def _escapes(self, path: str, target: str) -> bool:
        """Whether the link at *path* resolves outside the tree (or never resolves).

        The tree holds nothing but the archive's members, so resolving against the
        archive's own links is exact: ``a -> b/..`` escapes when ``b -> .``, although
        ``b/..`` alone looks harmless.
        """
        if target.startswith("/"):
            return True
        resolved = path.split("/")[:-1]
        pending = target.split("/")
        pending.reverse()
        hops = 0
        while pending:
            part = pending.pop()
            if part in ("", "."):
                continue
            if part == "..":
                if not resolved:
                    return True
                resolved.pop()
                continue
            resolved.append(part)
            next_target = self.links.get("/".join(resolved))
            if next_target is None:
                continue
            hops += 1
            if hops > _MAX_HOPS or next_target.startswith("/"):
                return True
            resolved.pop()
            more = next_target.split("/")
            more.reverse()
            pending.extend(more)
        return False

    def root(self) -> str | None:
        """The single top-level directory, if the archive has exactly one entry at the top."""
        tops = {path.split("/", 1)[0] for path in self.kinds}
        if len(tops) != 1:
            return None
        (top,) = tops
        return top if self.kinds.get(top) == "dir" else None

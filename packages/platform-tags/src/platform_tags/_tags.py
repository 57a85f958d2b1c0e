"""`Tags`: the ordered wheel tags an interpreter accepts, and fast compatibility checks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NewType, Protocol, Self, overload

from platform_tags._platform_tags import platform_tags
from platform_tags.errors import InvalidInterpreter

if TYPE_CHECKING:
    from platform_host import Platform

__all__ = ["TagPriority", "Tags", "WheelTags"]

#: A tag's position in a `Tags` order: 0 is the most preferred; lower is better.
TagPriority = NewType("TagPriority", int)

_SHORT_NAMES = {"cpython": "cp", "cp": "cp", "pypy": "pp", "pp": "pp", "graalpy": "graalpy"}


class WheelTags(Protocol):
    """Anything carrying a wheel's expanded tag sets, such as a parsed wheel filename."""

    @property
    def python_tags(self) -> Sequence[str]: ...
    @property
    def abi_tags(self) -> Sequence[str]: ...
    @property
    def platform_tags(self) -> Sequence[str]: ...


class Tags:
    """The (python, abi, platform) tags an interpreter accepts, most preferred first.

    `from_env` derives them like ``packaging.tags.sys_tags()`` would inside that
    interpreter. Checking a wheel is a dictionary lookup per tag triple.

    >>> tags = Tags([("cp312", "cp312", "win_amd64"), ("py3", "none", "any")])
    >>> tags.compatibility(["py2", "py3"], ["none"], ["any"])
    1
    >>> tags.is_compatible(["cp311"], ["abi3"], ["win_amd64"])
    False
    """

    __slots__ = ("_index", "_tags")

    def __init__(self, tags: Iterable[tuple[str, str, str]]) -> None:
        """Wrap explicit triples, best first; a repeated triple keeps its first priority."""
        ordered: list[tuple[str, str, str]] = []
        # python -> abi -> platform -> priority: a wheel's python tag alone usually
        # rules it out, so the nesting prunes most lookups early.
        index: dict[str, dict[str, dict[str, TagPriority]]] = {}
        for python, abi, platform in tags:
            by_platform = index.setdefault(python, {}).setdefault(abi, {})
            if platform not in by_platform:
                by_platform[platform] = TagPriority(len(ordered))
                ordered.append((python, abi, platform))
        self._tags: tuple[tuple[str, str, str], ...] = tuple(ordered)
        self._index = index

    @classmethod
    def from_env(
        cls,
        platform: Platform,
        python_version: tuple[int, int],
        implementation_name: str,
        implementation_version: tuple[int, int],
        *,
        gil_disabled: bool = False,
        debug: bool = False,
    ) -> Self:
        """The tags of an interpreter: its platform, Python version and implementation.

        *implementation_name* is ``sys.implementation.name`` (``cpython``, ``pypy``,
        ``graalpy``); *implementation_version* its own version (PyPy 7.3 is ``(7, 3)``;
        for CPython it equals *python_version*). *gil_disabled* marks a free-threaded
        build (3.13+), *debug* a ``Py_DEBUG`` one. Raise `InvalidInterpreter` for an
        unknown implementation or a Python version other than 3.x, and
        `UnsupportedTagPlatform` for a platform wheels cannot target.

        >>> from platform_host import Arch, Platform, Windows
        >>> tags = Tags.from_env(Platform(Windows(), Arch.X86_64), (3, 12), "cpython", (3, 12))
        >>> ["-".join(tag) for tag in list(tags)[:3]]
        ['cp312-cp312-win_amd64', 'cp312-abi3-win_amd64', 'cp312-none-win_amd64']
        """
        major, minor = python_version
        if major != 3 or minor < 0:
            raise InvalidInterpreter("Python version", python_version, "only 3.x is supported")
        short = _SHORT_NAMES.get(implementation_name.lower())
        if short is None:
            raise InvalidInterpreter(
                "implementation", implementation_name, "expected cpython, pypy or graalpy"
            )
        # An interpreter's tags are those `packaging.tags.sys_tags()` gives inside it: on
        # 3.8 and older the newest packaging that runs (25.0) still ranks plain
        # linux_<arch> wheels after the manylinux ones; packaging 26 ranks them first.
        platforms = platform_tags(platform, linux_last=minor < 9)
        nodot = f"{major}{minor}"
        if short == "cp":
            return cls(_cpython(nodot, minor, platforms, gil_disabled=gil_disabled, debug=debug))
        impl_nodot = "".join(map(str, implementation_version))
        if short == "pp":
            abi = f"pypy{nodot}_pp{impl_nodot}"
            return cls(_generic(f"pp{nodot}", abi, nodot, minor, platforms, any_tag="pp3"))
        abi = f"graalpy{impl_nodot}_{nodot}_native"
        return cls(_generic(f"graalpy{nodot}", abi, nodot, minor, platforms, any_tag=None))

    @overload
    def compatibility(self, wheel: WheelTags, /) -> TagPriority | None: ...
    @overload
    def compatibility(
        self, python_tags: Iterable[str], abi_tags: Iterable[str], platform_tags: Iterable[str], /
    ) -> TagPriority | None: ...

    def compatibility(
        self,
        python_tags: WheelTags | Iterable[str],
        abi_tags: Iterable[str] | None = None,
        platform_tags: Iterable[str] | None = None,
        /,
    ) -> TagPriority | None:
        """The best priority among a wheel's tag triples, or None if none is accepted.

        Takes the three tag sets of a (compressed) wheel tag, or one object with
        ``python_tags``, ``abi_tags`` and ``platform_tags``. Lower is better.
        """
        if abi_tags is None or platform_tags is None:
            wheel: WheelTags = python_tags  # type: ignore[assignment]
            pythons, abis, platforms = wheel.python_tags, wheel.abi_tags, wheel.platform_tags
        else:
            pythons, abis, platforms = python_tags, abi_tags, platform_tags  # type: ignore[assignment]
        best: TagPriority | None = None
        index = self._index
        for python in _tag_list(pythons):
            by_abi = index.get(python)
            if by_abi is None:
                continue
            for abi in _tag_list(abis):
                by_platform = by_abi.get(abi)
                if by_platform is None:
                    continue
                for platform in _tag_list(platforms):
                    priority = by_platform.get(platform)
                    if priority is not None and (best is None or priority < best):
                        best = priority
        return best

    @overload
    def is_compatible(self, wheel: WheelTags, /) -> bool: ...
    @overload
    def is_compatible(
        self, python_tags: Iterable[str], abi_tags: Iterable[str], platform_tags: Iterable[str], /
    ) -> bool: ...

    def is_compatible(
        self,
        python_tags: WheelTags | Iterable[str],
        abi_tags: Iterable[str] | None = None,
        platform_tags: Iterable[str] | None = None,
        /,
    ) -> bool:
        """Whether at least one of the wheel's tag triples is accepted."""
        return self.compatibility(python_tags, abi_tags, platform_tags) is not None  # type: ignore[arg-type]

    def priority(self, python: str, abi: str, platform: str) -> TagPriority | None:
        """The priority of one tag triple, or None if it is not accepted."""
        return self._index.get(python, {}).get(abi, {}).get(platform)

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        return iter(self._tags)

    def __len__(self) -> int:
        return len(self._tags)

    def __getitem__(self, priority: int) -> tuple[str, str, str]:
        return self._tags[priority]

    def __contains__(self, tag: object) -> bool:
        if not isinstance(tag, tuple) or len(tag) != 3:
            return False
        return self.priority(*tag) is not None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tags):
            return NotImplemented
        return self._tags == other._tags

    def __hash__(self) -> int:
        return hash(self._tags)

    def __repr__(self) -> str:
        best = "-".join(self._tags[0]) if self._tags else None
        return f"<Tags({len(self._tags)} tags, best {best!r})>"


def _tag_list(tags: Iterable[str]) -> Iterable[str]:
    if isinstance(tags, str):
        tags = (tags,)
    # Tags compare case-insensitively (PEP 425 tags are lowercase; uploads are not always).
    return [tag if tag.islower() or not tag.isascii() else tag.lower() for tag in tags]


def _cpython(
    nodot: str, minor: int, platforms: list[str], *, gil_disabled: bool, debug: bool
) -> Iterator[tuple[str, str, str]]:
    python = f"cp{nodot}"
    threaded = gil_disabled and minor >= 13
    flags = "t" if threaded else ""
    if minor < 8:
        # Before 3.8 the ABI also named pymalloc ("m"), always on in practice.
        abis = [f"cp{nodot}{'d' if debug else ''}m"]
    elif debug:
        # A debug build also loads ordinary extension modules.
        abis = [f"cp{nodot}{flags}d", f"cp{nodot}{flags}"]
    else:
        abis = [f"cp{nodot}{flags}"]
    for abi in abis:
        for platform in platforms:
            yield python, abi, platform
    # Free-threaded builds cannot load abi3 modules; they have their own stable ABI.
    stable = "abi3t" if threaded else "abi3"
    stable_applies = minor >= 2
    if stable_applies:
        for platform in platforms:
            yield python, stable, platform
    for platform in platforms:
        yield python, "none", platform
    if stable_applies:
        for older in range(minor - 1, 1, -1):
            for platform in platforms:
                yield f"cp3{older}", stable, platform
    yield from _compatible(nodot, minor, platforms, any_tag=python)


def _generic(
    python: str, abi: str, nodot: str, minor: int, platforms: list[str], *, any_tag: str | None
) -> Iterator[tuple[str, str, str]]:
    for each in (abi, "none"):
        for platform in platforms:
            yield python, each, platform
    yield from _compatible(nodot, minor, platforms, any_tag=any_tag)


def _compatible(
    nodot: str, minor: int, platforms: list[str], *, any_tag: str | None
) -> Iterator[tuple[str, str, str]]:
    """Pure-Python tags: ``py3X``, ``py3``, then older ``py3Y``; per platform, then ``any``."""
    pythons = [f"py{nodot}", "py3", *(f"py3{older}" for older in range(minor - 1, -1, -1))]
    for python in pythons:
        for platform in platforms:
            yield python, "none", platform
    if any_tag is not None:
        yield any_tag, "none", "any"
    for python in pythons:
        yield python, "none", "any"

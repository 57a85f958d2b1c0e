"""File digests as simple indexes publish them (PEP 503 fragments, PEP 691 dicts)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pypi_types._frozen import Frozen, set_field

__all__ = ["HASH_ALGORITHMS", "Hashes"]

#: The digests `Hashes` keeps, strongest first.
HASH_ALGORITHMS = ("sha512", "sha384", "sha256", "md5")


class Hashes(Frozen):
    """The digests of one file in lowercase hex; algorithms not in `HASH_ALGORITHMS` are dropped.

    >>> Hashes.from_fragment("sha256=ABCD")
    Hashes(sha256='abcd')
    >>> Hashes.from_mapping({"md5": "00", "sha256": "ff", "blake2b": "11"}).best()
    ('sha256', 'ff')
    """

    __match_args__ = ("sha256", "sha384", "sha512", "md5")
    __slots__ = __match_args__

    sha256: str | None
    sha384: str | None
    sha512: str | None
    md5: str | None

    def __init__(
        self,
        sha256: str | None = None,
        sha384: str | None = None,
        sha512: str | None = None,
        md5: str | None = None,
    ) -> None:
        set_field(self, "sha256", sha256)
        set_field(self, "sha384", sha384)
        set_field(self, "sha512", sha512)
        set_field(self, "md5", md5)

    @classmethod
    def from_fragment(cls, fragment: str) -> Hashes:
        """Read a URL fragment such as ``sha256=<hex>`` (PEP 503), also among other
        ``&``-separated parameters (``egg=foo&sha256=<hex>``); other parts are ignored.

        >>> Hashes.from_fragment("egg=foo&md5=AA&subdirectory=x")
        Hashes(md5='aa')
        """
        found: dict[str, str] = {}
        for part in fragment.split("&"):
            name, sep, digest = part.partition("=")
            name = name.lower()
            if sep and digest and name in HASH_ALGORITHMS:
                found.setdefault(name, digest.lower())
        return cls(**found) if found else _EMPTY

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, str]) -> Hashes:
        """Read a PEP 691 ``hashes`` dict (algorithm name to hex digest)."""
        found = {}
        for name, digest in mapping.items():
            key = name.lower()
            if key in HASH_ALGORITHMS and digest:
                found[key] = digest.lower()
        return cls(**found) if found else _EMPTY

    @property
    def is_empty(self) -> bool:
        """True when no known digest is present."""
        return (
            self.sha256 is None and self.sha384 is None and self.sha512 is None and self.md5 is None
        )

    def items(self) -> Iterator[tuple[str, str]]:
        """The ``(algorithm, hex digest)`` pairs present, strongest first."""
        for name in HASH_ALGORITHMS:
            digest: str | None = getattr(self, name)
            if digest is not None:
                yield name, digest

    def best(self) -> tuple[str, str] | None:
        """The strongest ``(algorithm, hex digest)`` pair, or None."""
        return next(self.items(), None)

    def to_dict(self) -> dict[str, str]:
        """The digests as a PEP 691 ``hashes`` dict (sorted by algorithm name)."""
        return dict(sorted(self.items()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={digest!r}" for name, digest in sorted(self.items()))
        return f"Hashes({inner})"


_EMPTY = Hashes()

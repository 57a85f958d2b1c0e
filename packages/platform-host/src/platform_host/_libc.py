"""Parse the version strings that glibc and the musl loader report."""

from __future__ import annotations

import re

from platform_host.errors import InvalidPlatform

__all__ = ["parse_glibc_version", "parse_musl_version"]

# Distributions patch glibc with suffixes ("2.20-2014.11", "2.35+git"): keep major.minor.
_GLIBC = re.compile(r"^\s*(?:glibc\s+)?(\d+)\.(\d+)", re.IGNORECASE)
_MUSL_VERSION = re.compile(r"^Version\s+(\d+)\.(\d+)")


def parse_glibc_version(text: str) -> tuple[int, int]:
    """The (major, minor) of a glibc version string, with or without the ``glibc`` prefix.

    Raise `InvalidPlatform` if it does not start with ``major.minor``.

    >>> parse_glibc_version("glibc 2.36"), parse_glibc_version("2.20-2014.11")
    ((2, 36), (2, 20))
    """
    match = _GLIBC.match(text)
    if match is None:
        raise InvalidPlatform(text, "a glibc version looks like 'glibc 2.36'")
    return int(match[1]), int(match[2])


def parse_musl_version(output: str) -> tuple[int, int] | None:
    """The (major, minor) from what the musl loader prints when run bare; None if not musl.

    >>> parse_musl_version("musl libc (x86_64)\\nVersion 1.2.4\\nDynamic Program Loader\\n")
    (1, 2)
    """
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    if len(lines) < 2 or not lines[0].startswith("musl"):
        return None
    match = _MUSL_VERSION.match(lines[1])
    if match is None:
        return None
    return int(match[1]), int(match[2])

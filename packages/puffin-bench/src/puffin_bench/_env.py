"""The environment every benchmarked tool runs in: none of the machine's pip, uv or puffin setup."""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["neutral_env"]

# Every variable these tools read as configuration starts with one of these.
_PREFIXES = ("PIP_", "UV_", "PUFFIN_")
# An active environment would be picked up instead of the one a benchmark names.
_DROPPED = frozenset({"VIRTUAL_ENV", "CONDA_PREFIX", "PYTHONPATH", "PYTHONHOME"})


def neutral_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """A copy of *environ* (default ``os.environ``) without pip, uv or puffin configuration.

    Every ``PIP_*``, ``UV_*`` and ``PUFFIN_*`` variable goes (on this kind of
    machine ``PIP_FIND_LINKS`` or ``PIP_INDEX_URL`` would point the tools at
    different places), and ``PIP_CONFIG_FILE`` names the null device, which
    makes pip, and puffin reading pip's settings, skip every config file. All
    tools then find the same default index by themselves.

    >>> env = neutral_env({"PATH": "/bin", "PIP_FIND_LINKS": "/w", "UV_INDEX_URL": "x"})
    >>> sorted(env.items())
    [('PATH', '/bin'), ('PIP_CONFIG_FILE', '/dev/null')]
    """
    source = os.environ if environ is None else environ
    env = {
        key: value
        for key, value in source.items()
        if not key.startswith(_PREFIXES) and key not in _DROPPED
    }
    env["PIP_CONFIG_FILE"] = os.devnull
    return env

"""The probe's source text, for running it inside another interpreter."""

from __future__ import annotations

from importlib import resources

__all__ = ["probe_source"]


def probe_source() -> str:
    """The source of the stdlib-only probe script; its output is JSON for `Platform.from_facts`.

    Run it as ``python -I -c <source>`` in any interpreter from 3.8 on; it writes
    one JSON object (the `probe_facts` of that interpreter) to stdout.
    """
    return resources.files("platform_host").joinpath("_probe.py").read_text(encoding="utf-8")

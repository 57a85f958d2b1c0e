"""The probe's source text, for running it inside another interpreter."""

from __future__ import annotations

import os

__all__ = ["probe_source"]


def probe_source() -> str:
    """The source of the stdlib-only probe script; its output is JSON for `Platform.from_facts`.

    Run it as ``python -I -c <source>`` in any interpreter from 3.8 on; it writes
    one JSON object (the `probe_facts` of that interpreter) to stdout.
    """
    try:
        # A plain read: importing importlib.resources costs more than the probe's query.
        with open(os.path.join(os.path.dirname(__file__), "_probe.py"), encoding="utf-8") as file:
            return file.read()
    except OSError:
        # Not a directory on disk (platform_host imported from a zip archive, say).
        from importlib import resources

        return resources.files("platform_host").joinpath("_probe.py").read_text(encoding="utf-8")

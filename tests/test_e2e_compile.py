"""`make e2e`: compile the shared benchmark sets against the real default index.

The expected pins in tests/data/e2e were written by ``uv pip compile`` with the
same flags (``--exclude-newer 2026-11-01T00:00:00Z --python-version 3.11``):
puffin must pick the same name==version for every package. These tests use the
network and the index pip names by default, so `make test` leaves them out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from puffin_test_support import Context

pytestmark = pytest.mark.e2e

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
EXPECTED = Path(__file__).parent / "data" / "e2e"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def _pins(text: str) -> dict[str, str]:
    pins = {}
    for line in text.splitlines():
        match = _PIN.match(line)
        if match:
            pins[match[1].lower()] = match[2]
    return pins


@pytest.mark.parametrize("name", ["trio", "jupyter", "mixed"])
def test_pins_equal_uvs(context: Context, name: str) -> None:
    source = BENCH / f"{name}.in"
    if not source.is_file():
        pytest.skip(f"{source} is not on this machine")
    command = [
        *("pip-compile", str(source), "--exclude-newer", "2026-11-01T00:00:00Z"),
        *("--python-version", "3.11", "--no-header", "--no-annotate"),
    ]
    cold = context.process(*command, timeout=600)
    assert cold.returncode == 0, cold.stderr
    expected = _pins((EXPECTED / f"{name}.txt").read_text())
    assert _pins(cold.stdout) == expected
    warm_offline = context.process(*command, "--offline", timeout=600)
    assert warm_offline.returncode == 0, warm_offline.stderr
    assert _pins(warm_offline.stdout) == expected

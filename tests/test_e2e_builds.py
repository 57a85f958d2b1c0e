"""`make e2e`: a registry package that only has a source distribution, built with its own
backend (setuptools) installed by puffin from the real default index, then installed.

The pins were checked against ``uv pip compile`` with the same cutoff. Uses the
network, so `make test` leaves it out.
"""

from __future__ import annotations

import time

import pytest

from puffin_index import make_venv, python
from puffin_test_support import Context

pytestmark = pytest.mark.e2e

_EXPECTED = {
    "asgiref==3.13.0",
    "certifi==2026.10.18",
    "cffi==2.1.1",
    "charset-normalizer==3.5.2",
    "cryptography==50.0.2",
    "defusedxml==0.7.1",
    "django==5.2.18",
    "django-allauth==0.51.0",
    "idna==3.20",
    "oauthlib==4.0.1",
    "pycparser==3.12",
    "pyjwt==2.15.1",
    "python3-openid==3.2.0",
    "requests==2.34.2",
    "requests-oauthlib==2.0.0",
    "sqlparse==0.6.0",
    "urllib3==2.8.0",
}


def test_sdist_only_package_builds_installs_and_is_reused(context: Context) -> None:
    (context.temp_dir / "requirements.in").write_text("django-allauth==0.51.0\n")
    command = (
        *("pip-compile", "requirements.in", "-o", "requirements.txt", "--no-annotate"),
        *("--exclude-newer", "2026-11-01T00:00:00Z", "--python-version", "3.11"),
    )
    started = time.perf_counter()
    cold = context.process(*command, timeout=600)
    cold_time = time.perf_counter() - started
    assert cold.returncode == 0, cold.stderr
    pins = {line for line in cold.stdout.splitlines() if "==" in line}
    assert pins == _EXPECTED
    started = time.perf_counter()
    warm = context.process(*command, timeout=600)
    warm_time = time.perf_counter() - started
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout == cold.stdout
    # The built metadata is reused: no build environment, no backend run.
    assert warm_time * 3 <= cold_time, (cold_time, warm_time)
    venv = make_venv(context)
    synced = context.process("pip-sync", "requirements.txt", timeout=600)
    assert synced.returncode == 0, synced.stderr
    assert python(venv, "import allauth; print(allauth.__version__)") == "0.51.0\n"

"""Acceptance: `Tags` equals ``packaging.tags.sys_tags()`` run inside each CPython on this machine.

Interpreters are found as a user's machine has them: ``python3.X`` on PATH,
then (test-side discovery only) pyenv's ``versions/*/bin``. A version that is
not found is skipped. In each, the platform-host probe reports the facts, and
a small script with the dev environment's ``packaging`` on ``sys.path``
reports the oracle's tag order; the Tags built by our code from the facts
must equal it, whole list and order.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import packaging
import pytest

from platform_host import Platform, probe_source
from platform_tags import Tags

MINORS = range(8, 14)
_TIMEOUT = 60

# Runs in the target interpreter (3.8+ syntax). argv[1] holds a copy of packaging.
_ORACLE = """
import json, sys, sysconfig
sys.path.insert(0, sys.argv[1])
copy_error = None
try:
    import packaging
    from packaging import tags
except Exception as exc:
    copy_error = repr(exc)
    # packaging 26 needs 3.9+; pip vendors an older packaging that 3.8 can import.
    try:
        from pip._vendor import packaging
        from pip._vendor.packaging import tags
    except Exception:
        packaging = tags = None
print(json.dumps({
    "version": list(sys.version_info[:2]),
    "implementation": sys.implementation.name,
    "implementation_version": list(sys.implementation.version[:2]),
    "gil_disabled": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    "debug": bool(sysconfig.get_config_var("Py_DEBUG")),
    "copy_error": copy_error,
    "oracle": None if tags is None else packaging.__version__,
    "sys_tags": None if tags is None else [str(tag) for tag in tags.sys_tags()],
}))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PIP_CONFIG_FILE": "/dev/null"}


def _reports(executable: str, minor: int) -> bool:
    """Whether *executable* runs and is CPython 3.*minor* (pyenv shims may just fail)."""
    code = "import sys; print(sys.implementation.name, *sys.version_info[:2])"
    try:
        result = subprocess.run(
            [executable, "-I", "-c", code],
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            env=_env(),
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and result.stdout.split() == ["cpython", "3", str(minor)]


def _pyenv_bins() -> list[Path]:
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return []
    try:
        root = subprocess.run(
            [pyenv, "root"], capture_output=True, text=True, timeout=_TIMEOUT, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(Path(root).glob("versions/*/bin")) if root else []


def find_cpython(minor: int) -> str | None:
    """The first working CPython 3.*minor*: PATH first, then pyenv's installed versions."""
    candidates = [shutil.which(f"python3.{minor}")]
    candidates += [str(path / f"python3.{minor}") for path in _pyenv_bins()]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK) and _reports(candidate, minor):
            return candidate
    return None


@pytest.fixture(scope="module")
def packaging_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding only a copy of the dev environment's packaging."""
    target = tmp_path_factory.mktemp("oracle")
    shutil.copytree(Path(packaging.__file__).parent, target / "packaging")
    return target


def _run_json(executable: str, *args: str) -> dict[str, Any]:
    result = subprocess.run(
        [executable, "-I", *args],
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
        env=_env(),
        check=True,
    )
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _split(tag: str) -> tuple[str, str, str]:
    python, abi, platform = tag.split("-")
    return python, abi, platform


@pytest.mark.parametrize("minor", MINORS, ids=lambda minor: f"3.{minor}")
def test_tags_equal_sys_tags(minor: int, packaging_copy: Path) -> None:
    executable = find_cpython(minor)
    if executable is None:
        pytest.skip(f"no working CPython 3.{minor} on PATH or in pyenv")
    facts = _run_json(executable, "-c", probe_source())
    report = _run_json(executable, "-c", _ORACLE, str(packaging_copy))
    assert report["version"] == [3, minor]

    tags = Tags.from_env(
        Platform.from_facts(facts),
        (3, minor),
        report["implementation"],
        (report["implementation_version"][0], report["implementation_version"][1]),
        gil_disabled=report["gil_disabled"],
        debug=report["debug"],
    )
    ours = list(tags)
    if report["sys_tags"] is None:
        pytest.skip(f"CPython 3.{minor} can import no packaging to compare with")
    expected = [_split(tag) for tag in report["sys_tags"]]
    if report["copy_error"] is None:
        assert report["oracle"] == packaging.__version__
        assert ours == expected
        return

    # pip's vendored packaging (21.3, on 3.8) did not yet yield cpXY-none-any, which
    # packaging 22 to 25 (also runnable on 3.8) do; apart from it, the whole order must
    # match, linux_<arch> after the manylinux tags included.
    none_any = (f"cp3{minor}", "none", "any")
    if none_any not in expected:
        ours = [tag for tag in ours if tag != none_any]
    assert ours == expected

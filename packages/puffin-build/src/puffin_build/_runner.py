"""`HookRunner`: runs pyproject-hooks' subprocess in a build environment, output captured."""

from __future__ import annotations

import json
import os
import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

__all__ = ["HookFailed", "HookRunner", "hook_environment"]

# Variables that would make the environment's interpreter import or install from
# somewhere other than the build environment.
_DROPPED = frozenset({"PYTHONPATH", "PYTHONHOME", "__PYVENV_LAUNCHER__"})


def hook_environment(
    venv_root: Path, bin_dir: Path, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment variables a build backend runs with: *base* (by default this
    process's) with the build environment activated and leaks from outside removed.

    >>> from pathlib import Path
    >>> env = hook_environment(Path("/b/env"), Path("/b/env/bin"),
    ...                        {"PATH": "/usr/bin", "PYTHONPATH": "/x", "PIP_INDEX_URL": "y"})
    >>> sorted(env.items())
    [('PATH', '/b/env/bin:/usr/bin'), ('VIRTUAL_ENV', '/b/env')]
    """
    source = os.environ if base is None else base
    env = {
        key: value
        for key, value in source.items()
        if key not in _DROPPED and not key.startswith("PIP_")
    }
    path = env.get("PATH")
    env["PATH"] = os.pathsep.join([str(bin_dir), path]) if path else str(bin_dir)
    env["VIRTUAL_ENV"] = str(venv_root)
    return env


class HookFailed(Exception):
    """The hook's process exited with a failure (internal: turned into `BuildBackendError`)."""

    def __init__(self, returncode: int, output: str) -> None:
        self.returncode = returncode
        self.output = output
        super().__init__(returncode, output)


class HookRunner:
    """A pyproject-hooks subprocess runner: stdout and stderr captured together, in
    *environment*; a failure raises `HookFailed` with the output.

    One runner serves one build, whose hooks run one at a time: ``output`` is the
    output of the last hook run, ``warnings`` the backend's warnings so far.
    """

    __slots__ = ("environment", "output", "warnings")

    def __init__(self, environment: Mapping[str, str]) -> None:
        self.environment = dict(environment)
        self.output = ""
        self.warnings: list[str] = []

    def __call__(
        self,
        cmd: Sequence[str],
        cwd: str | None = None,
        extra_environ: Mapping[str, str] | None = None,
    ) -> None:
        """Run *cmd* in *cwd*; raise `HookFailed` if it fails."""
        env = {**self.environment, **(extra_environ or {})}
        self.output = ""
        try:
            completed = subprocess.run(
                list(cmd),
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                check=False,
            )
        except OSError as exc:
            raise HookFailed(-1, f"cannot run {cmd[0]}: {exc.strerror or exc}") from exc
        self.output = completed.stdout.decode("utf-8", errors="replace")
        if completed.returncode != 0:
            raise HookFailed(completed.returncode, self.output)
        self._take_warnings(cmd[-1])

    def _take_warnings(self, control_dir: str) -> None:
        """Move the backend's warnings out of the hook's answer into `warnings`.

        pyproject-hooks would re-issue them with `warnings.warn_explicit` in this
        process: printed to stderr by a library, or raised where warnings are errors
        (setuptools' deprecation warnings are UserWarnings). Filtering them with
        `warnings.catch_warnings` instead would change process-wide state from
        several build threads at once.
        """
        path = os.path.join(control_dir, "output.json")
        try:
            with open(path, encoding="utf-8") as file:
                answer = json.load(file)
        except (OSError, ValueError):
            return  # pyproject-hooks reports a missing or broken answer itself
        if not isinstance(answer, dict) or not answer.get("warnings"):
            return
        found = answer["warnings"]
        if isinstance(found, list):
            self.warnings.extend(
                str(item.get("message")) for item in found if isinstance(item, dict)
            )
        answer["warnings"] = []
        with open(path, "w", encoding="utf-8") as file:
            json.dump(answer, file)

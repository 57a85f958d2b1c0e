"""Each distribution installs on its own from built wheels and pulls in only what it declares."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "packages"


def _siblings(dist: str) -> set[str]:
    """*dist* and every sibling it needs, transitively (third-party names are not siblings)."""
    found: set[str] = set()
    todo = [dist]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        project = tomllib.loads((PACKAGES / name / "pyproject.toml").read_text())["project"]
        for requirement in project.get("dependencies", []):
            other = re.split(r"[\s\[<>=!~;@(]", requirement, maxsplit=1)[0].lower()
            if (PACKAGES / other / "pyproject.toml").is_file():
                todo.append(other)
    return found


def test_low_layers_install_alone(tmp_path: Path) -> None:
    wanted = ["distribution-filename", "platform-tags"]
    closure = set().union(*map(_siblings, wanted))
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env = {k: v for k, v in env.items() if k not in {"PIP_FIND_LINKS", "PIP_INDEX_URL"}}
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["-w", str(dist)]
        + [str(PACKAGES / name) for name in sorted(closure)],
        check=True,
        env=env,
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The dev environment's pip installs into the new environment (--python needs pip >= 22.3).
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    subprocess.run(
        [*pip, "--no-index", "--find-links", str(dist), *wanted],
        check=True,
        env=env,
    )
    listed = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.metadata as m; "
            "print('\\n'.join(d.metadata['Name'] for d in m.distributions()))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert set(listed) == closure
    code = (
        "from distribution_filename import WheelFilename as W; "
        "print(W.parse('a_b-1.0-py3-none-any.whl').name)"
    )
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "a-b"

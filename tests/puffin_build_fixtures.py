"""Projects to build, for the builds' end-to-end tests: a PEP 517/660 backend served as a
wheel from the loopback index, and source trees, git repositories and source archives
that need it.

The backend, ``tinyback``, reads ``tinyback.json`` (name, version, dependencies) and
packs the ``src/`` tree: ``build_wheel`` copies it into the wheel, ``build_editable``
writes a ``.pth`` file pointing at it. Each build appends a line to the file named by
``TINYBACK_LOG``, if set, so that tests can count builds.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import tarfile
from pathlib import Path

from puffin_index import build_wheel

__all__ = ["TINYBACK", "git", "make_project", "make_repository", "project_sdist", "tinyback_wheel"]

TINYBACK = '''\
"""A tiny PEP 517 / PEP 660 backend for puffin's tests."""
import base64, hashlib, json, os, zipfile


def _meta():
    with open("tinyback.json", encoding="utf-8") as file:
        return json.load(file)


def _log(hook):
    path = os.environ.get("TINYBACK_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as file:
            file.write(f"{_meta()['name']} {hook}\\n")


def _names():
    meta = _meta()
    module = meta["name"].replace("-", "_").replace(".", "_")
    return meta, module, f"{module}-{meta['version']}.dist-info"


def _metadata_text():
    meta, _, _ = _names()
    lines = ["Metadata-Version: 2.1", f"Name: {meta['name']}", f"Version: {meta['version']}"]
    lines += [f"Requires-Dist: {r}" for r in meta.get("dependencies", [])]
    return "\\n".join(lines) + "\\n\\n"


def get_requires_for_build_wheel(config_settings=None):
    return list(_meta().get("build-requires", []))


def get_requires_for_build_editable(config_settings=None):
    return get_requires_for_build_wheel(config_settings)


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    _log("metadata")
    _, _, dist_info = _names()
    os.makedirs(os.path.join(metadata_directory, dist_info))
    with open(os.path.join(metadata_directory, dist_info, "METADATA"), "w") as file:
        file.write(_metadata_text())
    return dist_info


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    return prepare_metadata_for_build_wheel(metadata_directory, config_settings)


def _write(wheel_directory, members):
    meta, module, dist_info = _names()
    members[f"{dist_info}/METADATA"] = _metadata_text().encode()
    members[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\\nGenerator: tinyback\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
    )
    record = ""
    for path, data in members.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
        record += f"{path},sha256={digest.decode()},{len(data)}\\n"
    members[f"{dist_info}/RECORD"] = (record + f"{dist_info}/RECORD,,\\n").encode()
    filename = f"{module}-{meta['version']}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w") as archive:
        for path, data in members.items():
            archive.writestr(path, data)
    return filename


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    _log("wheel")
    members = {}
    for root, _, files in os.walk("src"):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as file:
                members[os.path.relpath(path, "src").replace(os.sep, "/")] = file.read()
    return _write(wheel_directory, members)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    _log("editable")
    _, module, _ = _names()
    source = os.path.abspath("src")
    return _write(wheel_directory, {f"__editable__.{module}.pth": (source + "\\n").encode()})
'''


def tinyback_wheel(directory: Path) -> Path:
    """The backend as a wheel, for the loopback index."""
    return build_wheel(directory, "tinyback", "1.0", files={"tinyback.py": TINYBACK})


def make_project(
    root: Path,
    name: str,
    version: str,
    *,
    dependencies: tuple[str, ...] = (),
    static_name: bool = True,
) -> Path:
    """A source tree at *root* built by tinyback: ``src/<module>/__init__.py`` holds
    ``VERSION``. With *static_name*, ``pyproject.toml`` states the name in ``[project]``
    (with dynamic dependencies); else only a build tells it."""
    module = name.replace("-", "_")
    (root / "src" / module).mkdir(parents=True)
    (root / "src" / module / "__init__.py").write_text(f"VERSION = {version!r}\n")
    meta = {"name": name, "version": version, "dependencies": list(dependencies)}
    (root / "tinyback.json").write_text(json.dumps(meta))
    pyproject = '[build-system]\nrequires = ["tinyback"]\nbuild-backend = "tinyback"\n'
    if static_name:
        pyproject += f'\n[project]\nname = "{name}"\ndynamic = ["version", "dependencies"]\n'
    (root / "pyproject.toml").write_text(pyproject)
    return root


def project_sdist(directory: Path, project: Path, name: str, version: str) -> Path:
    """``<name>-<version>.tar.gz`` of the tree *project* (PKG-INFO 2.1: only a build
    tells the dependencies)."""
    stem = f"{name.replace('-', '_')}-{version}"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        pkg_info = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n".encode()
        info = tarfile.TarInfo(f"{stem}/PKG-INFO")
        info.size, info.mtime, info.mode = len(pkg_info), 1_580_601_600, 0o644
        archive.addfile(info, io.BytesIO(pkg_info))
        for path in sorted(project.rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                info = tarfile.TarInfo(f"{stem}/{path.relative_to(project).as_posix()}")
                info.size, info.mtime, info.mode = len(data), 1_580_601_600, 0o644
                archive.addfile(info, io.BytesIO(data))
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{stem}.tar.gz"
    target.write_bytes(gzip.compress(buffer.getvalue(), compresslevel=0, mtime=0))
    return target


def git(repository: Path, *args: str) -> str:
    """Run git in *repository* with a fixed identity; its standard output."""
    command = ["git", "-c", "user.name=puffin", "-c", "user.email=puffin@example.com"]
    command += ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]
    result = subprocess.run(
        [*command, *args], cwd=repository, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def make_repository(root: Path, name: str, version: str, tag: str) -> tuple[Path, str]:
    """A git repository of a tinyback project, its one commit tagged *tag*; the
    repository and the commit."""
    make_project(root, name, version)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    git(root, "tag", tag)
    return root, git(root, "rev-parse", "HEAD")

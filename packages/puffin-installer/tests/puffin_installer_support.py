"""Test helpers: real wheels, fake installed distributions and ``file://`` indexes in tmp_path."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from platform_tags import Tags
from puffin_pep508 import MarkerEnvironment

__all__ = ["MARKERS", "TAGS", "build_wheel", "dist_info", "file_index", "sha256"]

#: A small interpreter's tags: cp311 on manylinux x86_64, then the pure-Python ones.
TAGS = Tags(
    [
        ("cp311", "cp311", "manylinux_2_17_x86_64"),
        ("cp311", "abi3", "manylinux_2_17_x86_64"),
        ("cp311", "none", "manylinux_2_17_x86_64"),
        ("py3", "none", "manylinux_2_17_x86_64"),
        ("cp311", "none", "any"),
        ("py3", "none", "any"),
    ]
)

#: CPython 3.11 on Linux x86_64.
MARKERS = MarkerEnvironment.from_dict(
    {
        "implementation_name": "cpython",
        "implementation_version": "3.11.7",
        "os_name": "posix",
        "platform_machine": "x86_64",
        "platform_python_implementation": "CPython",
        "platform_release": "6.0",
        "platform_system": "Linux",
        "platform_version": "#1",
        "python_full_version": "3.11.7",
        "python_version": "3.11",
        "sys_platform": "linux",
    }
)


def sha256(path: Path) -> str:
    """The hex sha256 of the file at *path*."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def build_wheel(
    directory: Path,
    name: str,
    version: str,
    *,
    tag: str = "py3-none-any",
    requires: Sequence[str] = (),
    files: Mapping[str, str] | None = None,
    entry_points: str | None = None,
) -> Path:
    """Write ``<name>-<version>-<tag>.whl`` (METADATA, WHEEL, RECORD with hashes) into
    *directory*; *files* default to ``<name>/__init__.py``."""
    module = name.replace("-", "_")
    dist_info = f"{module}-{version}.dist-info"
    members = {
        path: text.encode()
        for path, text in (files or {f"{module}/__init__.py": f"VERSION = {version!r}\n"}).items()
    }
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    metadata += [f"Requires-Dist: {requirement}" for requirement in requires]
    members[f"{dist_info}/METADATA"] = ("\n".join(metadata) + "\n\n").encode()
    wheel = f"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: {tag}\n"
    members[f"{dist_info}/WHEEL"] = wheel.encode()
    if entry_points is not None:
        members[f"{dist_info}/entry_points.txt"] = entry_points.encode()
    record = "".join(f"{path},{_record_hash(data)},{len(data)}\n" for path, data in members.items())
    members[f"{dist_info}/RECORD"] = (record + f"{dist_info}/RECORD,,\n").encode()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{module}-{version}-{tag}.whl"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def dist_info(
    site: Path,
    name: str,
    version: str,
    *,
    record: bool = True,
    direct_url: Mapping[str, object] | None = None,
    requires: Sequence[str] = (),
    requires_python: str | None = None,
) -> Path:
    """A fake installed distribution: ``<site>/<name>-<version>.dist-info`` with METADATA,
    RECORD (unless not *record*) and ``direct_url.json`` (when given)."""
    path = site / f"{name.replace('-', '_')}-{version}.dist-info"
    path.mkdir(parents=True)
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    if requires_python is not None:
        lines.append(f"Requires-Python: {requires_python}")
    lines += [f"Requires-Dist: {requirement}" for requirement in requires]
    (path / "METADATA").write_text("\n".join(lines) + "\n\n")
    if record:
        (path / "RECORD").write_text(f"{path.name}/METADATA,,\n{path.name}/RECORD,,\n")
    if direct_url is not None:
        (path / "direct_url.json").write_text(json.dumps(direct_url))
    return path


def file_index(
    root: Path,
    projects: Mapping[str, Sequence[Path | tuple[Path, Mapping[str, str]]]],
) -> Path:
    """A PEP 503 index laid out on disk: ``<root>/<project>/index.html`` linking to the
    files (with ``#sha256=``); a file may come with extra anchor attributes
    (``data-yanked``, ``data-requires-python``). Returns *root*."""
    for project, files in projects.items():
        page = root / project
        page.mkdir(parents=True, exist_ok=True)
        links = []
        for entry in files:
            path, attributes = entry if isinstance(entry, tuple) else (entry, {})
            extra = "".join(f' {key}="{html.escape(value)}"' for key, value in attributes.items())
            href = f"{path.absolute().as_uri()}#sha256={sha256(path)}"
            links.append(f'<a href="{href}"{extra}>{path.name}</a><br>')
        (page / "index.html").write_text("<html><body>\n" + "\n".join(links) + "\n</body></html>\n")
    return root

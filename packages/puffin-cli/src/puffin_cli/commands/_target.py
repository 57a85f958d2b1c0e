"""The environment a resolution is for: `--python-version` and `--python-platform` applied
to the interpreter's marker values and wheel tags."""

from __future__ import annotations

import os
import re

from puffin_cli.errors import UsageError

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from platform_host import Platform
    from platform_tags import Tags
    from puffin_interpreter import Interpreter
    from puffin_pep440 import Version
    from puffin_pep508 import MarkerEnvironment

__all__ = ["PLATFORM_NAMES", "Target", "parse_python_version", "resolve_target"]

_VERSION = re.compile(r"3\.(\d+)(?:\.(\d+))?")

# --python-platform values: (os kind, glibc/musl/macOS version, arch). The short names
# follow uv's: `linux` is x86_64 glibc 2.17, `macos` is Apple silicon, `windows` x86_64.
_PLATFORMS: dict[str, tuple[str, tuple[int, int], str]] = {
    "windows": ("windows", (0, 0), "x86_64"),
    "linux": ("manylinux", (2, 17), "x86_64"),
    "macos": ("macos", (13, 0), "aarch64"),
    "x86_64-pc-windows-msvc": ("windows", (0, 0), "x86_64"),
    "aarch64-pc-windows-msvc": ("windows", (0, 0), "aarch64"),
    "i686-pc-windows-msvc": ("windows", (0, 0), "i686"),
    "x86_64-unknown-linux-gnu": ("manylinux", (2, 17), "x86_64"),
    "aarch64-unknown-linux-gnu": ("manylinux", (2, 17), "aarch64"),
    "x86_64-unknown-linux-musl": ("musllinux", (1, 2), "x86_64"),
    "aarch64-unknown-linux-musl": ("musllinux", (1, 2), "aarch64"),
    "riscv64-unknown-linux": ("manylinux", (2, 31), "riscv64"),
    "aarch64-apple-darwin": ("macos", (13, 0), "aarch64"),
    "x86_64-apple-darwin": ("macos", (13, 0), "x86_64"),
    **{
        f"{arch}-manylinux{suffix}": ("manylinux", glibc, arch)
        for arch in ("x86_64", "aarch64")
        for suffix, glibc in (
            ("2014", (2, 17)),
            *((f"_2_{minor}", (2, minor)) for minor in (17, *range(28, 41))),
        )
        if suffix != "_2_29" and suffix != "_2_30"
    },
}

#: The values `--python-platform` accepts.
PLATFORM_NAMES = tuple(_PLATFORMS)

# Marker values of each operating system for an architecture (platform_machine as that
# system's Python reports it).
_MACHINES = {
    "windows": {"x86_64": "AMD64", "aarch64": "ARM64", "i686": "x86"},
    "macos": {"x86_64": "x86_64", "aarch64": "arm64"},
}
_SYSTEMS = {
    "windows": ("nt", "Windows", "win32"),
    "macos": ("posix", "Darwin", "darwin"),
    "linux": ("posix", "Linux", "linux"),
}


class Target:
    """What to resolve for: marker values, wheel tags and the two Python versions."""

    __slots__ = ("installed", "interpreter", "markers", "tags", "target")

    def __init__(
        self,
        markers: MarkerEnvironment,
        tags: Tags,
        installed: Version,
        target: Version,
        interpreter: Interpreter,
    ) -> None:
        self.markers = markers
        self.tags = tags
        self.installed = installed
        self.target = target
        self.interpreter = interpreter
        """The real interpreter: the one that builds source distributions."""

    def __repr__(self) -> str:
        return f"Target(installed={self.installed}, target={self.target})"


def parse_python_version(text: str) -> tuple[int, int, int | None]:
    """``3.11`` or ``3.11.4`` as numbers; any other text is a usage error."""
    match = _VERSION.fullmatch(text.strip())
    if match is None:
        raise UsageError(
            f"invalid --python-version {text!r}: expected a Python version such as 3.12 or 3.12.1"
        )
    patch = match.group(2)
    return 3, int(match.group(1)), None if patch is None else int(patch)


def _platform(name: str) -> tuple[Platform, str]:
    from platform_host import Arch, Macos, Manylinux, Musllinux, Platform, Windows

    kind, (major, minor), arch = _PLATFORMS[name]
    if kind == "macos":
        target = os.environ.get("MACOSX_DEPLOYMENT_TARGET", "")
        found = re.fullmatch(r"(\d+)(?:\.(\d+))?", target)
        if found:
            major, minor = int(found.group(1)), int(found.group(2) or 0)
        return Platform(Macos(major, minor), Arch(arch)), kind
    if kind == "windows":
        return Platform(Windows(), Arch(arch)), kind
    os_ = Manylinux(major, minor) if kind == "manylinux" else Musllinux(major, minor)
    return Platform(os_, Arch(arch)), "linux"


def resolve_target(
    interpreter: Interpreter, python_version: str | None, python_platform: str | None
) -> Target:
    """The target of a resolution: *interpreter*, with its Python version and platform
    replaced by the requested ones (as ``uv pip compile`` does)."""
    from platform_tags import Tags, TagsError
    from puffin_pep440 import Version
    from puffin_pep508 import MarkerEnvironment

    installed = Version.parse(".".join(map(str, interpreter.python_full_version)))
    values = dict(interpreter.marker_values)
    python = interpreter.python_version
    if python_version is not None:
        major, minor, patch = parse_python_version(python_version)
        python = (major, minor)
        full = f"{major}.{minor}.{patch or 0}"
        values["python_version"] = f"{major}.{minor}"
        values["python_full_version"] = full
        if interpreter.implementation_name == "cpython":
            values["implementation_version"] = full
    platform = interpreter.platform
    if python_platform is not None:
        if python_platform not in _PLATFORMS:
            raise UsageError(
                f"unknown --python-platform {python_platform!r} "
                f"(expected one of: {', '.join(PLATFORM_NAMES)})"
            )
        platform, system = _platform(python_platform)
        os_name, platform_system, sys_platform = _SYSTEMS[system]
        arch = str(platform.arch)
        values.update(
            os_name=os_name,
            platform_system=platform_system,
            sys_platform=sys_platform,
            platform_machine=_MACHINES.get(system, {}).get(arch, arch),
        )
        if values.get("sys_platform") != interpreter.marker_values.get("sys_platform"):
            # The release and version of another system's kernel are unknowable here.
            values.update(platform_release="", platform_version="")
    name = interpreter.implementation_name
    implementation = python if name == "cpython" else interpreter.implementation_version[:2]
    try:
        tags = Tags.from_env(
            platform,
            python,
            name,
            (implementation[0], implementation[1]),
            gil_disabled=interpreter.gil_disabled,
            debug=interpreter.debug,
        )
    except TagsError as error:
        raise UsageError(f"cannot resolve for this interpreter and platform: {error}") from error
    target = Version.parse(values["python_full_version"])
    return Target(MarkerEnvironment.from_dict(values), tags, installed, target, interpreter)

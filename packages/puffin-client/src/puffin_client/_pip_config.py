"""pip's configuration, as pip reads it: config files, ``PIP_*`` variables, the default index."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

from puffin_client.errors import IndexConfigError
from puffin_normalize import Frozen, set_field

__all__ = ["PipConfig", "pip_config_files", "pip_default_index_url"]

_BASENAME: Final = "pip.ini" if sys.platform == "win32" else "pip.conf"
# Sections pip reads for `pip install`, weakest first; the environment beats both.
_SECTIONS: Final = ("global", "install")
_TRUE: Final = frozenset({"y", "yes", "t", "true", "on", "1"})
_FALSE: Final = frozenset({"n", "no", "f", "false", "off", "0"})
# pip adds /etc after the XDG directories on every Unix; a module constant so that tests
# can point it elsewhere.
_SYSTEM_DIR = Path("/etc")
_DEFAULT_CODE: Final = "from pip._internal.models.index import PyPI; print(PyPI.simple_url)"


def _normalize_key(name: str) -> str:
    return name.lower().replace("_", "-").removeprefix("--")


def _global_dirs(env: Mapping[str, str]) -> list[Path]:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        program_data = env.get("ALLUSERSPROFILE") or env.get("PROGRAMDATA") or r"C:\ProgramData"
        return [Path(program_data) / "pip"]
    if sys.platform == "darwin":  # pragma: no cover - exercised on macOS only
        return [Path("/Library/Application Support/pip")]
    xdg = env.get("XDG_CONFIG_DIRS") or "/etc/xdg"
    return [Path(part) / "pip" for part in xdg.split(os.pathsep) if part] + [_SYSTEM_DIR]


def _home(env: Mapping[str, str]) -> Path:
    return Path(env.get("HOME") or os.path.expanduser("~"))


def _user_files(env: Mapping[str, str]) -> list[Path]:
    home = _home(env)
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        appdata = env.get("APPDATA") or str(home / "AppData" / "Roaming")
        return [home / "pip" / _BASENAME, Path(appdata) / "pip" / _BASENAME]
    legacy = home / ".pip" / _BASENAME
    if sys.platform == "darwin":  # pragma: no cover - exercised on macOS only
        modern = home / "Library" / "Application Support" / "pip"
        if not modern.is_dir() and (home / ".config" / "pip").is_dir():
            modern = home / ".config" / "pip"
        return [legacy, modern / _BASENAME]
    config_home = env.get("XDG_CONFIG_HOME") or str(home / ".config")
    return [legacy, Path(config_home) / "pip" / _BASENAME]


def pip_config_files(env: Mapping[str, str], *, site: Path | None = None) -> list[Path]:
    """The configuration files pip would read, weakest first (later ones override).

    Global files (``$XDG_CONFIG_DIRS/pip/pip.conf``, ``/etc/pip.conf``), then the user's
    (``~/.pip/pip.conf``, ``$XDG_CONFIG_HOME/pip/pip.conf``) unless ``PIP_CONFIG_FILE``
    names an existing file, then the environment's (*site*: ``<venv>/pip.conf``), then
    ``PIP_CONFIG_FILE``. ``PIP_CONFIG_FILE=/dev/null`` (``os.devnull``) means none at all.
    """
    config_file = env.get("PIP_CONFIG_FILE")
    if config_file == os.devnull:
        return []
    files = [directory / _BASENAME for directory in _global_dirs(env)]
    if not (config_file and os.path.exists(config_file)):
        files += _user_files(env)
    if site is not None:
        files.append(site / _BASENAME)
    if config_file:
        files.append(Path(config_file))
    return files


def _read_file(path: Path) -> dict[str, str]:
    """``section.key`` -> value for the sections pip install reads."""
    import configparser

    parser = configparser.RawConfigParser()
    try:
        with open(path, encoding="utf-8") as file:
            parser.read_file(file)
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise IndexConfigError(str(path), reason) from exc
    values = {}
    for section in parser.sections():
        if section in _SECTIONS:
            for name, value in parser.items(section):
                values[f"{section}.{_normalize_key(name)}"] = value
    return values


class PipConfig(Frozen):
    """pip's own values of one setting each, with where they came from.

    *values* maps a key (``index-url``, ``extra-index-url``, ``find-links``,
    ``no-index``…) to ``(value, source)``: the ``PIP_*`` variable beats every file,
    ``[install]`` beats ``[global]`` (in any file), and a later file beats an earlier one.
    """

    __match_args__ = ("values",)
    __slots__ = __match_args__

    values: Mapping[str, tuple[str, str]]

    def __init__(self, values: Mapping[str, tuple[str, str]]) -> None:
        set_field(self, "values", values)

    @classmethod
    def load(cls, env: Mapping[str, str] = os.environ, *, site: Path | None = None) -> PipConfig:
        """Read pip's files (see `pip_config_files`) and ``PIP_*`` variables from *env*.

        :raises IndexConfigError: a config file cannot be parsed.
        """
        merged: dict[str, tuple[str, str]] = {}
        for path in pip_config_files(env, site=site):
            for key, value in _read_file(path).items():
                merged[key] = (value, str(path))
        values: dict[str, tuple[str, str]] = {}
        for section in _SECTIONS:
            for key, found in merged.items():
                if key.startswith(section + "."):
                    values[key.partition(".")[2]] = found
        for name, value in env.items():
            if name.startswith("PIP_") and name not in ("PIP_CONFIG_FILE",):
                values[_normalize_key(name[4:])] = (value, name)
        return cls(values)

    def get(self, key: str) -> tuple[str, str] | None:
        """``(value, source)`` of *key*, or None."""
        return self.values.get(key)

    def get_list(self, key: str) -> tuple[tuple[str, ...], str] | None:
        """A whitespace-separated list setting (``extra-index-url``, ``find-links``)."""
        found = self.values.get(key)
        if found is None:
            return None
        return tuple(found[0].split()), found[1]

    def get_bool(self, key: str) -> tuple[bool, str] | None:
        """A yes/no setting, read as pip does (``1``/``0``, ``yes``/``no``, ``true``…).

        :raises IndexConfigError: the value is none of those.
        """
        found = self.values.get(key)
        if found is None:
            return None
        value, source = found
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True, source
        if lowered in _FALSE:
            return False, source
        raise IndexConfigError(source, f"{key} must be yes or no, not {value!r}")


def pip_default_index_url(
    pythons: Iterable[str | os.PathLike[str]] = (),
    *,
    in_process: bool = True,
    env: Mapping[str, str] = os.environ,
) -> str:
    """pip's built-in default index URL, read from an installed pip at run time.

    First from the pip importable here (if *in_process*), else by asking each of
    *pythons*, then ``python3`` and ``python`` on ``PATH``, to print it. puffin never
    writes that URL down itself.

    :raises IndexConfigError: no pip could be found.
    """
    package = _pip_package() if in_process else None
    if package is not None:
        url = _read_pip_default(package) or _import_pip_default()
        if url is not None:
            return url
    import shutil

    candidates = [os.fspath(python) for python in pythons]
    for name in ("python3", "python"):
        found = shutil.which(name, path=env.get("PATH"))
        if found is not None:
            candidates.append(found)
    for python in dict.fromkeys(candidates):
        url = _ask(python, env)
        if url is not None:
            return url
    raise IndexConfigError(
        "pip's default index",
        "no index URL is configured and no pip was found to read its default from; "
        "pass --index-url (or set PUFFIN_INDEX_URL)",
    )


def _pip_package() -> Path | None:
    """The directory of the ``pip`` package importable here, found without importing it."""
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("pip")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _read_pip_default(package: Path) -> str | None:
    """pip's default index URL, read from its ``models/index.py`` without importing pip
    (whose package imports cost start-up time); None when that file does not say it the
    way pip has written it for years (then pip is imported)."""
    import re

    try:
        text = (package / "_internal" / "models" / "index.py").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.search(r"""\bPyPI\s*=\s*PackageIndex\(\s*(["'])(https?://[^"'\s]+)\1""", text)
    if match is None or "simple" not in text:
        return None
    from urllib.parse import urljoin

    return urljoin(match.group(2), "simple")


def _import_pip_default() -> str | None:
    try:
        module = importlib.import_module("pip._internal.models.index")
        url = module.PyPI.simple_url
    except (ImportError, AttributeError):
        return None
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else None


def _ask(python: str, env: Mapping[str, str]) -> str | None:
    import subprocess

    try:
        # -I: neither the working directory nor PYTHON* variables may swap in another pip.
        result = subprocess.run(
            [python, "-I", "-c", _DEFAULT_CODE],
            capture_output=True,
            text=True,
            timeout=30,
            env=dict(env),
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    url = result.stdout.strip()
    if result.returncode != 0 or not url.startswith(("https://", "http://")):
        return None
    return url

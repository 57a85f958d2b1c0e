"""Describe the running interpreter as one JSON object on stdout (puffin's interpreter query).

puffin runs this file as ``<python> -I _query.py`` inside the interpreter it
wants to know, with platform-host's probe source on stdin, and reads one JSON
object from stdout. It is never imported by puffin.

It must run unchanged on every Python puffin supports (3.7 to 3.13) and give a
clear answer on older ones, so it uses the stdlib only and no syntax newer than
Python 3.4: no f-strings, no variable annotations, no ``from __future__ import
annotations`` (3.7+). Annotations are quoted, so no interpreter evaluates
them and they may use modern syntax for mypy.

Why ``-I`` and not ``-S``: ``-I`` keeps ``PYTHONPATH``, ``PYTHONHOME``, the user
site directory and the script's directory out of ``sys.path`` (a stray
``json.py`` cannot answer for the interpreter) without changing where the
interpreter installs. ``-S`` skips ``site``, and before Python 3.11 ``site``
is what sets ``sys.prefix`` to the virtual environment: a venv queried with
``-S`` would report its base interpreter's prefix and scheme.
"""

# ruff: noqa: UP031
import contextlib
import json
import os
import platform
import struct
import sys
import sysconfig

with contextlib.suppress(ImportError):  # Python 3.4 has no typing; only mypy reads it here.
    from typing import Any

#: The shape of the answer; puffin_interpreter._info.ANSWER_FORMAT must agree.
ANSWER_FORMAT = 1
MINIMUM = (3, 7)

_SCHEME_KEYS = ("purelib", "platlib", "scripts", "data", "include")


def _format_full_version(info: "Any") -> "str":
    """PEP 508's ``implementation_version``: ``3.12.1``, ``3.13.0b2``."""
    version = "%d.%d.%d" % (info.major, info.minor, info.micro)
    if info.releaselevel != "final":
        version += info.releaselevel[0] + str(info.serial)
    return version


def _markers() -> "dict[str, str]":
    """The eleven PEP 508 environment markers, computed as the PEP says."""
    return {
        "implementation_name": sys.implementation.name,
        "implementation_version": _format_full_version(sys.implementation.version),
        "os_name": os.name,
        "platform_machine": platform.machine(),
        "platform_python_implementation": platform.python_implementation(),
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "python_full_version": platform.python_version(),
        "python_version": ".".join(platform.python_version_tuple()[:2]),
        "sys_platform": sys.platform,
    }


def _scheme_name() -> "str":
    """The sysconfig scheme that installs into this interpreter's prefix.

    The default scheme is not it everywhere: Debian's is ``posix_local``, which
    adds ``/local`` to the prefix (and some Debian builds used it even in
    virtual environments). The ``venv`` scheme (3.11+) is the prefix layout a
    virtual environment of this interpreter has; before it existed,
    ``posix_prefix`` / ``nt`` were.
    """
    names = sysconfig.get_scheme_names()
    if "venv" in names:
        return "venv"
    if os.name == "nt":
        return "nt"
    return "posix_prefix"


def _paths(base: "str", platbase: "str", installed_base: "str") -> "dict[str, str]":
    variables = {
        "base": base,
        "platbase": platbase,
        "installed_base": installed_base,
        "installed_platbase": installed_base,
    }
    paths = sysconfig.get_paths(scheme=_scheme_name(), vars=variables, expand=True)
    return {key: paths[key] for key in _SCHEME_KEYS}


def _site_include(prefix: "str") -> "str":
    # Headers that wheels install go to <venv>/include/site/pythonX.Y in a
    # virtual environment (the prefix's own include/ belongs to the base).
    return os.path.join(prefix, "include", "site", "python%d.%d" % sys.version_info[:2])


def _schemes() -> "tuple[dict[str, str], dict[str, str]]":
    """This prefix's scheme, and the layout of a venv of this interpreter relative to its root."""
    is_venv = sys.prefix != sys.base_prefix
    scheme = _paths(sys.prefix, sys.exec_prefix, sys.base_prefix)
    if is_venv:
        scheme["include"] = _site_include(sys.prefix)
    # A virtual environment's root holds every base, so one prefix stands for all.
    relative = _paths(sys.prefix, sys.prefix, sys.prefix)
    relative["include"] = _site_include(sys.prefix)
    for key, value in relative.items():
        relative[key] = os.path.relpath(value, sys.prefix)
    return scheme, relative


def _platform_facts(probe: "str") -> "dict[str, Any] | None":
    """Run platform-host's probe (given as source text) in a fresh namespace."""
    if not probe.strip():
        return None
    namespace = {"__name__": "_puffin_platform_probe"}  # type: dict[str, Any]
    exec(compile(probe, "<platform probe>", "exec"), namespace)
    return dict(namespace["probe_facts"]())


def _read_probe() -> "str":
    if sys.stdin is None or sys.stdin.isatty():
        return ""
    return sys.stdin.read()


def _base_executable() -> "str | None":
    """The base installation's interpreter binary, symbolic links resolved.

    In a venv ``sys._base_executable`` names the base interpreter (3.11+; before
    that it is the venv's own link, which resolves to the base binary).
    """
    executable = getattr(sys, "_base_executable", None) or sys.executable
    return os.path.realpath(executable) if executable else None


def _config_flag(name: "str") -> "bool":
    try:
        return bool(int(sysconfig.get_config_var(name) or 0))
    except (TypeError, ValueError):
        return False


def answer() -> "dict[str, Any]":
    """Everything puffin needs to know about this interpreter."""
    if sys.version_info < MINIMUM:
        return {
            "result": "error",
            "kind": "unsupported_python_version",
            "message": "Python %d.%d is not supported: puffin needs Python >= %d.%d"
            % (sys.version_info[0], sys.version_info[1], MINIMUM[0], MINIMUM[1]),
        }
    scheme, virtualenv_scheme = _schemes()
    implementation = sys.implementation.version
    version_info = list(sys.version_info)  # type: list[Any]
    return {
        "result": "success",
        "format": ANSWER_FORMAT,
        "markers": _markers(),
        "sys_executable": sys.executable or "",
        "base_executable": _base_executable(),
        "sys_prefix": sys.prefix,
        "sys_exec_prefix": sys.exec_prefix,
        "sys_base_prefix": sys.base_prefix,
        "sys_base_exec_prefix": sys.base_exec_prefix,
        "scheme": scheme,
        "virtualenv_scheme": virtualenv_scheme,
        "implementation_name": sys.implementation.name,
        "implementation_version": [
            implementation.major,
            implementation.minor,
            implementation.micro,
        ],
        "version_info": version_info,
        "pointer_size": struct.calcsize("P") * 8,
        "gil_disabled": _config_flag("Py_GIL_DISABLED"),
        "debug": _config_flag("Py_DEBUG") or hasattr(sys, "gettotalrefcount"),
        "abiflags": getattr(sys, "abiflags", ""),
        "platlibdir": getattr(sys, "platlibdir", "lib"),
        "platform": _platform_facts(_read_probe()),
    }


def main() -> "None":
    sys.stdout.write(json.dumps(answer()) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

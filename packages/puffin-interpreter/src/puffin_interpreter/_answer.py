"""The query script's answer as checked plain data (`Answer`), before any richer object.

Reading a cached answer is on the start-up path of every command, so this module
checks the shape with plain functions and builds no dataclass; `InterpreterInfo`
(see ``_info.py``) is made from an `Answer` only when something asks for it.
"""

from __future__ import annotations

from collections.abc import Mapping

from puffin_interpreter.errors import InvalidInterpreterInfo

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final, TypedDict

    class Answer(TypedDict):
        """A checked answer: the query script's JSON with versions as tuples.

        Paths are strings; ``base_executable`` is None when the script had none.
        """

        markers: dict[str, str]
        sys_executable: str
        base_executable: str | None
        sys_prefix: str
        sys_exec_prefix: str
        sys_base_prefix: str
        sys_base_exec_prefix: str
        scheme: dict[str, str]
        virtualenv_scheme: dict[str, str]
        implementation_name: str
        implementation_version: tuple[int, int, int]
        version_info: tuple[int, int, int, str, int]
        pointer_size: int
        gil_disabled: bool
        debug: bool
        abiflags: str
        platlibdir: str
        platform: dict[str, Any] | None


__all__ = ["ANSWER_FORMAT", "MARKER_NAMES", "SCHEME_KEYS", "check_answer", "check_scheme"]

#: The answer shape this module reads; ``_query.py`` writes the same number.
ANSWER_FORMAT: Final = 1

#: The PEP 508 environment markers, all of which the answer must carry.
MARKER_NAMES: Final = (
    "implementation_name",
    "implementation_version",
    "os_name",
    "platform_machine",
    "platform_python_implementation",
    "platform_release",
    "platform_system",
    "platform_version",
    "python_full_version",
    "python_version",
    "sys_platform",
)

#: The ``sysconfig`` scheme keys an answer's schemes must carry.
SCHEME_KEYS: Final = ("purelib", "platlib", "scripts", "data", "include")


def check_answer(data: Mapping[str, Any]) -> Answer:
    """Check a successful answer of the query script; raise `InvalidInterpreterInfo` if not.

    Only the shape is checked; values are the interpreter's own word. Unknown keys
    are left out.

    >>> check_answer({"format": 0})
    Traceback (most recent call last):
    ...
    puffin_interpreter.errors.InvalidInterpreterInfo: invalid interpreter information: \
answer format 0, expected 1
    """
    if not isinstance(data, Mapping):
        raise InvalidInterpreterInfo("the answer must be a JSON object")
    if data.get("format") != ANSWER_FORMAT:
        raise InvalidInterpreterInfo(
            f"answer format {data.get('format')!r}, expected {ANSWER_FORMAT}"
        )
    markers = _mapping(data, "markers")
    marker_values = {name: _str(markers, name) for name in MARKER_NAMES}
    base_executable = data.get("base_executable")
    if base_executable is not None and not isinstance(base_executable, str):
        raise InvalidInterpreterInfo("'base_executable' must be a string or null")
    facts = data.get("platform")
    if facts is not None and not isinstance(facts, Mapping):
        raise InvalidInterpreterInfo("'platform' must be an object or null")
    # The order of the checks below decides which error a malformed answer reports.
    return {
        "markers": marker_values,
        "sys_executable": _str(data, "sys_executable"),
        "base_executable": base_executable or None,
        "sys_prefix": _str(data, "sys_prefix"),
        "sys_exec_prefix": _str(data, "sys_exec_prefix"),
        "sys_base_prefix": _str(data, "sys_base_prefix"),
        "sys_base_exec_prefix": _str(data, "sys_base_exec_prefix"),
        "scheme": check_scheme(_mapping(data, "scheme")),
        "virtualenv_scheme": check_scheme(_mapping(data, "virtualenv_scheme")),
        "implementation_name": _str(data, "implementation_name"),
        "implementation_version": _version_triple(data.get("implementation_version")),
        "version_info": _version_info(data.get("version_info")),
        "pointer_size": _int(data, "pointer_size"),
        "gil_disabled": _bool(data, "gil_disabled"),
        "debug": _bool(data, "debug"),
        "abiflags": _str(data, "abiflags", allow_empty=True),
        "platlibdir": _str(data, "platlibdir"),
        "platform": dict(facts) if facts is not None else None,
    }


def check_scheme(data: Mapping[str, Any]) -> dict[str, str]:
    """Check a scheme object (``{"purelib": "...", ...}``); the five keys, in order.

    >>> check_scheme({"purelib": "lib"})
    Traceback (most recent call last):
    ...
    puffin_interpreter.errors.InvalidInterpreterInfo: invalid interpreter information: \
'platlib' must be a non-empty string
    """
    if not isinstance(data, Mapping):
        raise InvalidInterpreterInfo("a scheme must be an object")
    return {key: _str(data, key) for key in SCHEME_KEYS}


def _str(data: Mapping[str, Any], key: str, *, allow_empty: bool = False) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not (value or allow_empty):
        raise InvalidInterpreterInfo(f"{key!r} must be a non-empty string")
    return value


def _mapping(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, Mapping):
        raise InvalidInterpreterInfo(f"{key!r} must be an object")
    return value


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if type(value) is not int:
        raise InvalidInterpreterInfo(f"{key!r} must be an integer")
    return value


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise InvalidInterpreterInfo(f"{key!r} must be true or false")
    return value


def _version_triple(value: object) -> tuple[int, int, int]:
    if isinstance(value, list) and len(value) == 3 and all(type(part) is int for part in value):
        return (value[0], value[1], value[2])
    raise InvalidInterpreterInfo("'implementation_version' must be [major, minor, micro]")


def _version_info(value: object) -> tuple[int, int, int, str, int]:
    if (
        isinstance(value, list)
        and len(value) == 5
        and all(type(part) is int for part in (value[0], value[1], value[2], value[4]))
        and isinstance(value[3], str)
    ):
        return (value[0], value[1], value[2], value[3], value[4])
    raise InvalidInterpreterInfo(
        "'version_info' must be [major, minor, micro, releaselevel, serial]"
    )

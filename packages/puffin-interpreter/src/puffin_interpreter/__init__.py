"""Find and query Python interpreters (markers, tags, scheme paths) and virtual environments."""

from puffin_interpreter._discovery import find_executable, find_interpreter, python_in
from puffin_interpreter._interpreter import Interpreter
from puffin_interpreter._request import PythonRequest, RequestKind
from puffin_interpreter.errors import (
    InterpreterError,
    InterpreterNotFound,
    InterpreterQueryError,
    InvalidInterpreterInfo,
    InvalidPythonRequest,
    NotAVirtualenv,
    UnsupportedInterpreter,
)

# `typing.TYPE_CHECKING` without importing typing (see `_LAZY`); deleted below.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from puffin_interpreter._info import InterpreterInfo, Scheme
    from puffin_interpreter._virtualenv import PyVenvCfg, Virtualenv

__all__ = [
    "Interpreter",
    "InterpreterError",
    "InterpreterInfo",
    "InterpreterNotFound",
    "InterpreterQueryError",
    "InvalidInterpreterInfo",
    "InvalidPythonRequest",
    "NotAVirtualenv",
    "PyVenvCfg",
    "PythonRequest",
    "RequestKind",
    "Scheme",
    "UnsupportedInterpreter",
    "Virtualenv",
    "find_executable",
    "find_interpreter",
    "python_in",
]

# Names whose modules are imported on first use (PEP 562): finding an interpreter
# through the cache needs none of them.
_LAZY = {
    "InterpreterInfo": "_info",
    "PyVenvCfg": "_virtualenv",
    "Scheme": "_info",
    "Virtualenv": "_virtualenv",
}

# Hidden from mypy, which would otherwise accept any attribute of the package.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


del TYPE_CHECKING

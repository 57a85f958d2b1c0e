"""Find and query Python interpreters (markers, tags, scheme paths) and virtual environments."""

from puffin_interpreter._discovery import find_executable, find_interpreter, python_in
from puffin_interpreter._info import InterpreterInfo, Scheme
from puffin_interpreter._interpreter import Interpreter
from puffin_interpreter._request import PythonRequest, RequestKind
from puffin_interpreter._virtualenv import PyVenvCfg, Virtualenv
from puffin_interpreter.errors import (
    InterpreterError,
    InterpreterNotFound,
    InterpreterQueryError,
    InvalidInterpreterInfo,
    InvalidPythonRequest,
    NotAVirtualenv,
    UnsupportedInterpreter,
)

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

"""Create Python virtual environments directly, without running ``python -m venv``."""

from gourgeist._create import CreatedVenv, create_venv
from gourgeist._interpreter import BaseInterpreter, InterpreterFacts
from gourgeist.errors import GourgeistError, VenvCreationError, VenvExists

__all__ = [
    "BaseInterpreter",
    "CreatedVenv",
    "GourgeistError",
    "InterpreterFacts",
    "VenvCreationError",
    "VenvExists",
    "create_venv",
]

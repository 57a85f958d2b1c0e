"""Create Python virtual environments directly, without running ``python -m venv``."""

from gourgeist._create import CreatedVenv, create_venv
from gourgeist._interpreter import InterpreterFacts
from gourgeist.errors import GourgeistError, VenvCreationError, VenvExists

# `typing.TYPE_CHECKING` without importing typing (see `__getattr__`); deleted below.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from gourgeist._protocol import BaseInterpreter

__all__ = [
    "BaseInterpreter",
    "CreatedVenv",
    "GourgeistError",
    "InterpreterFacts",
    "VenvCreationError",
    "VenvExists",
    "create_venv",
]

# Hidden from mypy, which would otherwise accept any attribute of the package.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        # The protocol is imported on first use (PEP 562): a runtime Protocol needs
        # typing, whose import costs more than creating an environment does.
        if name != "BaseInterpreter":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from gourgeist._protocol import BaseInterpreter

        globals()[name] = BaseInterpreter
        return BaseInterpreter

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


del TYPE_CHECKING

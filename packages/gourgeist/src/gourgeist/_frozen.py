"""`Frozen`: the base of gourgeist's small immutable value types."""

from __future__ import annotations

# `typing.TYPE_CHECKING` without importing typing, which costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar

__all__ = ["Frozen"]


class Frozen:
    """Equality, hash, repr and immutability from the ``_fields`` a subclass lists.

    What ``@dataclass(frozen=True, slots=True)`` would generate, written once by hand:
    every ``puffin venv`` builds these values, and importing dataclasses (and generating
    each class's methods) costs more start-up time than creating the environment.
    A subclass declares its fields in ``__slots__`` (sorted, as the linter wants) and in
    ``_fields`` (in ``__init__`` order), and fills them with `_fill`.

    >>> class Pair(Frozen):
    ...     __slots__ = ("left", "right")
    ...     _fields = ("left", "right")
    ...     def __init__(self, left: int, right: int) -> None:
    ...         self._fill(left, right)
    >>> Pair(1, 2)
    Pair(left=1, right=2)
    >>> Pair(1, 2) == Pair(1, 2), Pair(1, 2) == Pair(2, 1), hash(Pair(1, 2)) == hash(Pair(1, 2))
    (True, False, True)
    >>> Pair(1, 2).left = 3
    Traceback (most recent call last):
    ...
    AttributeError: cannot assign to field 'left'
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def _fill(self, *values: object) -> None:
        for name, value in zip(self._fields, values, strict=True):
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Frozen) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"

    def __reduce__(self) -> tuple[type[Frozen], tuple[object, ...]]:
        # Unpickling calls __init__ rather than setting slots (which __setattr__ forbids).
        return (self.__class__, self._values())

"""`Frozen`: the base of the value types of puffin's packages (immutable, slotted,
compared by value).

Written by hand rather than with attrs or dataclasses: both generate and compile
several methods per class at import time (about 1 ms per class, more than
everything else most of these packages do at import), and every puffin command
imports dozens of such classes. It lives here, in the package every other one
depends on, so that one copy serves them all.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, Final, dataclass_transform

__all__ = ["Frozen", "set_field"]

# Sets a field in `__init__`, where plain assignment raises (the instance is frozen).
set_field = object.__setattr__


# The key of an object without fields: its class.
_NO_FIELDS: Final = attrgetter("__class__")


# Type checkers treat subclasses as frozen dataclasses: fields are read-only.
@dataclass_transform(frozen_default=True)
class Frozen:
    """An immutable value compared, hashed, shown, copied and pickled by its fields.

    A subclass lists its fields in ``__slots__`` (a subclass of it inherits them),
    its positional ones in ``__match_args__`` (in ``__init__`` order, which is also
    the ``repr`` order; keyword-only fields follow), sets them in ``__init__`` with
    `set_field`, and may narrow the fields that equality and hashing use with
    ``_compare``. Fields named with a leading underscore (derived data) are left
    out of the ``repr``.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _shown: ClassVar[tuple[str, ...]] = ()
    _compare: ClassVar[tuple[str, ...]] = ()
    # attrgetters, which (unlike functions) do not bind as methods: they return a
    # tuple of the values, or the value itself for a single name.
    _values: ClassVar[attrgetter[object]] = _NO_FIELDS
    _key: ClassVar[attrgetter[object]] = _NO_FIELDS

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        slots = [
            name
            for klass in reversed(cls.__mro__)
            for name in klass.__dict__.get("__slots__", ())
            if name not in ("__dict__", "__weakref__")
        ]
        positional = getattr(cls, "__match_args__", ())
        fields = (*positional, *(name for name in slots if name not in positional))
        compare = cls._compare or fields
        cls._fields = fields
        cls._shown = tuple(name for name in fields if not name.startswith("_"))
        cls._values = attrgetter(*fields) if fields else _NO_FIELDS
        cls._key = attrgetter(*compare) if compare else _NO_FIELDS

    # Hidden from type checkers, which then treat equality as a dataclass's: comparing
    # values of unrelated classes stays an error under mypy's strict equality.
    if not TYPE_CHECKING:

        def __eq__(self, other: object) -> bool:
            if other.__class__ is not self.__class__:
                return NotImplemented
            return self._key(self) == self._key(other)

        def __hash__(self) -> int:
            return hash(self._key(self))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{type(self).__qualname__}({fields})"

    def __setattr__(self, name: str, value: object) -> None:
        raise _frozen(self, name)

    def __delattr__(self, name: str) -> None:
        raise _frozen(self, name)

    def __getstate__(self) -> tuple[object, ...]:
        values = self._values(self)
        if len(self._fields) == 1:
            return (values,)
        return values if isinstance(values, tuple) else ()

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for name, value in zip(self._fields, state, strict=True):
            set_field(self, name, value)


def _frozen(instance: object, name: str) -> AttributeError:
    # dataclasses is imported only here, when someone tries to change a value.
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError(f"cannot assign to field {name!r} of {type(instance).__name__}")

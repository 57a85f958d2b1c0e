"""`Operator`: the comparison operators of PEP 440 version specifiers."""

from __future__ import annotations

import enum

__all__ = ["Operator"]


class Operator(enum.Enum):
    """A version specifier's operator; the wildcard forms of ``==``/``!=`` are their own members.

    The value names the member (``Operator("==*")``); ``str()`` is the
    operator as written in a specifier, so both ``EQUAL`` and ``EQUAL_STAR``
    print as ``==`` (the ``.*`` belongs to the version).

    >>> Operator("~=")
    <Operator.TILDE_EQUAL: '~='>
    >>> str(Operator.NOT_EQUAL_STAR)
    '!='
    """

    EQUAL = "=="
    EQUAL_STAR = "==*"
    EXACT_EQUAL = "==="
    NOT_EQUAL = "!="
    NOT_EQUAL_STAR = "!=*"
    TILDE_EQUAL = "~="
    LESS_THAN = "<"
    LESS_THAN_EQUAL = "<="
    GREATER_THAN = ">"
    GREATER_THAN_EQUAL = ">="

    def __str__(self) -> str:
        return self.value.removesuffix("*")

    @property
    def is_wildcard(self) -> bool:
        """Whether this is ``==`` or ``!=`` with a ``.*`` prefix match."""
        return self in (Operator.EQUAL_STAR, Operator.NOT_EQUAL_STAR)

    def with_wildcard(self) -> Operator:
        """The wildcard form of ``==`` or ``!=``.

        :raises ValueError: for any other operator, which takes no wildcard.
        """
        if self is Operator.EQUAL:
            return Operator.EQUAL_STAR
        if self is Operator.NOT_EQUAL:
            return Operator.NOT_EQUAL_STAR
        raise ValueError(f"'{self}' takes no wildcard")

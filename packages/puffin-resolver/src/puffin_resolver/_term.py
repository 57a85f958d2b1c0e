"""`Term`: a statement about one package's version, positive or negative."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from puffin_resolver._frozen import Frozen, set_field
from puffin_resolver._range import Range

if TYPE_CHECKING:
    from puffin_pep440 import Version

__all__ = ["Term"]


class Term(Frozen):
    """A range of versions a package must be in (positive) or must not be in (negative).

    A positive term ``a ∈ R`` holds when a version of ``a`` in ``R`` is
    selected; a negative term ``not a ∈ R`` holds when the selected version
    is outside ``R`` *or no version of ``a`` is selected*. The package itself
    is not part of the term: incompatibilities map packages to terms.

    >>> from puffin_pep440 import VersionSpecifiers
    >>> r = Range.from_specifiers(VersionSpecifiers.parse(">=1.0"))
    >>> t = Term(r, positive=True)
    >>> t.negate(), t.intersection(Term(Range.full(), positive=False)).is_empty()
    (<Term(not >=1.0)>, True)
    """

    __match_args__ = ("range", "positive")
    __slots__ = __match_args__

    range: Range
    positive: bool

    def __init__(self, range: Range, *, positive: bool) -> None:
        set_field(self, "range", range)
        set_field(self, "positive", positive)

    @classmethod
    def exactly(cls, version: Version) -> Term:
        """The positive term of one version (a decision)."""
        return cls(Range.singleton(version), positive=True)

    def negate(self) -> Term:
        """The term that holds exactly when this one does not."""
        return Term(self.range, positive=not self.positive)

    def is_empty(self) -> bool:
        """Whether no selection satisfies this term (only a positive empty range)."""
        return self.positive and self.range.is_empty()

    def contains(self, version: Version) -> bool:
        """Whether selecting *version* satisfies this term."""
        return self.range.contains(version) == self.positive

    def intersection(self, other: Term) -> Term:
        """The term that holds when both hold."""
        if self.positive:
            if other.positive:
                return Term(self.range.intersection(other.range), positive=True)
            return Term(self.range.difference(other.range), positive=True)
        if other.positive:
            return Term(other.range.difference(self.range), positive=True)
        return Term(self.range.union(other.range), positive=False)

    def difference(self, other: Term) -> Term:
        """The term that holds when this one does and *other* does not."""
        return self.intersection(other.negate())

    def subset_of(self, other: Term) -> bool:
        """Whether *other* holds whenever this term holds ("this satisfies other")."""
        if self.positive:
            if other.positive:
                return self.range.subset_of(other.range)
            return self.range.is_disjoint(other.range)
        if other.positive:
            return False  # only a negative term allows selecting no version
        return other.range.subset_of(self.range)

    def is_disjoint(self, other: Term) -> bool:
        """Whether the two terms never hold together ("this contradicts other")."""
        if self.positive:
            if other.positive:
                return self.range.is_disjoint(other.range)
            return self.range.subset_of(other.range)
        if other.positive:
            return other.range.subset_of(self.range)
        return False  # both hold when no version is selected

    def __str__(self) -> str:
        return str(self.range) if self.positive else f"not {self.range}"

    def __repr__(self) -> str:
        return f"<Term({self})>"


ANY: Final = Term(Range.empty(), positive=False)

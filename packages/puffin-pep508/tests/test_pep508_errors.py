"""Tests of the error classes and the public surface."""

from __future__ import annotations

import pickle

import pytest

import puffin_pep508
from puffin_pep508 import (
    InvalidMarker,
    InvalidRequirement,
    InvalidUrl,
    Pep508Error,
    UndefinedComparison,
    UndefinedEnvironmentName,
)


class TestErrors:
    @pytest.mark.parametrize("cls", [InvalidRequirement, InvalidMarker, InvalidUrl])
    def test_parse_errors(self, cls: type[InvalidRequirement]) -> None:
        error = cls("abc def", "bad thing", 4, 3)
        assert isinstance(error, Pep508Error)
        assert isinstance(error, ValueError)
        assert (error.input, error.message, error.start, error.length) == (
            "abc def",
            "bad thing",
            4,
            3,
        )
        assert str(error).startswith("bad thing (column 5 of ")
        assert str(error).endswith("'abc def')")
        assert error.render() == "bad thing\nabc def\n    ^^^"

    def test_zero_length_still_points(self) -> None:
        assert InvalidMarker("ab", "m", 2, 0).render().endswith("\n  ^")

    def test_pickle(self) -> None:
        error = pickle.loads(pickle.dumps(InvalidRequirement("x", "m", 1, 0)))
        assert (error.input, error.message, error.start, error.length) == ("x", "m", 1, 0)

    def test_evaluation_errors(self) -> None:
        undefined = UndefinedComparison('os_name ~= "x"', "~= is undefined for strings")
        assert isinstance(undefined, ValueError)
        assert str(undefined) == "cannot evaluate 'os_name ~= \"x\"': ~= is undefined for strings"
        missing = UndefinedEnvironmentName("extras")
        assert isinstance(missing, KeyError)
        assert isinstance(missing, Pep508Error)
        assert str(missing) == "the marker environment has no value for 'extras'"


class TestExports:
    def test_all_is_sorted_and_complete(self) -> None:
        assert puffin_pep508.__all__ == sorted(puffin_pep508.__all__)
        public = {
            name
            for name, value in vars(puffin_pep508).items()
            if not name.startswith("_") and not isinstance(value, type(puffin_pep508))
        }
        assert public == set(puffin_pep508.__all__)

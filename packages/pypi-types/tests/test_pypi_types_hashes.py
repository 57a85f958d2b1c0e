"""Tests of Hashes."""

from __future__ import annotations

import pytest

from pypi_types import HASH_ALGORITHMS, Hashes


class TestHashes:
    def test_from_fragment_lowercases(self) -> None:
        assert Hashes.from_fragment("SHA256=ABCdef") == Hashes(sha256="abcdef")

    @pytest.mark.parametrize("algorithm", HASH_ALGORITHMS)
    def test_from_fragment_every_algorithm(self, algorithm: str) -> None:
        hashes = Hashes.from_fragment(f"{algorithm}=00ff")
        assert getattr(hashes, algorithm) == "00ff"
        assert hashes.best() == (algorithm, "00ff")

    @pytest.mark.parametrize("fragment", ["", "sha256", "sha256=", "sha1=00", "egg=foo", "=00"])
    def test_from_fragment_without_known_hash(self, fragment: str) -> None:
        assert Hashes.from_fragment(fragment).is_empty

    def test_from_mapping_drops_unknown_and_empty(self) -> None:
        hashes = Hashes.from_mapping({"SHA512": "AA", "blake2b": "bb", "md5": ""})
        assert hashes == Hashes(sha512="aa")

    def test_items_strongest_first(self) -> None:
        hashes = Hashes(md5="1", sha256="2", sha384="3", sha512="4")
        assert list(hashes.items()) == [
            ("sha512", "4"),
            ("sha384", "3"),
            ("sha256", "2"),
            ("md5", "1"),
        ]
        assert hashes.best() == ("sha512", "4")

    def test_empty(self) -> None:
        assert Hashes().is_empty
        assert Hashes().best() is None
        assert Hashes().to_dict() == {}
        assert not Hashes(md5="00").is_empty

    def test_to_dict_sorted(self) -> None:
        assert list(Hashes(sha256="b", md5="a").to_dict()) == ["md5", "sha256"]

    def test_repr_lists_only_present(self) -> None:
        assert repr(Hashes(sha256="ab", md5="cd")) == "Hashes(md5='cd', sha256='ab')"
        assert repr(Hashes()) == "Hashes()"

    def test_frozen_and_hashable(self) -> None:
        hashes = Hashes(sha256="ab")
        with pytest.raises(AttributeError):
            hashes.sha256 = "cd"  # type: ignore[misc]
        assert {hashes, Hashes(sha256="ab")} == {hashes}

"""Tests of the stable digests and URL canonicalization."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from puffin_cache import cache_digest, canonical_url, index_folder, url_digest


class TestCacheDigest:
    # Hard-coded: if one of these changes, every cache folder keyed by it moves, which
    # needs a bucket version bump, not a silent change.
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("", "fb912574cecad54c"),
            ("abc", "4773c535ad69b296"),
            (b"abc", "5898bc81000d86f8"),
            (0, "72c17e08c1ce8329"),
            (-5, "5725a9681dd565a6"),
            (True, "e3b98a4da31a127d"),
            (None, "1b16b1df538ba12d"),
            (1.5, "8565a422440b2fd4"),
            (("a", "b"), "80715321bf732ca6"),
            ({"b": 1, "a": 2}, "494d1040be492e46"),
            (frozenset({"x", "y"}), "de1063c540b2c2e4"),
            ("https://example.com/simple", "db804120728560e9"),
        ],
    )
    def test_known_digests(self, value: object, expected: str) -> None:
        assert cache_digest(value) == expected

    def test_encoding_is_the_documented_one(self) -> None:
        assert cache_digest("abc") == hashlib.sha256(b"s3:abc").hexdigest()[:16]
        assert cache_digest(7) == hashlib.sha256(b"i7;").hexdigest()[:16]

    def test_short_hex(self) -> None:
        digest = cache_digest("anything")
        assert len(digest) == 16
        assert int(digest, 16) >= 0

    def test_structure_matters(self) -> None:
        assert cache_digest(("ab", "c")) != cache_digest(("a", "bc"))
        assert cache_digest("1") != cache_digest(1)
        assert cache_digest(1) != cache_digest(True)
        assert cache_digest("abc") != cache_digest(b"abc")

    def test_lists_and_tuples_agree_and_order_free_collections_are_sorted(self) -> None:
        assert cache_digest(["a", 1]) == cache_digest(("a", 1))
        assert cache_digest({"a": 1, "b": 2}) == cache_digest({"b": 2, "a": 1})
        assert cache_digest({3, 1, 2}) == cache_digest({2, 3, 1})

    def test_paths_digest_as_strings(self) -> None:
        assert cache_digest(PurePosixPath("/usr/bin/python3")) == cache_digest("/usr/bin/python3")

    def test_rejects_arbitrary_objects(self) -> None:
        with pytest.raises(TypeError, match="object"):
            cache_digest(object())

    def test_same_in_another_process_with_another_hash_seed(self, tmp_path: Path) -> None:
        code = "from puffin_cache import cache_digest; print(cache_digest(('x', {'a': 1}, {2, 3})))"
        env = {**os.environ, "PYTHONHASHSEED": "12345"}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        assert out == cache_digest(("x", {"a": 1}, {2, 3}))


class TestCanonicalUrl:
    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            ("https://example.com/simple/", "https://example.com/simple"),
            ("HTTPS://EXAMPLE.com/Simple", "https://example.com/Simple"),
            ("https://example.com:443/simple", "https://example.com/simple"),
            ("http://example.com:80/simple", "http://example.com/simple"),
            ("http://example.com:443/simple", "http://example.com:443/simple"),
            ("https://example.com/simple#sha256=abc", "https://example.com/simple"),
            ("https://user:pw@example.com/simple", "https://example.com/simple"),
            ("https://__token__@example.com/simple", "https://example.com/simple"),
            ("https://example.com", "https://example.com"),
            ("https://example.com/", "https://example.com"),
            ("https://example.com/a/./b/../c/", "https://example.com/a/c"),
            ("https://example.com/%7euser/%2f", "https://example.com/~user/%2F"),
            ("https://example.com/s?b=1&a=2", "https://example.com/s?b=1&a=2"),
            ("http://[::1]:8080/simple/", "http://[::1]:8080/simple"),
            ("http://[::1]:80/simple/", "http://[::1]/simple"),
            ("file:///srv/wheels/", "file:///srv/wheels"),
            ("  https://example.com/simple  ", "https://example.com/simple"),
        ],
    )
    def test_canonical_forms(self, url: str, expected: str) -> None:
        assert canonical_url(url) == expected


class TestUrlDigest:
    def test_credentials_do_not_change_the_folder(self) -> None:
        plain = url_digest("https://example.com/simple/")
        assert url_digest("https://alice:s3cret@example.com/simple/") == plain
        assert url_digest("https://token@Example.COM:443/simple") == plain

    def test_credentials_never_reach_the_digest_input(self) -> None:
        assert "s3cret" not in canonical_url("https://alice:s3cret@example.com/simple/")

    def test_different_indexes_differ(self) -> None:
        assert url_digest("https://example.com/simple") != url_digest("https://example.org/simple")
        assert url_digest("http://127.0.0.1:8080/") != url_digest("http://127.0.0.1:8081/")

    def test_known_value(self) -> None:
        assert url_digest("http://127.0.0.1:8080/simple/") == "9a8d492c89763a24"


class TestIndexFolder:
    def test_default_index_is_pypi(self) -> None:
        assert index_folder("https://example.com/simple", default=True) == "pypi"

    def test_other_indexes_use_the_url_digest(self) -> None:
        url = "https://user:pw@example.com/simple/"
        assert index_folder(url) == url_digest("https://example.com/simple")

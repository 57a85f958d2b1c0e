"""CachePolicy: freshness, age and revalidation by RFC 9111."""

from __future__ import annotations

import email.utils

import pytest

from puffin_client import CachePolicy
from puffin_client._policy import parse_cache_control

NOW = 1_700_000_000.0


def http_date(when: float) -> str:
    return email.utils.formatdate(when, usegmt=True)


def policy(headers: dict[str, str], *, heuristic: float = 600.0) -> CachePolicy:
    result = CachePolicy.from_response(
        headers, request_time=NOW, response_time=NOW, heuristic=heuristic
    )
    assert result is not None
    return result


class TestParseCacheControl:
    def test_directives(self) -> None:
        assert parse_cache_control("max-age=60, must-revalidate") == {
            "max-age": "60",
            "must-revalidate": None,
        }

    def test_quoted_argument_with_comma(self) -> None:
        assert parse_cache_control('no-cache="a, b", max-age=5') == {
            "no-cache": "a, b",
            "max-age": "5",
        }

    def test_first_of_repeated_wins_and_empty_parts_are_skipped(self) -> None:
        assert parse_cache_control(",max-age=1,, MAX-AGE=2") == {"max-age": "1"}


class TestFreshness:
    def test_max_age(self) -> None:
        result = policy({"cache-control": "max-age=600"})
        assert result.is_fresh(NOW + 599)
        assert not result.is_fresh(NOW + 600)

    def test_age_header_is_taken_off(self) -> None:
        result = policy({"cache-control": "max-age=600", "age": "500"})
        assert result.is_fresh(NOW + 99)
        assert not result.is_fresh(NOW + 101)

    def test_old_date_counts_as_age(self) -> None:
        result = policy({"cache-control": "max-age=600", "date": http_date(NOW - 550)})
        assert not result.is_fresh(NOW + 60)

    def test_expires_relative_to_date(self) -> None:
        result = policy({"date": http_date(NOW), "expires": http_date(NOW + 120)})
        assert result.is_fresh(NOW + 119)
        assert not result.is_fresh(NOW + 121)

    def test_max_age_beats_expires(self) -> None:
        result = policy({"cache-control": "max-age=10", "expires": http_date(NOW + 9999)})
        assert not result.is_fresh(NOW + 11)

    @pytest.mark.parametrize("expires", ["0", "-1", "garbage"])
    def test_invalid_expires_is_stale(self, expires: str) -> None:
        assert not policy({"expires": expires}).is_fresh(NOW)

    def test_invalid_max_age_is_stale(self) -> None:
        assert not policy({"cache-control": "max-age=soon"}).is_fresh(NOW)

    @pytest.mark.parametrize(
        "headers",
        [
            {"cache-control": "no-cache"},
            {"cache-control": "no-cache, max-age=600"},
            {"pragma": "no-cache"},
            {"cache-control": "max-age=0, must-revalidate"},
        ],
    )
    def test_always_revalidated(self, headers: dict[str, str]) -> None:
        assert not policy(headers).is_fresh(NOW)

    def test_pragma_is_ignored_when_cache_control_is_present(self) -> None:
        assert policy({"pragma": "no-cache", "cache-control": "max-age=60"}).is_fresh(NOW + 1)

    def test_no_store_is_not_stored(self) -> None:
        assert (
            CachePolicy.from_response(
                {"cache-control": "no-store, max-age=600"}, request_time=NOW, response_time=NOW
            )
            is None
        )

    def test_no_headers_get_the_heuristic_lifetime(self) -> None:
        result = policy({}, heuristic=600)
        assert result.is_fresh(NOW + 599)
        assert not result.is_fresh(NOW + 601)

    def test_last_modified_heuristic_is_a_tenth_of_its_age(self) -> None:
        result = policy({"date": http_date(NOW), "last-modified": http_date(NOW - 1000)})
        assert result.is_fresh(NOW + 99)
        assert not result.is_fresh(NOW + 101)

    def test_last_modified_heuristic_is_capped(self) -> None:
        result = policy({"last-modified": http_date(NOW - 10**8)}, heuristic=600)
        assert not result.is_fresh(NOW + 601)

    def test_must_revalidate_flag(self) -> None:
        assert policy({"cache-control": "max-age=5, must-revalidate"}).must_revalidate
        assert not policy({"cache-control": "max-age=5"}).must_revalidate

    def test_immutable_never_goes_stale(self) -> None:
        assert CachePolicy.immutable(NOW).is_fresh(NOW + 10**9)


class TestRevalidation:
    def test_conditional_headers(self) -> None:
        result = policy({"etag": '"v1"', "last-modified": http_date(NOW - 10)})
        assert result.conditional_headers() == {
            "if-none-match": '"v1"',
            "if-modified-since": http_date(NOW - 10),
        }
        assert policy({}).conditional_headers() == {}

    def test_304_restarts_the_lifetime(self) -> None:
        result = policy({"cache-control": "max-age=60", "etag": '"v1"'})
        renewed = result.revalidated({}, request_time=NOW + 100, response_time=NOW + 100)
        assert renewed is not None
        assert renewed.is_fresh(NOW + 150)
        assert renewed.etag == '"v1"'

    def test_304_headers_replace_stored_ones(self) -> None:
        result = policy({"cache-control": "max-age=60", "etag": '"v1"'})
        renewed = result.revalidated(
            {"cache-control": "max-age=5", "etag": '"v2"'},
            request_time=NOW + 100,
            response_time=NOW + 100,
        )
        assert renewed is not None
        assert renewed.etag == '"v2"'
        assert not renewed.is_fresh(NOW + 106)

    def test_304_with_no_store_drops_the_entry(self) -> None:
        result = policy({"etag": '"v1"'})
        assert (
            result.revalidated({"cache-control": "no-store"}, request_time=NOW, response_time=NOW)
            is None
        )


class TestSerialization:
    def test_round_trip(self) -> None:
        result = policy({"cache-control": "max-age=60", "etag": '"x"'})
        assert CachePolicy.from_dict(result.to_dict()) == result
        immutable = CachePolicy.immutable(NOW)
        assert CachePolicy.from_dict(immutable.to_dict()) == immutable

    @pytest.mark.parametrize(
        "data",
        [
            {},
            {"v": 99, "stored": 1.0, "fresh_until": 2.0, "headers": {}},
            {"v": 1, "stored": "x", "fresh_until": 2.0, "headers": {}},
            {"v": 1, "stored": 1.0, "fresh_until": "y", "headers": {}},
            {"v": 1, "stored": 1.0, "fresh_until": 2.0, "headers": []},
        ],
    )
    def test_foreign_data_is_none(self, data: dict[str, object]) -> None:
        assert CachePolicy.from_dict(data) is None

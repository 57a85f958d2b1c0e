"""Measure how fast a cached simple-page record reads back, per payload codec.

The record holds the parsed file list of one project page with 1,500 files
(filename, url, hashes, requires-python, upload time, yanked, size). For each
candidate codec the page is encoded, written with `puffin_cache.write_record`,
and then read + checked + decoded many times from a warm page cache; the
requirement is at most 5 ms per read.

    .venv/bin/python tools/bench_cache_record.py [--files 1500] [--rounds 200]
"""

from __future__ import annotations

import argparse
import io
import json
import marshal
import pickle
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from puffin_cache import CachedRecord, decode_payload, encode_payload, read_record, write_record

REQUIREMENT_MS = 5.0
POLICY = {"etag": '"abc123"', "max-age": 600, "date": 1_700_000_000, "vary": ["accept"]}


def simple_page(files: int, seed: int = 0) -> list[dict[str, Any]]:
    """A synthetic but realistic project page: many versions, several wheels each."""
    rng = random.Random(seed)
    tags = [
        "cp{v}-cp{v}-manylinux_2_17_x86_64.manylinux2014_x86_64",
        "cp{v}-cp{v}-musllinux_1_1_aarch64",
        "cp{v}-cp{v}-macosx_10_9_universal2",
        "cp{v}-cp{v}-win_amd64",
    ]
    page = []
    for index in range(files):
        version = f"{index // 12}.{index % 7}.{index % 3}"
        if index % 12 == 0:
            filename = f"example_project-{version}.tar.gz"
        else:
            tag = tags[index % len(tags)].format(v=38 + index % 5)
            filename = f"example_project-{version}-{tag}.whl"
        digest = f"{rng.getrandbits(256):064x}"
        upload = f"2023-{1 + index % 12:02d}-{1 + index % 28:02d}T12:34:56.{index:06d}Z"
        page.append(
            {
                "filename": filename,
                "url": f"https://files.example.com/packages/{digest[:2]}/{digest[2:4]}/"
                f"{digest[4:]}/{filename}",
                "hashes": {"sha256": digest},
                "requires_python": ">=3.8" if index % 4 else None,
                "upload_time": upload,
                "yanked": "broken build" if index % 97 == 0 else False,
                "size": rng.randrange(10_000, 50_000_000),
            }
        )
    return page


def as_rows(page: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (
            f["filename"],
            f["url"],
            f["hashes"]["sha256"],
            f["requires_python"],
            f["upload_time"],
            f["yanked"],
            f["size"],
        )
        for f in page
    ]


def _json_dumps(data: object) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


def _plain_pickle_loads(payload: bytes) -> Any:
    return pickle.Unpickler(io.BytesIO(payload)).load()


# name -> (encode, decode, transform of the page)
CODECS: dict[str, tuple[Callable[[Any], bytes], Callable[[bytes], Any], bool]] = {
    "json, dicts": (_json_dumps, json.loads, False),
    "json, rows": (_json_dumps, json.loads, True),
    "marshal v4, dicts": (lambda d: marshal.dumps(d, 4), marshal.loads, False),
    "marshal v4, rows": (lambda d: marshal.dumps(d, 4), marshal.loads, True),
    "pickle 5 unrestricted, dicts": (lambda d: pickle.dumps(d, 5), _plain_pickle_loads, False),
    "pickle 5 restricted, dicts": (encode_payload, decode_payload, False),
    "pickle 5 restricted, rows": (encode_payload, decode_payload, True),
}


def measure(
    path: Path, name: str, page: list[dict[str, Any]], rounds: int
) -> tuple[float, float, float, int]:
    encode, decode, rows = CODECS[name]
    data = as_rows(page) if rows else page
    write_record(path, POLICY, encode(data))
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        record = read_record(path)
        assert record is not None
        decoded = decode(record[1])
        timings.append((time.perf_counter() - start) * 1000)
    assert len(decoded) == len(page)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    return timings[0], statistics.median(timings), p95, path.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    page = simple_page(args.files)
    print(f"Python {sys.version.split()[0]}, {args.files} files, {args.rounds} reads each")
    print(f"{'codec':<30} {'min ms':>8} {'median':>8} {'p95':>8} {'size KiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in CODECS:
            low, median, p95, size = measure(Path(tmp) / "page", name, page, args.rounds)
            print(f"{name:<30} {low:8.2f} {median:8.2f} {p95:8.2f} {size / 1024:9.0f}")
        # The shipped path: CachedRecord with the default codec, as the client will use it.
        path = Path(tmp) / "record"
        CachedRecord(POLICY, page).write(path)
        timings = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            record = CachedRecord.read(path)
            timings.append((time.perf_counter() - start) * 1000)
            assert record is not None
        median = statistics.median(timings)
    verdict = "OK" if median <= REQUIREMENT_MS else "TOO SLOW"
    print(
        f"\nCachedRecord.read (shipped codec, dicts): median {median:.2f} ms "
        f"(requirement <= {REQUIREMENT_MS} ms): {verdict}"
    )
    return 0 if median <= REQUIREMENT_MS else 1


if __name__ == "__main__":
    sys.exit(main())

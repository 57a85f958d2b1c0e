"""A worker process for the concurrency test of test_puffin_cache_record.py.

It hammers a few record entries and directory entries of one cache until a deadline,
writing self-describing data and checking everything it reads; any partial or mixed
read fails an assertion (exit status 1). It prints its counts as JSON.

    python puffin_cache_record_worker.py ROOT WORKER_ID START_TIME DURATION
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from puffin_cache import (
    Cache,
    CacheBucket,
    CachedRecord,
    persist_dir,
    read_record,
    write_record,
)


def _digest(files: object) -> str:
    return hashlib.sha256(repr(files).encode()).hexdigest()


def _check(data: dict[str, Any], policy: dict[str, Any]) -> None:
    files = data["files"]
    assert data["check"] == _digest(files), "payload does not match its digest"
    assert policy == {"writer": data["writer"], "seq": data["seq"], "n": len(files)}, policy


def main(root: str, worker: int, start: float, duration: float) -> dict[str, int]:
    cache = Cache.from_path(root)
    records = [cache.entry(CacheBucket.SIMPLE, "pypi", f"pkg{i}.pfcr").path for i in range(3)]
    raw = cache.entry(CacheBucket.SIMPLE, "pypi", "raw.bin").path
    dirs = [
        cache.entry(CacheBucket.WHEELS, "pypi", f"pkg{i}-1.0-py3-none-any").path for i in (0, 1)
    ]
    rng = random.Random(worker)
    counts = {"reads": 0, "writes": 0, "foreign": 0, "persists": 0}
    while time.time() < start:
        time.sleep(0.005)
    deadline = time.time() + duration
    for seq in range(100_000):  # bounded, though the deadline ends it far sooner
        if time.time() > deadline:
            break
        action = rng.random()
        path = rng.choice(records)
        if action < 0.35:
            n = rng.choice([0, 1, 50, 2000])
            files = [(f"pkg-{seq}.{i}-py3-none-any.whl", i * worker, None) for i in range(n)]
            data = {"writer": worker, "seq": seq, "files": files, "check": _digest(files)}
            CachedRecord({"writer": worker, "seq": seq, "n": n}, data).write(path)
            payload = os.urandom(rng.choice([0, 10, 100_000]))
            write_record(raw, {"sha": hashlib.sha256(payload).hexdigest()}, payload)
            counts["writes"] += 1
        elif action < 0.95:
            # Entries are only ever replaced, never removed: once a path exists, every
            # read of it must find a complete record.
            existed = path.exists()
            record = CachedRecord.read(path)
            if record is None:
                assert not existed, f"complete record {path} read as a miss"
                continue
            _check(record.data, record.policy)
            counts["reads"] += 1
            counts["foreign"] += record.data["writer"] != worker
            raw_existed = raw.exists()
            got = read_record(raw)
            assert got is not None or not raw_existed, "raw record read as a miss"
            if got is not None:
                assert hashlib.sha256(got[1]).hexdigest() == got[0]["sha"]
        else:
            with cache.temp_dir(CacheBucket.WHEELS) as temp:
                for i in range(20):
                    (temp / f"m{i}.py").write_text(f"worker = {worker}\n")
                final = persist_dir(temp, rng.choice(dirs))
            contents = [p.read_text() for p in Path(final).iterdir()]
            assert len(contents) == 20, contents
            assert len(set(contents)) == 1, "a directory entry mixes two writers"
            counts["persists"] += 1
    return counts


if __name__ == "__main__":
    root, worker, start, duration = sys.argv[1:5]
    print(json.dumps(main(root, int(worker), float(start), float(duration))))

"""Several threads and several processes fetching the same repository at once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from puffin_cache import Cache, cache_digest
from puffin_git import GitCheckout, GitSource
from puffin_git_origin import History, Origin

WORKER = Path(__file__).with_name("puffin_git_worker.py")


def _fetch_together(sources: list[GitSource], origin: Origin, rev: str) -> list[GitCheckout]:
    barrier = threading.Barrier(len(sources))
    results: list[GitCheckout] = []
    errors: list[BaseException] = []

    def work(source: GitSource) -> None:
        barrier.wait()
        try:
            results.append(source.fetch(origin.dist(rev)))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(source,)) for source in sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def _checkouts(cache: Cache, origin: Origin) -> list[str]:
    digest = cache_digest(origin.dist().resource_id())
    return sorted(p.name for p in (cache.root / "git-v0" / "checkouts" / digest).iterdir())


class TestThreads:
    def test_one_source_many_threads(self, cache: Cache, origin: Origin, history: History) -> None:
        source = GitSource(cache)
        results = _fetch_together([source] * 4, origin, "v2")
        assert {checkout.commit for checkout in results} == {history.second}
        assert len({checkout.path for checkout in results}) == 1
        assert _checkouts(cache, origin) == [history.second]
        assert sorted(p.name for p in (cache.root / "git-v0").iterdir()) == ["checkouts", "db"]

    def test_one_source_per_thread(self, cache: Cache, origin: Origin, history: History) -> None:
        results = _fetch_together([GitSource(cache) for _ in range(3)], origin, "feature")
        assert {checkout.commit for checkout in results} == {history.feature}
        assert _checkouts(cache, origin) == [history.feature]

    def test_different_references_at_once(
        self, cache: Cache, origin: Origin, history: History
    ) -> None:
        source = GitSource(cache)
        results: dict[str, str] = {}

        def work(rev: str) -> None:
            results[rev] = source.fetch(origin.dist(rev)).commit

        threads = [threading.Thread(target=work, args=(rev,)) for rev in ("v1", "v2", "feature")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == {"v1": history.first, "v2": history.second, "feature": history.feature}


class TestProcesses:
    def test_two_processes_at_once(self, cache: Cache, origin: Origin, history: History) -> None:
        start = time.time() + 0.5
        command = [sys.executable, str(WORKER), str(cache.root), f"git+{origin.url}@v1", str(start)]
        children = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outputs = [child.communicate(timeout=60) for child in children]
        for child, (_, stderr) in zip(children, outputs, strict=True):
            assert child.returncode == 0, stderr
        lines = {stdout.strip() for stdout, _ in outputs}
        assert len(lines) == 1
        commit, path = lines.pop().split(" ", 1)
        assert commit == history.first
        assert Path(path, "file.txt").read_text() == "first"
        assert _checkouts(cache, origin) == [history.first]

"""Time the solver on synthetic registries: ``python bench_resolver.py [--profile]``.

No backtracking: 100 packages of 300 versions each, every version depending
on a few later packages with ranges that the newest versions satisfy. And
some backtracking: the newest versions of half the packages require a
version of a shared package that the root forbids.
"""

from __future__ import annotations

import cProfile
import pstats
import random
import sys
import time

from puffin_pep440 import Version
from puffin_resolver import InMemoryProvider, Range, resolve


def registry(
    packages: int, versions: int, *, conflict: bool, seed: int = 0
) -> InMemoryProvider[str]:
    """A registry where each version of package i depends on up to 4 packages after i."""
    rng = random.Random(seed)
    provider = InMemoryProvider[str]()
    names = [f"p{i}" for i in range(packages)]
    all_versions = [
        Version.from_release(major, minor) for major in range(versions // 10) for minor in range(10)
    ]
    for i, name in enumerate(names):
        later = names[i + 1 :]
        chosen = rng.sample(later, min(4, len(later)))
        for version in all_versions:
            deps: dict[str, Range] = {
                dep: Range.higher_than(Version.from_release(rng.randrange(version.major + 1), 0))
                for dep in chosen
            }
            if conflict and i % 2 and version.major >= versions // 20:
                deps["shared"] = Range.higher_than(Version.from_release(2))
            provider.add(name, version, deps)
    for major in range(3):
        provider.add("shared", Version.from_release(major), {})
    root_deps: dict[str, Range] = {name: Range.full() for name in names[:10]}
    if conflict:
        root_deps["shared"] = Range.strictly_lower_than(Version.from_release(2))
    provider.add("root", Version.from_release(0), root_deps)
    return provider


def main() -> None:
    profile = "--profile" in sys.argv
    for conflict in (False, True):
        provider = registry(100, 300, conflict=conflict)
        start = time.perf_counter()
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
        solution = resolve(provider, "root", Version.from_release(0))
        elapsed = time.perf_counter() - start
        if profile:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        print(f"conflict={conflict}: {len(solution)} packages in {elapsed * 1000:.1f} ms")


if __name__ == "__main__":
    main()

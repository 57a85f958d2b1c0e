"""Compare the speed of puffin_pep440 with packaging's on the same work.

Work items (on the differential-test corpus when present, else generated
strings): parse 10k+ version strings, sort them, parse specifier lists, and
`contains` checks of many versions against many specifier lists. Each is
timed with timeit (best of several rounds) for both libraries and reported as
a ratio, puffin time / packaging time: below 1.0 means puffin is faster.

puffin_pep440 caches parse results per string; "cold" rounds clear those
caches before every round (every string parsed anew, as on first sight),
"warm" rounds keep them (the same strings seen again, as in a resolver that
meets the same requirement many times). packaging keeps no such cache, so its
cold and warm times are the same work.

    .venv/bin/python tools/bench_pep440.py [--rounds 15] [--generated]
"""

from __future__ import annotations

import argparse
import random
import timeit
from collections.abc import Callable
from pathlib import Path

import packaging
from packaging.specifiers import InvalidSpecifier as PackagingInvalidSpecifier
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion as PackagingInvalidVersion
from packaging.version import Version as PackagingVersion

import puffin_pep440
from puffin_pep440 import (
    InvalidSpecifier,
    InvalidVersion,
    Version,
    VersionSpecifiers,
    _specifier,
    _specifiers,
    _version,
)

DATA = Path(__file__).resolve().parent.parent / "packages" / "puffin-pep440" / "tests" / "data"


def clear_caches() -> None:
    """Forget every parsed string, so that the next parse does the whole work."""
    _version._CACHE.clear()
    _specifier._CACHE.clear()
    _specifiers._CACHE.clear()


def generated_versions(count: int, seed: int = 0) -> list[str]:
    """Version strings shaped like real ones: mostly plain, some suffixed, a few invalid."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [str(rng.choice([0, 1, 2, 3, 10, 2023, 20230628214621])) for _ in range(3)]
        text = ".".join(parts[: rng.randint(1, 3)])
        roll = rng.random()
        if roll < 0.1:
            text += rng.choice(["a1", "b2", "rc1", ".dev0", "-alpha.3", ".post1", "+local.7"])
        elif roll < 0.12:
            text += rng.choice(["-SNAPSHOT", ".x", "_final"])
        texts.append(text)
    return texts


def generated_specifiers(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        items = []
        for _ in range(rng.randint(1, 3)):
            operator = rng.choice([">=", "<", "==", "!=", "~=", "<="])
            version = f"{rng.randint(0, 5)}.{rng.randint(0, 20)}"
            items.append(f"{operator}{version}{'.*' if operator == '!=' else ''}")
        texts.append(",".join(items))
    return texts


def load(generated: bool) -> tuple[list[str], list[str], str]:
    versions_file, specifiers_file = DATA / "versions.txt", DATA / "specifiers.txt"
    if not generated and versions_file.exists() and specifiers_file.exists():
        versions = versions_file.read_text(encoding="utf-8").splitlines()
        specifiers = specifiers_file.read_text(encoding="utf-8").splitlines()
        return versions, specifiers, "corpus"
    return generated_versions(12_000), generated_specifiers(2_000), "generated"


def best_of_both(
    ours: Callable[[], object],
    theirs: Callable[[], object],
    rounds: int,
    setup: Callable[[], None] | None = None,
) -> tuple[float, float]:
    """The best times of *rounds* runs of each, alternating so that both see the same load."""
    our_times, their_times = [], []
    for _ in range(rounds):
        if setup is not None:
            setup()
        our_times.append(timeit.timeit(ours, number=1))
        their_times.append(timeit.timeit(theirs, number=1))
    return min(our_times), min(their_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--generated", action="store_true", help="ignore the corpus")
    args = parser.parse_args()
    rounds: int = args.rounds

    version_texts, specifier_texts, source = load(args.generated)

    def valid_for_packaging_version(text: str) -> bool:
        try:
            PackagingVersion(text)
        except PackagingInvalidVersion:
            return False
        return True

    def valid_for_packaging_specifiers(text: str) -> bool:
        try:
            SpecifierSet(text)
        except PackagingInvalidSpecifier:
            return False
        return True

    valid_versions = [text for text in version_texts if valid_for_packaging_version(text)]
    valid_specifiers = [text for text in specifier_texts if valid_for_packaging_specifiers(text)]

    # The loops use try/except, not contextlib.suppress(), whose own cost would
    # be timed along with every parse.
    def parse_all_puffin() -> None:
        parse = Version.parse
        for text in version_texts:
            try:  # noqa: SIM105
                parse(text)
            except InvalidVersion:
                pass

    def parse_all_packaging() -> None:
        for text in version_texts:
            try:  # noqa: SIM105
                PackagingVersion(text)
            except PackagingInvalidVersion:
                pass

    def parse_specifiers_puffin() -> None:
        parse = VersionSpecifiers.parse
        for text in specifier_texts:
            try:  # noqa: SIM105
                parse(text)
            except InvalidSpecifier:
                pass

    def parse_specifiers_packaging() -> None:
        for text in specifier_texts:
            try:  # noqa: SIM105
                SpecifierSet(text)
            except PackagingInvalidSpecifier:
                pass

    ours_sorted_input = [Version.parse(text) for text in valid_versions]
    theirs_sorted_input = [PackagingVersion(text) for text in valid_versions]
    random.Random(2).shuffle(ours_sorted_input)
    random.Random(2).shuffle(theirs_sorted_input)
    sorted(theirs_sorted_input)  # packaging computes its sort keys lazily: warm them

    # contains: every specifier list against the same 100 versions.
    sample = random.Random(3).sample(valid_versions, 100)
    our_specs = [VersionSpecifiers.parse(text) for text in valid_specifiers]
    their_specs = [SpecifierSet(text) for text in valid_specifiers]
    our_sample = [Version.parse(text) for text in sample]
    their_sample = [PackagingVersion(text) for text in sample]
    for specs in their_specs:  # packaging builds its ranges on first use: warm them
        for version in their_sample:
            specs.contains(version)

    def contains_puffin() -> None:
        for specs in our_specs:
            contains = specs.contains
            for version in our_sample:
                contains(version)

    def contains_packaging() -> None:
        for specs in their_specs:
            contains = specs.contains
            for version in their_sample:
                contains(version)

    def filter_puffin() -> None:
        for specs in our_specs:
            list(specs.filter(our_sample))

    def filter_packaging() -> None:
        for specs in their_specs:
            list(specs.filter(their_sample))

    rows: list[tuple[str, float, float]] = []

    def compare(
        name: str,
        ours: Callable[[], object],
        theirs: Callable[[], object],
        *,
        cold: bool = False,
    ) -> None:
        ours_time, theirs_time = best_of_both(ours, theirs, rounds, clear_caches if cold else None)
        rows.append((name, ours_time, theirs_time))

    parse_versions = f"parse {len(version_texts):,} versions"
    compare(f"{parse_versions} (cold)", parse_all_puffin, parse_all_packaging, cold=True)
    compare(f"{parse_versions} (warm)", parse_all_puffin, parse_all_packaging)
    compare(
        f"sort {len(valid_versions):,} parsed versions",
        lambda: sorted(ours_sorted_input),
        lambda: sorted(theirs_sorted_input),
    )
    compare(
        f"parse + sort {len(valid_versions):,} (cold)",
        lambda: sorted(map(Version.parse, valid_versions)),
        lambda: sorted(map(PackagingVersion, valid_versions)),
        cold=True,
    )
    parse_specs = f"parse {len(specifier_texts):,} specifier lists"
    compare(f"{parse_specs} (cold)", parse_specifiers_puffin, parse_specifiers_packaging, cold=True)
    compare(f"{parse_specs} (warm)", parse_specifiers_puffin, parse_specifiers_packaging)
    checks = len(valid_specifiers) * len(sample)
    compare(f"contains: {checks:,} checks", contains_puffin, contains_packaging)
    filters = f"filter {len(sample)} versions x {len(valid_specifiers):,}"
    compare(filters, filter_puffin, filter_packaging)

    print(
        f"puffin_pep440 (from {Path(puffin_pep440.__file__).parent}) vs packaging "
        f"{packaging.__version__}; {source} data; best of {rounds} rounds"
    )
    width = max(len(row[0]) for row in rows)
    print(f"{'work':<{width}}  {'puffin':>9}  {'packaging':>9}  {'ratio':>6}")
    for name, ours_time, theirs_time in rows:
        print(
            f"{name:<{width}}  {ours_time * 1000:7.1f}ms  {theirs_time * 1000:7.1f}ms  "
            f"{ours_time / theirs_time:6.2f}"
        )


if __name__ == "__main__":
    main()

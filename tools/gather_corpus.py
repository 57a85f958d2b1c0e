"""Gather the differential-test corpus from real package metadata (run once, by hand).

Sources, all local: a table of project names with their latest version
strings (one per line, tab-separated, version in the second column) and
directories of real wheels whose METADATA is read for Requires-Dist and
Requires-Python lines. The output files are committed under the tests of
puffin-pep440 and puffin-pep508; re-running with the same inputs gives the
same files (sorted, deterministic sampling).

    python tools/gather_corpus.py --versions-table TABLE.tsv --wheels DIR [--wheels DIR …]
"""

from __future__ import annotations

import argparse
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEP440_DATA = ROOT / "packages" / "puffin-pep440" / "tests" / "data"
PEP508_DATA = ROOT / "packages" / "puffin-pep508" / "tests" / "data"
_PLAIN = re.compile(r"^[0-9]+(\.[0-9]+)*$")
_SPECIFIER_PART = re.compile(r"(~=|===|==|!=|<=|>=|<|>)\s*[^,;\s)]+")


def _every_nth(items: list[str], count: int) -> list[str]:
    """A deterministic, evenly spread sample of *count* items."""
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _metadata_lines(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name.count("/") == 1 and name.endswith(".dist-info/METADATA"):
                text = archive.read(name).decode("utf-8", "replace")
                return text.split("\n\n", 1)[0].splitlines()
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--versions-table", type=Path, required=True)
    parser.add_argument("--wheels", type=Path, action="append", required=True)
    args = parser.parse_args()

    versions: set[str] = set()
    for line in args.versions_table.read_text().splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) > 1 and parts[1]:
            versions.add(parts[1])
    requires_dist: set[str] = set()
    specifiers: set[str] = set()
    for directory in args.wheels:
        for wheel in sorted(directory.rglob("*.whl")):
            versions.add(wheel.name.split("-")[1])
            for line in _metadata_lines(wheel):
                key, _, value = line.partition(":")
                value = value.strip()
                if key == "Requires-Dist":
                    requires_dist.add(value)
                    requirement = value.split(";", 1)[0]
                    found = [m.group(0) for m in _SPECIFIER_PART.finditer(requirement)]
                    if found:
                        specifiers.add(",".join(found))
                elif key == "Requires-Python":
                    specifiers.add(value)

    unusual = sorted(v for v in versions if not _PLAIN.match(v))
    plain = sorted(v for v in versions if _PLAIN.match(v))
    chosen = unusual + _every_nth(plain, 4000)
    PEP440_DATA.mkdir(parents=True, exist_ok=True)
    PEP508_DATA.mkdir(parents=True, exist_ok=True)
    (PEP440_DATA / "versions.txt").write_text("\n".join(sorted(chosen)) + "\n")
    (PEP440_DATA / "specifiers.txt").write_text("\n".join(sorted(specifiers)) + "\n")
    (PEP508_DATA / "requires_dist.txt").write_text("\n".join(sorted(requires_dist)) + "\n")
    print(
        f"{len(chosen)} versions, {len(specifiers)} specifiers, {len(requires_dist)} requirements"
    )


if __name__ == "__main__":
    main()

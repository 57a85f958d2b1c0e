"""Finding an interpreter through the cache imports only what that needs (start-up time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Each of these costs milliseconds to import; a cache hit needs none of them.
HEAVY = (
    "dataclasses",
    "platform_host",
    "platform_tags",
    "puffin_pep440",
    "puffin_pep508",
    "subprocess",
    "typing",
)

_FIND = """
import json, sys
before = set(sys.modules)
from puffin_cache import Cache
from puffin_interpreter import find_interpreter
interpreter = find_interpreter(sys.executable, cache=Cache.from_path(sys.argv[1]))
facts = [
    str(interpreter.base_executable),
    str(interpreter.base_prefix),
    list(interpreter.version_info),
    interpreter.implementation_name,
    interpreter.is_windows,
    interpreter.marker_values["python_full_version"],
]
print(json.dumps({"facts": facts, "imported": sorted(set(sys.modules) - before)}))
"""


def _find(cache: Path) -> dict[str, list[object]]:
    out = subprocess.run(
        [sys.executable, "-c", _FIND, str(cache)], capture_output=True, text=True, check=True
    ).stdout
    result: dict[str, list[object]] = json.loads(out)
    return result


class TestStartup:
    def test_cache_hit_imports_nothing_heavy(self, tmp_path: Path) -> None:
        first = _find(tmp_path / "cache")
        second = _find(tmp_path / "cache")
        assert second["facts"] == first["facts"]
        imported = [str(name) for name in second["imported"]]
        assert [name for name in imported if name.split(".")[0] in HEAVY] == []

    def test_value_types_need_no_class_generator(self) -> None:
        # pip-sync builds a Virtualenv before its first request to an index.
        code = (
            "import sys, puffin_interpreter._virtualenv; "
            "print(sorted({'attr', 'attrs', 'dataclasses'} & set(sys.modules)))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert out.strip() == "[]"

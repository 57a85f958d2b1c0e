"""The comparison with uv: the command line given to uv, its environment, the DIFF lines."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from puffin_dev import UvCompiler, main, uv_env


def compare(
    tmp_path: Path, wheels: Path, fake_uv: Path, capsys: pytest.CaptureFixture[str], text: str
) -> tuple[int, list[str]]:
    """resolve-many over *text* with the fake uv: the exit code and the output lines."""
    source = tmp_path / "names.txt"
    source.write_text(text)
    argv = ["resolve-many", str(source), "--no-index", "--find-links", str(wheels)]
    argv += ["--cache-dir", str(tmp_path / "cache"), "--python", sys.executable]
    argv += ["--python-version", "3.11", "--exclude-newer", "2026-11-01T00:00:00Z"]
    argv += ["--uv", str(fake_uv), "--json", str(tmp_path / "out.json")]
    code = main(argv)
    out = capsys.readouterr().out
    return code, re.sub(r"\b\d+(?:\.\d+)?m?s\b", "[T]", out).splitlines()


class TestCompareWithUv:
    def test_reports_same_and_different_pins(
        self, tmp_path: Path, wheels: Path, fake_uv: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, lines = compare(tmp_path, wheels, fake_uv, capsys, "alpha\nbeta<2\ngamma\ndelta\n")
        assert code == 1
        assert lines[0] == "ok   alpha   2 packages  [T]  uv: same, [T]"
        assert lines[1] == "ok   beta<2  1 package  [T]  uv: different, [T]"
        assert (
            lines[2] == "DIFF beta<2: uv failed: x No solution found when resolving dependencies:"
        )
        assert lines[3].startswith("FAIL gamma   Because all versions of gamma")
        assert lines[3].endswith("  uv: failed too, [T]")
        assert lines[4] == "ok   delta   3 packages  [T]  uv: different, [T]"
        assert lines[5] == "DIFF delta: beta 2.0 (puffin) vs 1.0 (uv), extra-thing 3.0 only in uv"
        assert lines[6] == "4 lines: 3 ok, 1 failed; uv: 1 same, 2 different, 1 failed in both"
        assert lines[7:9] == ["puffin: [T] in all, median [T]", "uv: [T] in all, median [T]"]

    def test_exit_code_0_when_uv_agrees(
        self, tmp_path: Path, wheels: Path, fake_uv: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, lines = compare(tmp_path, wheels, fake_uv, capsys, "alpha\n")
        assert code == 0
        assert lines[1] == "1 line: 1 ok, 0 failed; uv: 1 same, 0 different, 0 failed in both"

    def test_uv_resolving_what_puffin_cannot(
        self, tmp_path: Path, wheels: Path, fake_uv: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, lines = compare(tmp_path, wheels, fake_uv, capsys, "nosuch\n")
        assert code == 1
        assert lines[0].startswith("FAIL nosuch  Because nosuch was not found")
        assert lines[0].endswith("  uv: different, [T]")
        assert lines[1] == "DIFF nosuch: puffin failed, uv resolved 1 package"

    def test_runs_uv_with_the_same_flags_and_no_configuration(
        self, tmp_path: Path, wheels: Path, fake_uv: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        compare(tmp_path, wheels, fake_uv, capsys, "alpha\ndelta\n")
        calls = [json.loads(line) for line in (tmp_path / "uv.log").read_text().splitlines()]
        assert [call["line"] for call in calls] == ["alpha", "delta"]
        assert calls[0]["argv"] == [
            "pip",
            "compile",
            "-",
            "--no-header",
            "--no-annotate",
            "--no-config",
            "--python",
            calls[0]["argv"][7],
            "--python-version",
            "3.11",
            "--exclude-newer",
            "2026-11-01T00:00:00Z",
            "--find-links",
            str(wheels),
            "--no-index",
        ]
        assert os.path.isabs(calls[0]["argv"][7])
        assert calls[0]["env"] == {"PIP_CONFIG_FILE": os.devnull}

    def test_json_holds_both_sides(
        self, tmp_path: Path, wheels: Path, fake_uv: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        compare(tmp_path, wheels, fake_uv, capsys, "alpha\ndelta\n")
        report = json.loads((tmp_path / "out.json").read_text())
        alpha, delta = report["results"]
        assert alpha["same"] is True
        assert alpha["differences"] == []
        assert alpha["uv"]["pins"] == {"alpha": "1.0", "beta": "2.0"}
        assert delta["same"] is False
        assert delta["differences"] == [
            "beta 2.0 (puffin) vs 1.0 (uv)",
            "extra-thing 3.0 only in uv",
        ]
        assert report["summary"]["different"] == 1


class TestUvCompiler:
    def test_a_missing_binary_is_a_failed_outcome(self, tmp_path: Path) -> None:
        outcome = UvCompiler(tmp_path / "no-uv").resolve("alpha")
        assert not outcome.ok
        assert outcome.headline.startswith("cannot run uv: ")

    def test_flags_follow_the_settings(self) -> None:
        compiler = UvCompiler.from_flags(
            "uv", index_url="https://example.com/simple", find_links=["a", "b"], offline=True
        )
        assert compiler.flags == (
            "--index-url",
            "https://example.com/simple",
            "--find-links",
            "a",
            "--find-links",
            "b",
            "--offline",
        )

    def test_environment_drops_pip_and_uv_settings(self) -> None:
        env = uv_env({"HOME": "/h", "PIP_INDEX_URL": "x", "UV_CACHE_DIR": "y", "PUFFIN_X": "z"})
        assert env == {"HOME": "/h", "PUFFIN_X": "z", "PIP_CONFIG_FILE": os.devnull}

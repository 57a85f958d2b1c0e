"""``puffin-dev resolve-many`` end to end, in process, over a find-links directory."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from puffin_dev import main

INPUT = """\
# a comment, then a blank line

alpha
beta<2  # the older one
gamma
nosuch
"""


def run(
    tmp_path: Path, wheels: Path, capsys: pytest.CaptureFixture[str], *flags: str
) -> tuple[int, list[str], str]:
    """Run resolve-many over `INPUT`: the exit code, the output lines with times
    replaced, and the error output."""
    source = tmp_path / "names.txt"
    if not source.exists():
        source.write_text(INPUT)
    argv = ["resolve-many", str(source), "--no-index", "--find-links", str(wheels)]
    argv += ["--cache-dir", str(tmp_path / "cache"), "--python", sys.executable, *flags]
    code = main(argv)
    out, err = capsys.readouterr()
    return code, re.sub(r"\b\d+(?:\.\d+)?m?s\b", "[T]", out).splitlines(), err


class TestResolveMany:
    def test_reports_each_line_and_a_summary(
        self, tmp_path: Path, wheels: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, lines, _ = run(tmp_path, wheels, capsys)
        assert code == 1
        assert lines[:2] == ["ok   alpha   2 packages  [T]", "ok   beta<2  1 package  [T]"]
        assert lines[2].startswith("FAIL gamma   Because all versions of gamma depend on beta<1")
        assert lines[3].startswith("FAIL nosuch  Because nosuch was not found")
        assert lines[4:7] == [
            "4 lines: 2 ok, 2 failed",
            "puffin: [T] in all, median [T]",
            "wall clock: [T]",
        ]
        assert len(lines) == 8
        slowest = lines[-1].removeprefix("slowest: ").split(", ")
        assert sorted(s.removesuffix(" [T]") for s in slowest) == [
            "alpha",
            "beta<2",
            "gamma",
            "nosuch",
        ]

    def test_exits_0_when_every_line_resolves(
        self, tmp_path: Path, wheels: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        (tmp_path / "names.txt").write_text("alpha\ndelta\n")
        code, lines, _ = run(tmp_path, wheels, capsys, "--python-version", "3.11")
        assert code == 0
        assert lines[:3] == [
            "ok   alpha  2 packages  [T]",
            "ok   delta  3 packages  [T]",
            "2 lines: 2 ok, 0 failed",
        ]

    def test_lines_resolve_on_their_own(
        self, tmp_path: Path, wheels: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        # Together these conflict; one by one both resolve.
        (tmp_path / "names.txt").write_text("beta<2\nbeta>=2\n")
        code, _, _ = run(tmp_path, wheels, capsys, "--json", str(tmp_path / "out.json"))
        assert code == 0
        results = json.loads((tmp_path / "out.json").read_text())["results"]
        assert [r["puffin"]["pins"] for r in results] == [{"beta": "1.0"}, {"beta": "2.0"}]

    def test_jobs_keep_the_file_order(
        self, tmp_path: Path, wheels: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, lines, _ = run(tmp_path, wheels, capsys, "--jobs", "3")
        assert code == 1
        assert [line.split()[1] for line in lines[:4]] == ["alpha", "beta<2", "gamma", "nosuch"]

    def test_a_bad_line_fails_alone(
        self, tmp_path: Path, wheels: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        (tmp_path / "names.txt").write_text("not a requirement\nalpha\n")
        code, lines, _ = run(tmp_path, wheels, capsys)
        assert code == 1
        assert lines[0].startswith("FAIL not a requirement  expected a version specifier")
        assert lines[1] == "ok   alpha              2 packages  [T]"

    def test_writes_json(
        self, tmp_path: Path, wheels: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = tmp_path / "out.json"
        run(tmp_path, wheels, capsys, "--json", str(out), "--exclude-newer", "2026-11-01")
        report = json.loads(out.read_text())
        first, _, gamma, _ = report["results"]
        assert first["line"] == "alpha"
        assert first["puffin"]["pins"] == {"alpha": "1.0", "beta": "2.0"}
        assert first["puffin"]["ok"] is True
        assert first["puffin"]["error"] is None
        assert "uv" not in first
        assert gamma["puffin"]["ok"] is False
        assert "beta<1" in gamma["puffin"]["error"]
        summary = report["summary"]
        assert (summary["lines"], summary["ok"], summary["failed"]) == (4, 2, 2)
        assert summary["different"] == 0
        assert sorted(summary["slowest"]) == ["alpha", "beta<2", "gamma", "nosuch"]

    def test_reads_standard_input(
        self,
        tmp_path: Path,
        wheels: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        import io

        monkeypatch.setattr(sys, "stdin", io.StringIO("beta\n"))
        argv = ["resolve-many", "-", "--no-index", "-f", str(wheels), "--python", sys.executable]
        assert main([*argv, "--cache-dir", str(tmp_path / "cache")]) == 0
        assert capsys.readouterr().out.startswith("ok   beta  1 package  ")


class TestUsageErrors:
    def test_missing_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["resolve-many", str(tmp_path / "missing.txt")]) == 2
        error = capsys.readouterr().err
        assert error == f"puffin-dev: error: cannot read {tmp_path / 'missing.txt'}: " + (
            "No such file or directory\n"
        )

    @pytest.mark.parametrize(
        ("flag", "value", "expected"),
        [
            ("--exclude-newer", "yesterday", "invalid --exclude-newer 'yesterday'"),
            ("--python-version", "2.7", "invalid --python-version '2.7'"),
            ("--jobs", "0", "invalid --jobs '0'"),
        ],
    )
    def test_bad_values(
        self,
        tmp_path: Path,
        wheels: Path,
        capsys: pytest.CaptureFixture[str],
        flag: str,
        value: str,
        expected: str,
    ) -> None:
        code, lines, error = run(tmp_path, wheels, capsys, flag, value)
        assert code == 2
        assert lines == []
        assert error.startswith(f"puffin-dev: error: {expected}: expected ")

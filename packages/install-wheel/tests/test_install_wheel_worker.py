"""`serve_unpack`: the request/answer loop of an unpacking worker process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from zipfile import ZipFile

from install_wheel import serve_unpack


def _serve(*requests: object) -> list[dict[str, object]]:
    lines = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in requests)
    answers = io.StringIO()
    serve_unpack(io.StringIO(lines), answers)
    return [json.loads(line) for line in answers.getvalue().splitlines()]


class TestServeUnpack:
    def test_unpacks_each_request_in_turn(self, fancy_wheel: Path, tmp_path: Path) -> None:
        first, second = tmp_path / "cache" / "a", tmp_path / "cache" / "b"
        answers = _serve(
            {"archive": str(fancy_wheel), "target": str(first)},
            "",
            {"archive": str(fancy_wheel), "target": str(second)},
        )
        assert answers == [{"error": None}, {"error": None}]
        assert (first / "fancy" / "__init__.py").is_file()
        assert sorted(os.listdir(tmp_path / "cache")) == ["a", "b"]

    def test_refused_wheel_is_an_answer_not_a_crash(
        self, fancy_wheel: Path, tmp_path: Path
    ) -> None:
        evil = tmp_path / "evil-1.0-py3-none-any.whl"
        with ZipFile(evil, "w") as archive:
            archive.writestr("../escaped.py", "x = 1\n")
        target = tmp_path / "cache" / "evil"
        answers = _serve(
            {"archive": str(evil), "target": str(target)},
            {"archive": str(fancy_wheel), "target": str(tmp_path / "cache" / "fancy")},
        )
        assert answers[0]["internal"] is False
        assert "'..' component" in str(answers[0]["error"])
        assert answers[1] == {"error": None}
        assert not (tmp_path / "escaped.py").exists()
        assert os.listdir(tmp_path / "cache") == ["fancy"]

    def test_malformed_requests_are_internal_errors(self) -> None:
        answers = _serve("not json", ["a", "list"], {"archive": "a.whl"})
        assert [a["internal"] for a in answers] == [True, True, True]
        assert str(answers[0]["error"]).startswith("bad request")
        assert str(answers[2]["error"]).startswith("KeyError")

    def test_runs_as_a_process(self, fancy_wheel: Path, tmp_path: Path) -> None:
        code = "import install_wheel; install_wheel.serve_unpack()"
        request = {"archive": str(fancy_wheel), "target": str(tmp_path / "out")}
        done = subprocess.run(
            [sys.executable, "-c", code],
            input=json.dumps(request) + "\n",
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        assert json.loads(done.stdout) == {"error": None}
        assert (tmp_path / "out" / "fancy" / "__init__.py").is_file()

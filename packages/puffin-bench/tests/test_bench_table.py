"""Figures, rows and their Markdown tables."""

from __future__ import annotations

from puffin_bench import Figure, Row, Sample, Table


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


class TestFigure:
    def test_median_time_and_memory(self) -> None:
        samples = [
            Sample(0.3, 30_000_000, 0),
            Sample(0.1, 10_000_000, 0),
            Sample(0.2, 25_000_000, 0),
        ]
        figure = Figure.from_samples(samples)
        assert figure.seconds == 0.2
        assert figure.max_rss == 25_000_000
        assert figure.runs == 3
        assert figure.times == (0.3, 0.1, 0.2)
        assert figure.ok

    def test_a_failed_run_makes_a_failure(self) -> None:
        samples = [Sample(0.1, 1, 0), Sample(0.2, 1, 1, "error: no such index")]
        figure = Figure.from_samples(samples)
        assert not figure.ok
        assert figure.time_cell() == "failed"
        assert figure.error == "error: no such index"

    def test_failure_without_stderr_names_the_exit_status(self) -> None:
        assert Figure.from_samples([Sample(0.1, 1, 2)]).error == "exit status 2"

    def test_missing(self) -> None:
        figure = Figure.missing("n/a (puffin has no pip-compile yet)")
        assert figure.time_cell() == "n/a (puffin has no pip-compile yet)"
        assert figure.memory_cell() == "—"
        assert Figure.from_samples([]).time_cell() == "—"

    def test_json(self) -> None:
        data = Figure.from_samples([Sample(0.5, 2048, 0)]).to_json()
        assert data["seconds"] == 0.5
        assert data["max_rss"] == 2048
        assert data["times"] == [0.5]
        assert data["peaks"] == [2048]


class TestTable:
    def test_header_and_row(self) -> None:
        row = Row(
            "compile, warm cache",
            Figure(seconds=0.5, max_rss=80_000_000),
            Figure(seconds=0.25, max_rss=40_000_000),
            Figure(seconds=4.0, max_rss=90_000_000),
        )
        lines = Table("compile trio", (row,)).render().splitlines()
        assert lines[0] == "### compile trio"
        assert _cells(lines[2]) == [
            "benchmark",
            "puffin",
            "uv",
            "pip-tools",
            "puffin/uv",
            "puffin mem",
            "uv mem",
            "mem ratio",
        ]
        assert _cells(lines[3]) == ["---"] * 8
        assert _cells(lines[4]) == [
            "compile, warm cache",
            "500.0 ms",
            "250.0 ms",
            "4.00 s",
            "2.00",
            "80.0 MB",
            "40.0 MB",
            "2.00",
        ]

    def test_missing_puffin_has_no_ratio(self) -> None:
        row = Row("compile, cold cache", Figure.missing("n/a"), Figure(seconds=1.0, max_rss=1))
        cells = _cells(Table("t", (row,)).render().splitlines()[4])
        assert cells[1] == "n/a"
        assert cells[3] == "—"
        assert cells[4] == "—"
        assert cells[7] == "—"

    def test_notes_under_the_table(self) -> None:
        row = Row("x", Figure(seconds=1.0), Figure(seconds=1.0))
        text = Table("t", (row,), ("puffin failed (x): boom", "pins differ")).render()
        assert text.endswith(" |\n\n- puffin failed (x): boom\n- pins differ\n")

    def test_pipes_in_cells_are_escaped(self) -> None:
        row = Row("a | b", Figure.missing("failed | really"), Figure(seconds=1.0))
        line = Table("t", (row,)).render().splitlines()[4]
        assert line.startswith("| a \\| b | failed \\| really |")

    def test_json(self) -> None:
        row = Row("x", Figure(seconds=1.0), Figure(seconds=2.0))
        data = Table("t", (row,), ("n",)).to_json()
        assert data["title"] == "t"
        assert data["notes"] == ["n"]
        assert isinstance(data["rows"], list)

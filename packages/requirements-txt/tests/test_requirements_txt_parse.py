"""Tests of RequirementsTxt: whole files, includes, constraints and options."""

from __future__ import annotations

import codecs
from pathlib import Path
from textwrap import dedent

import pytest

import requirements_txt
from puffin_pep508 import UnnamedRequirement
from requirements_txt import (
    ParseWarning,
    RequirementEntry,
    RequirementsTxt,
    SourceLine,
)

A = "a" * 64
B = "b" * 64
C = "c" * 96


def _write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dedent(text), encoding="utf-8")
    return path


def _show(entry: RequirementEntry) -> str:
    return ("-e " if entry.editable else "") + str(entry.requirement)


def _shown(parsed: RequirementsTxt) -> list[tuple[str, str]]:
    return [(str(e.source), _show(e)) for e in parsed.requirements]


class TestEverything:
    """One file that uses every option, with includes and constraints."""

    @pytest.fixture
    def parsed(self, tmp_path: Path) -> RequirementsTxt:
        (tmp_path / "wheels").mkdir()
        _write(
            tmp_path,
            "requirements.in",
            f"""\
            # Every option puffin reads from a requirements file.
            --index-url https://example.com/simple
            --extra-index-url https://example.com/extra
            --extra-index-url=https://example.com/extra2
            -f ./wheels
            --find-links https://example.com/links
            --no-index
            --trusted-host example.com
            --trusted-host=127.0.0.1:8080
            --pre
            --prefer-binary
            --require-hashes
            --only-binary :all:
            --no-binary foo,Bar_Baz
            --use-feature fast-deps
            -r sub/more.txt
            -c constraints.txt

            flask>=2.0 ; python_version >= "3.8"  # a comment
            httpx[http2]==0.27.0 \\
                --hash=sha256:{A} \\
                --hash sha256:{B}
            bar @ https://example.com/bar-1.0.tar.gz#sha256={A}
            ./dist/foo-1.0-py3-none-any.whl
            ../project
            https://example.com/baz-1.0.tar.gz#egg=baz
            file:///opt/wheels/qux-2.0-py3-none-any.whl
            -e .
            -e ./pkg[extra]
            -e git+https://example.com/repo.git@v1#egg=name
            --editable=git+ssh://git@example.com/repo2.git#egg=repo2
            cffi -C build=fast --config-settings=debug=1 --config-settings debug=2
            """,
        )
        _write(tmp_path, "sub/more.txt", "-r ../common.txt\nrequests\n")
        _write(tmp_path, "common.txt", "six\n")
        _write(tmp_path, "constraints.txt", "urllib3<2\n-c nested/more.txt\n")
        _write(tmp_path, "nested/more.txt", f"idna==3.4 --hash=sha384:{C}\n")
        return RequirementsTxt.parse("requirements.in", working_dir=tmp_path, env={})

    def test_requirements_in_file_order(self, parsed: RequirementsTxt) -> None:
        assert _shown(parsed) == [
            ("common.txt:1", "six"),
            ("sub/more.txt:2", "requests"),
            ("requirements.in:19", 'flask>=2.0; python_version >= "3.8"'),
            ("requirements.in:20", "httpx[http2]==0.27.0"),
            ("requirements.in:23", f"bar @ https://example.com/bar-1.0.tar.gz#sha256={A}"),
            ("requirements.in:24", "./dist/foo-1.0-py3-none-any.whl"),
            ("requirements.in:25", "../project"),
            ("requirements.in:26", "https://example.com/baz-1.0.tar.gz#egg=baz"),
            ("requirements.in:27", "file:///opt/wheels/qux-2.0-py3-none-any.whl"),
            ("requirements.in:28", "-e ."),
            ("requirements.in:29", "-e ./pkg[extra]"),
            ("requirements.in:30", "-e git+https://example.com/repo.git@v1#egg=name"),
            ("requirements.in:31", "-e git+ssh://git@example.com/repo2.git#egg=repo2"),
            ("requirements.in:32", "cffi"),
        ]

    def test_hashes_across_continuations(self, parsed: RequirementsTxt) -> None:
        httpx = parsed.requirements[3]
        assert httpx.hashes == (f"sha256:{A}", f"sha256:{B}")
        assert all(not e.hashes for i, e in enumerate(parsed.requirements) if i != 3)

    def test_config_settings_keep_order_and_repeats(self, parsed: RequirementsTxt) -> None:
        assert parsed.requirements[-1].config_settings == (
            ("build", "fast"),
            ("debug", "1"),
            ("debug", "2"),
        )

    def test_editables(self, parsed: RequirementsTxt) -> None:
        assert [_show(e) for e in parsed.editables] == [
            "-e .",
            "-e ./pkg[extra]",
            "-e git+https://example.com/repo.git@v1#egg=name",
            "-e git+ssh://git@example.com/repo2.git#egg=repo2",
        ]

    def test_constraints_recursively(self, parsed: RequirementsTxt) -> None:
        assert [str(c) for c in parsed.constraints] == ["urllib3<2", "idna==3.4"]
        assert [str(e.source) for e in parsed.constraint_entries] == [
            "constraints.txt:1",
            "nested/more.txt:1",
        ]
        assert parsed.constraint_entries[1].hashes == (f"sha384:{C}",)

    def test_index_options(self, parsed: RequirementsTxt, tmp_path: Path) -> None:
        assert parsed.index_url == "https://example.com/simple"
        assert parsed.extra_index_urls == (
            "https://example.com/extra",
            "https://example.com/extra2",
        )
        assert parsed.no_index is True
        assert parsed.find_links == (str(tmp_path / "wheels"), "https://example.com/links")
        assert parsed.trusted_hosts == ("example.com", "127.0.0.1:8080")

    def test_flags_and_format_control(self, parsed: RequirementsTxt) -> None:
        assert (parsed.pre, parsed.prefer_binary, parsed.require_hashes) == (True, True, True)
        assert parsed.only_binary == {":all:"}
        assert parsed.no_binary == {"foo", "bar-baz"}
        assert parsed.features == ("fast-deps",)

    def test_warnings(self, parsed: RequirementsTxt) -> None:
        assert parsed.warnings == (
            ParseWarning(
                SourceLine("requirements.in", 15),
                "--use-feature=fast-deps is a pip feature; puffin ignores it",
            ),
        )


class TestPaths:
    def test_bare_paths_are_relative_to_the_working_dir(self, tmp_path: Path) -> None:
        _write(tmp_path, "reqs/dev.in", "-r base.in\n./local-pkg\n-e ./other\n")
        _write(tmp_path, "reqs/base.in", "six\n")
        parsed = RequirementsTxt.parse(tmp_path / "reqs" / "dev.in", working_dir=tmp_path)
        assert [str(e.source) for e in parsed.requirements] == [
            f"{tmp_path}/reqs/base.in:1",
            f"{tmp_path}/reqs/dev.in:2",
            f"{tmp_path}/reqs/dev.in:3",
        ]
        local, other = (e.requirement for e in parsed.requirements[1:])
        assert isinstance(local, UnnamedRequirement)
        assert isinstance(other, UnnamedRequirement)
        assert local.url.to_path() == tmp_path / "local-pkg"
        assert other.url.to_path() == tmp_path / "other"

    def test_include_forms(self, tmp_path: Path) -> None:
        for name in ("a", "b", "c", "d", "e"):
            _write(tmp_path, f"{name}.txt", f"{name}-pkg\n")
        text = (
            f"-ra.txt\n--requirement b.txt\n--requirement=c.txt\n-r {tmp_path}/d.txt\n"
            f"-r file://{tmp_path}/e.txt\n"
        )
        parsed = RequirementsTxt.parse_text(text, "-", working_dir=tmp_path)
        assert [_show(e) for e in parsed.requirements] == [
            "a-pkg",
            "b-pkg",
            "c-pkg",
            "d-pkg",
            "e-pkg",
        ]

    def test_stdin_includes_are_relative_to_the_working_dir(self, tmp_path: Path) -> None:
        _write(tmp_path, "base.txt", "six\n")
        parsed = RequirementsTxt.parse_text("-r base.txt\nattrs\n", working_dir=tmp_path)
        assert _shown(parsed) == [("base.txt:1", "six"), ("-:2", "attrs")]

    def test_a_file_included_twice_without_a_cycle_is_read_twice(self, tmp_path: Path) -> None:
        _write(tmp_path, "a.in", "-r b.in\n-r c.in\n")
        _write(tmp_path, "b.in", "-r d.in\n")
        _write(tmp_path, "c.in", "-r d.in\n")
        _write(tmp_path, "d.in", "six\n")
        parsed = RequirementsTxt.parse("a.in", working_dir=tmp_path)
        assert _shown(parsed) == [("d.in:1", "six"), ("d.in:1", "six")]

    def test_find_links_not_beside_the_file_stay_as_written(self, tmp_path: Path) -> None:
        parsed = RequirementsTxt.parse_text("-f ./nowhere\n", "r.in", working_dir=tmp_path)
        assert parsed.find_links == ("./nowhere",)


class TestClassification:
    @pytest.mark.parametrize(
        ("line", "unnamed"),
        [
            ("foo", False),
            ("foo-1.0-py3-none-any.whl", True),
            ("dist/foo-1.0.tar.gz", True),
            ("foo @ https://example.com/foo-1.0.zip", False),
            ("foo @ file:///tmp/foo", False),
            ("https://example.com/foo.tar.gz ; python_version < '3.8'", True),
            ("git+https://example.com/foo.git#egg=foo", True),
            (".", True),
            ("./pkg[extra]", True),
            ("foo ; sys_platform == 'a/b'", False),
        ],
    )
    def test_named_or_unnamed(self, tmp_path: Path, line: str, unnamed: bool) -> None:
        parsed = RequirementsTxt.parse_text(line, working_dir=tmp_path)
        requirement = parsed.requirements[0].requirement
        assert isinstance(requirement, UnnamedRequirement) is unnamed

    def test_markers_on_a_bare_url(self, tmp_path: Path) -> None:
        text = "https://example.com/foo.tar.gz ; python_version < '3.8'"
        (entry,) = RequirementsTxt.parse_text(text, working_dir=tmp_path).requirements
        assert entry.requirement.marker is not None


class TestEncodingsAndLineEndings:
    def test_crlf(self, tmp_path: Path) -> None:
        (tmp_path / "r.in").write_bytes(
            f"foo==1.0 \\\r\n  --hash=sha256:{A}\r\n# c\r\nbar\r\n".encode()
        )
        parsed = RequirementsTxt.parse("r.in", working_dir=tmp_path)
        assert _shown(parsed) == [("r.in:1", "foo==1.0"), ("r.in:4", "bar")]
        assert parsed.requirements[0].hashes == (f"sha256:{A}",)

    @pytest.mark.parametrize("codec", ["utf-8", "utf-16"])
    def test_bom(self, tmp_path: Path, codec: str) -> None:
        bom = codecs.BOM_UTF8 if codec == "utf-8" else b""
        (tmp_path / "r.in").write_bytes(bom + "foo\nbar\n".encode(codec))
        parsed = RequirementsTxt.parse("r.in", working_dir=tmp_path)
        assert _shown(parsed) == [("r.in:1", "foo"), ("r.in:2", "bar")]


class TestEnvironment:
    def test_variables_expand_in_requirements_and_options(self, tmp_path: Path) -> None:
        _write(tmp_path, "sub/extra.txt", "six\n")
        text = (
            "-i https://${USER_NAME}:${TOKEN}@example.com/simple\n"
            "-r ${DIR}/extra.txt\n"
            "foo @ https://example.com/${MISSING}/foo.whl\n"
        )
        env = {"USER_NAME": "me", "TOKEN": "t0k", "DIR": "sub"}
        parsed = RequirementsTxt.parse_text(text, "r.in", working_dir=tmp_path, env=env)
        assert parsed.index_url == "https://me:t0k@example.com/simple"
        assert _shown(parsed) == [
            ("sub/extra.txt:1", "six"),
            ("r.in:3", "foo @ https://example.com/${MISSING}/foo.whl"),
        ]

    def test_process_environment_by_default(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("PUFFIN_TEST_INDEX", "https://example.com/simple")
        parsed = RequirementsTxt.parse_text("-i ${PUFFIN_TEST_INDEX}", working_dir=tmp_path)
        assert parsed.index_url == "https://example.com/simple"


class TestPipSemantics:
    def test_last_index_url_wins(self, tmp_path: Path) -> None:
        text = "-i https://example.com/a\n-i https://example.com/b\n"
        assert RequirementsTxt.parse_text(text, working_dir=tmp_path).index_url == (
            "https://example.com/b"
        )

    @pytest.mark.parametrize(
        ("lines", "no_binary", "only_binary"),
        [
            (["--no-binary :all:"], {":all:"}, set()),
            (["--no-binary :all:", "--only-binary foo"], {":all:"}, {"foo"}),
            (["--no-binary foo", "--only-binary foo"], set(), {"foo"}),
            (["--no-binary a", "--only-binary :all:"], set(), {":all:"}),
            (["--no-binary a,:all:,b"], {":all:"}, set()),
            (["--no-binary :all:,:none:,b"], {"b"}, set()),
            (["--no-binary a,:none:"], set(), set()),
            (["--no-binary :all:", "--no-binary x"], {":all:", "x"}, set()),
            (["--no-binary A.B,,c_d"], {"a-b", "c-d"}, set()),
        ],
    )
    def test_format_control(
        self, tmp_path: Path, lines: list[str], no_binary: set[str], only_binary: set[str]
    ) -> None:
        parsed = RequirementsTxt.parse_text("\n".join(lines), working_dir=tmp_path)
        assert parsed.no_binary == frozenset(no_binary)
        assert parsed.only_binary == frozenset(only_binary)

    def test_format_control_applies_on_requirement_lines(self, tmp_path: Path) -> None:
        parsed = RequirementsTxt.parse_text("foo --no-binary foo", working_dir=tmp_path)
        assert parsed.no_binary == {"foo"}
        assert parsed.warnings == ()

    def test_only_the_first_include_of_a_line_is_read(self, tmp_path: Path) -> None:
        _write(tmp_path, "a.txt", "a\n")
        _write(tmp_path, "b.txt", "b\n")
        parsed = RequirementsTxt.parse_text("-r a.txt -r b.txt --pre", "r.in", working_dir=tmp_path)
        assert _shown(parsed) == [("a.txt:1", "a")]
        assert parsed.pre is False
        assert [w.message for w in parsed.warnings] == [
            "--pre has no effect on an -r/-c line; put it on a line of its own",
            "only one -r/-c per line is used; -r 'b.txt' is ignored",
        ]

    def test_requirement_line_drops_global_options_with_a_warning(self, tmp_path: Path) -> None:
        text = "foo --pre --global-option=x -i https://example.com/simple extra"
        parsed = RequirementsTxt.parse_text(text, "r.in", working_dir=tmp_path)
        assert (parsed.pre, parsed.index_url) == (False, None)
        assert [str(w) for w in parsed.warnings] == [
            "r.in:1: 'extra' after the options is ignored, as pip does",
            "r.in:1: --pre has no effect on a requirement line; put it on a line of its own",
            "r.in:1: --global-option is for setup.py; puffin ignores it",
            "r.in:1: -i has no effect on a requirement line; put it on a line of its own",
        ]

    def test_editable_line_ignores_hashes_and_extra_editables(self, tmp_path: Path) -> None:
        text = f"-e ./a -e ./b --hash=sha256:{A} -C k=v"
        parsed = RequirementsTxt.parse_text(text, "r.in", working_dir=tmp_path)
        (entry,) = parsed.requirements
        assert (_show(entry), entry.hashes, entry.config_settings) == ("-e ./a", (), (("k", "v"),))
        assert [w.message for w in parsed.warnings] == [
            "only one -e per line is used; './b' is ignored",
            "--hash has no effect on an -e line",
        ]

    def test_hash_alone_on_a_line_is_ignored(self, tmp_path: Path) -> None:
        parsed = RequirementsTxt.parse_text(f"--hash=sha256:{A}", "r.in", working_dir=tmp_path)
        assert parsed.requirements == ()
        assert [w.message for w in parsed.warnings] == [
            "--hash without a requirement on its line is ignored"
        ]

    def test_per_requirement_options_alone_on_a_line(self, tmp_path: Path) -> None:
        text = "-C k=v --global-option=x\n"
        parsed = RequirementsTxt.parse_text(text, "r.in", working_dir=tmp_path)
        assert [w.message for w in parsed.warnings] == [
            "--config-settings without a requirement on its line is ignored",
            "--global-option without a requirement on its line is ignored",
        ]

    def test_markers_after_an_editable_are_ignored_as_in_pip(self, tmp_path: Path) -> None:
        text = "-e ./pkg ; python_version < '3.8'"
        parsed = RequirementsTxt.parse_text(text, "r.in", working_dir=tmp_path)
        assert _show(parsed.requirements[0]) == "-e ./pkg"
        assert [w.message for w in parsed.warnings] == [
            "'; python_version < 3.8' after the options is ignored, as pip does"
        ]

    def test_only_the_first_find_links_of_a_line(self, tmp_path: Path) -> None:
        text = "-f https://example.com/a -f https://example.com/b"
        parsed = RequirementsTxt.parse_text(text, "r.in", working_dir=tmp_path)
        assert parsed.find_links == ("https://example.com/a",)
        assert len(parsed.warnings) == 1

    def test_hash_digest_is_lowercased(self, tmp_path: Path) -> None:
        text = f"foo --hash=sha256:{A.upper()}"
        (entry,) = RequirementsTxt.parse_text(text, working_dir=tmp_path).requirements
        assert entry.hashes == (f"sha256:{A}",)

    def test_requirements_inside_a_constraints_file_are_constraints(self, tmp_path: Path) -> None:
        _write(tmp_path, "c.txt", "-r more.txt\n")
        _write(tmp_path, "more.txt", "six<2\n")
        parsed = RequirementsTxt.parse_text("-c c.txt\nsix", working_dir=tmp_path)
        assert [str(c) for c in parsed.constraints] == ["six<2"]
        assert _shown(parsed) == [("-:2", "six")]

    def test_options_in_constraints_files_apply(self, tmp_path: Path) -> None:
        _write(tmp_path, "c.txt", "--extra-index-url https://example.com/x\n")
        parsed = RequirementsTxt.parse_text("-c c.txt", working_dir=tmp_path)
        assert parsed.extra_index_urls == ("https://example.com/x",)


def test_all_is_sorted_and_complete() -> None:
    assert requirements_txt.__all__ == sorted(requirements_txt.__all__)
    public = {n for n in dir(requirements_txt) if not n.startswith("_")}
    assert set(requirements_txt.__all__) <= public
    assert {n for n in public if n[0].isupper()} <= set(requirements_txt.__all__)


def test_result_is_immutable(tmp_path: Path) -> None:
    parsed = RequirementsTxt.parse_text("foo", working_dir=tmp_path)
    with pytest.raises(AttributeError):
        parsed.pre = True  # type: ignore[misc]

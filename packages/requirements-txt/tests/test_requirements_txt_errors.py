"""One test per class of malformed input, asserting the exact one-line message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from requirements_txt import (
    IncludeCycle,
    IncludeNotFound,
    InvalidConstraint,
    InvalidEditable,
    InvalidHash,
    InvalidOption,
    InvalidOptionValue,
    InvalidRequirement,
    MissingOptionValue,
    RequirementsFileNotFound,
    RequirementsTxt,
    RequirementsTxtError,
    UnknownOption,
    UnreadableRequirementsFile,
    UnsupportedInclude,
)

A = "a" * 64


def _error(
    tmp_path: Path, text: str, kind: type[RequirementsTxtError], **files: str
) -> RequirementsTxtError:
    for name, content in files.items():
        (tmp_path / name.replace("_", ".")).write_text(content)
    (tmp_path / "requirements.in").write_text(text)
    with pytest.raises(kind) as info:
        RequirementsTxt.parse("requirements.in", working_dir=tmp_path, env={})
    error = info.value
    assert isinstance(error, RequirementsTxtError)
    assert "\n" not in str(error)
    return error


class TestFiles:
    def test_missing_top_level_file(self, tmp_path: Path) -> None:
        with pytest.raises(RequirementsFileNotFound) as info:
            RequirementsTxt.parse("missing.in", working_dir=tmp_path)
        assert str(info.value) == "no such requirements file: missing.in"
        assert (info.value.path, info.value.line, info.value.column) == ("missing.in", None, None)

    def test_missing_include(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "six\n-r  missing.txt\n", IncludeNotFound)
        assert str(error) == "requirements.in:2:5: no such requirements file: missing.txt"
        assert isinstance(error, RequirementsFileNotFound)

    def test_missing_nested_include_names_the_including_file(self, tmp_path: Path) -> None:
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "a.txt").write_text("-c b.txt\n")
        error = _error(tmp_path, "-r sub/a.txt\n", IncludeNotFound)
        assert str(error) == "sub/a.txt:1:4: no such requirements file: sub/b.txt"

    def test_directory_is_unreadable(self, tmp_path: Path) -> None:
        (tmp_path / "dir.in").mkdir()
        with pytest.raises(UnreadableRequirementsFile) as info:
            RequirementsTxt.parse("dir.in", working_dir=tmp_path)
        assert str(info.value) == "cannot read requirements file dir.in: Is a directory"

    def test_not_utf8(self, tmp_path: Path) -> None:
        (tmp_path / "requirements.in").write_bytes(b"six\nfoo==1.0 # caf\xe9\n")
        with pytest.raises(UnreadableRequirementsFile) as info:
            RequirementsTxt.parse("requirements.in", working_dir=tmp_path)
        assert str(info.value).startswith("requirements.in:2:15: not valid utf-8 (byte 0xe9)")

    def test_directory_as_include(self, tmp_path: Path) -> None:
        (tmp_path / "dir.txt").mkdir()
        error = _error(tmp_path, "-r dir.txt\n", UnreadableRequirementsFile)
        assert str(error) == (
            "requirements.in:1:4: cannot read requirements file dir.txt: Is a directory"
        )

    @pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
    def test_permission_denied(self, tmp_path: Path) -> None:
        path = tmp_path / "secret.in"
        path.write_text("six\n")
        path.chmod(0)
        with pytest.raises(UnreadableRequirementsFile, match="Permission denied"):
            RequirementsTxt.parse("secret.in", working_dir=tmp_path)


class TestIncludes:
    def test_cycle_names_the_chain(self, tmp_path: Path) -> None:
        error = _error(
            tmp_path, "-r a.txt\n", IncludeCycle, a_txt="six\n-r b.txt\n", b_txt="-c  a.txt\n"
        )
        assert str(error) == ("b.txt:1:5: include cycle: a.txt -> b.txt -> a.txt")
        assert isinstance(error, IncludeCycle)
        assert error.chain == ("a.txt", "b.txt", "a.txt")

    def test_self_include(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "-r ./requirements.in\n", IncludeCycle)
        assert str(error) == (
            "requirements.in:1:4: include cycle: requirements.in -> requirements.in"
        )

    def test_include_path_with_a_nul(self, tmp_path: Path) -> None:
        # Found by the property tests: realpath() raised a bare ValueError.
        error = _error(tmp_path, "six\n-r a\x00b.txt\n", UnreadableRequirementsFile)
        assert str(error) == (
            "requirements.in:2:4: cannot read requirements file 'a\\x00b.txt': embedded null byte"
        )

    def test_include_path_with_a_lone_surrogate(self, tmp_path: Path) -> None:
        # Found by the property tests: the file system cannot encode it.
        with pytest.raises(UnreadableRequirementsFile, match="surrogates not allowed") as info:
            RequirementsTxt.parse_text("-c \ud800.txt", "r.in", working_dir=tmp_path)
        assert (info.value.line, info.value.column) == (1, 4)

    def test_remote_include(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "-c https://example.com/c.txt\n", UnsupportedInclude)
        assert str(error) == (
            "requirements.in:1:4: cannot include 'https://example.com/c.txt': remote "
            "requirements files are not supported; download it and include the local copy"
        )


class TestOptions:
    def test_unknown_option(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "six\nfoo==1.0   --upgrade\n", UnknownOption)
        assert str(error) == "requirements.in:2:12: unknown option '--upgrade'"

    def test_missing_value(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "--extra-index-url\n", MissingOptionValue)
        assert str(error) == "requirements.in:1:1: option --extra-index-url needs a value"

    def test_format_control_value_that_is_an_option(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "--no-binary --pre\n", MissingOptionValue)
        assert str(error) == "requirements.in:1:1: option --no-binary needs a value"

    def test_bad_quoting(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "foo -C 'a=b\n", InvalidOption)
        assert str(error) == "requirements.in:1:8: no closing quotation mark for '"

    def test_config_settings_without_equals(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "foo --config-settings debug\n", InvalidOptionValue)
        assert str(error) == (
            "requirements.in:1:23: --config-settings value 'debug' is not KEY=VALUE"
        )

    def test_first_bad_option_of_a_line_is_reported(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "foo -C bad --hash=md5:00\n", InvalidOptionValue)
        assert str(error) == "requirements.in:1:8: -C value 'bad' is not KEY=VALUE"

    def test_bad_name_in_no_binary(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "--no-binary foo,-bar\n", InvalidOptionValue)
        assert str(error) == (
            "requirements.in:1:17: --no-binary: invalid package name '-bar': names start and "
            "end with a letter or digit and contain only letters, digits, '-', '_' and '.'"
        )


class TestHashes:
    @pytest.mark.parametrize(
        ("value", "column", "message"),
        [
            ("sha256", 12, "--hash value 'sha256' is not ALGORITHM:DIGEST, like sha256:3f2a…"),
            (
                f"md5:{A}",
                12,
                "unsupported hash algorithm 'md5' in --hash: use sha256, sha384 or sha512",
            ),
            ("sha256:abcz", 22, "sha256 digest has a non-hexadecimal character 'z'"),
            ("sha512:" + A, 19, "sha512 digest must be 128 hexadecimal digits, not 64"),
        ],
    )
    def test_bad_hash(self, tmp_path: Path, value: str, column: int, message: str) -> None:
        error = _error(tmp_path, f"foo --hash={value}\n", InvalidHash)
        assert str(error) == f"requirements.in:1:{column}: {message}"
        assert isinstance(error, InvalidOptionValue)

    def test_bad_hash_on_a_continuation_line(self, tmp_path: Path) -> None:
        text = f"foo==1.0 \\\n    --hash=sha256:{A} \\\n    --hash=sha256:{A[:-1]}x\n"
        error = _error(tmp_path, text, InvalidHash)
        assert str(error) == (
            "requirements.in:3:82: sha256 digest has a non-hexadecimal character 'x'"
        )


class TestRequirements:
    def test_editable_that_is_not_a_path_or_vcs_url(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "-e https://example.com/foo.tar.gz\n", InvalidEditable)
        assert str(error) == (
            "requirements.in:1:4: 'https://example.com/foo.tar.gz' is not a valid editable "
            "requirement: it must be a path to a local project or a VCS URL "
            "(git+https://…, hg+…, svn+…, bzr+…)"
        )
        assert isinstance(error, InvalidRequirement)

    def test_unnamed_constraint(self, tmp_path: Path) -> None:
        error = _error(
            tmp_path, "-c c.txt\n", InvalidConstraint, c_txt="six\n  ./dist/foo-1.0.tar.gz\n"
        )
        assert str(error) == ("c.txt:2:3: constraints must name their project (use 'name @ url')")

    def test_editable_constraint(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "-c c.txt\n", InvalidConstraint, c_txt="-e ./pkg\n")
        assert str(error) == "c.txt:1:4: editable requirements are not allowed as constraints"

    def test_constraint_with_extras(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "-c c.txt\n", InvalidConstraint, c_txt="foo[bar]==1.0\n")
        assert str(error) == "c.txt:1:4: constraints cannot have extras"

    def test_invalid_requirement(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "six\nfoo==>1.0\n", InvalidRequirement)
        assert str(error) == "requirements.in:2:6: expected a version after '==', found '>'"
        assert (error.path, error.line, error.column) == ("requirements.in", 2, 6)

    def test_column_counts_leading_whitespace(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "\t  foo bar\n", InvalidRequirement)
        assert str(error) == (
            "requirements.in:1:8: expected a version specifier, '@ url', ';' or end, found 'b'"
        )

    def test_marker_error_on_a_continuation_line(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "foo==1.0 \\\n  ; python_version <\n", InvalidRequirement)
        assert str(error) == (
            "requirements.in:2:21: expected a marker variable or quoted string, found end of input"
        )

    def test_marker_error_after_a_path(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "./pkg ; bogus == '1'\n", InvalidRequirement)
        assert str(error) == "requirements.in:1:9: unknown marker variable 'bogus'"

    def test_error_inside_a_variable_points_at_the_variable(self, tmp_path: Path) -> None:
        (tmp_path / "requirements.in").write_text("foo==${VERSION}\n")
        with pytest.raises(InvalidRequirement) as info:
            RequirementsTxt.parse("requirements.in", working_dir=tmp_path, env={"VERSION": ">1"})
        assert str(info.value) == ("requirements.in:1:6: expected a version after '==', found '>'")

    def test_error_inside_a_quoted_editable(self, tmp_path: Path) -> None:
        error = _error(tmp_path, "-e  '.[a b]'\n", InvalidEditable)
        assert str(error) == "requirements.in:1:10: expected ',' between extra names"

"""IndexSettings and PipConfig: flags, puffin's and pip's variables, pip's files, the default."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from puffin_client import (
    IndexConfigError,
    IndexSettings,
    PipConfig,
    _pip_config,
    pip_config_files,
    pip_default_index_url,
)

A = "https://a.example.com/simple"
B = "https://b.example.com/simple"
C = "https://c.example.com/simple"


def no_default() -> str:
    raise AssertionError("the default index must not be looked up here")


def write_conf(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An environment whose pip files live under tmp_path (nothing of the machine)."""
    monkeypatch.setattr(_pip_config, "_SYSTEM_DIR", tmp_path / "etc")
    home = tmp_path / "home"
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CONFIG_DIRS": str(tmp_path / "xdg"),
    }


def settings(env: dict[str, str], **flags: object) -> IndexSettings:
    return IndexSettings.from_env(env=env, default_index_url=no_default, **flags)  # type: ignore[arg-type]


class TestPrecedence:
    def test_flag_beats_everything(self, env: dict[str, str]) -> None:
        env |= {"PUFFIN_INDEX_URL": B, "PIP_INDEX_URL": C}
        result = settings(env, index_url=A)
        assert (result.index_url, result.sources["index_url"]) == (A, "--index-url")

    def test_puffin_variable_beats_pip(self, env: dict[str, str]) -> None:
        env |= {"PUFFIN_INDEX_URL": B, "PIP_INDEX_URL": C}
        assert settings(env).index_url == B

    def test_pip_variable(self, env: dict[str, str]) -> None:
        env |= {"PIP_INDEX_URL": C, "PIP_EXTRA_INDEX_URL": f"{A}  {B}", "PIP_FIND_LINKS": "/w"}
        result = settings(env)
        assert result.index_url == C
        assert result.extra_index_urls == (A, B)
        assert result.find_links == ("/w",)
        assert result.sources == {
            "index_url": "PIP_INDEX_URL",
            "extra_index_urls": "PIP_EXTRA_INDEX_URL",
            "find_links": "PIP_FIND_LINKS",
        }

    def test_each_setting_comes_from_its_own_first_source(self, env: dict[str, str]) -> None:
        env |= {"PUFFIN_EXTRA_INDEX_URL": B, "PIP_INDEX_URL": C, "PIP_EXTRA_INDEX_URL": A}
        result = settings(env, find_links=["./wheels"])
        assert (result.index_url, result.extra_index_urls, result.find_links) == (
            C,
            (B,),
            ("./wheels",),
        )

    def test_pip_variable_beats_pip_files(self, env: dict[str, str], tmp_path: Path) -> None:
        conf = write_conf(tmp_path / "pip.conf", f"[global]\nindex-url = {A}\n")
        env |= {"PIP_CONFIG_FILE": str(conf), "PIP_INDEX_URL": B}
        assert settings(env).index_url == B

    def test_no_index(self, env: dict[str, str]) -> None:
        assert settings(env, no_index=True).no_index
        assert settings(env | {"PUFFIN_NO_INDEX": "1"}).no_index
        assert settings(env | {"PIP_NO_INDEX": "yes"}).no_index
        assert not settings(env | {"PIP_NO_INDEX": "off"}, index_url=A).no_index

    def test_no_index_needs_no_default(self, env: dict[str, str]) -> None:
        result = settings(env, no_index=True, find_links=["/w"])
        assert result.index_url is None

    def test_bad_boolean(self, env: dict[str, str]) -> None:
        with pytest.raises(IndexConfigError) as caught:
            settings(env | {"PIP_NO_INDEX": "maybe"})
        assert str(caught.value) == (
            "invalid settings in PIP_NO_INDEX: no-index must be yes or no, not 'maybe'"
        )

    def test_default_index_comes_last(self, env: dict[str, str]) -> None:
        result = IndexSettings.from_env(env=env, default_index_url=lambda: A)
        assert result.index_url == A
        assert result.uses_default_index
        assert not settings(env, index_url=A).uses_default_index


class TestPipFiles:
    def test_file_order(self, env: dict[str, str], tmp_path: Path) -> None:
        files = pip_config_files(env, site=tmp_path / "venv")
        home = Path(env["HOME"])
        assert files == [
            tmp_path / "xdg" / "pip" / "pip.conf",
            tmp_path / "etc" / "pip.conf",
            home / ".pip" / "pip.conf",
            home / ".config" / "pip" / "pip.conf",
            tmp_path / "venv" / "pip.conf",
        ]

    def test_devnull_means_no_files(self, env: dict[str, str]) -> None:
        assert pip_config_files(env | {"PIP_CONFIG_FILE": os.devnull}) == []

    def test_existing_config_file_replaces_the_user_files(
        self, env: dict[str, str], tmp_path: Path
    ) -> None:
        conf = write_conf(tmp_path / "mine.conf", "")
        files = pip_config_files(env | {"PIP_CONFIG_FILE": str(conf)})
        assert files[-1] == conf
        assert Path(env["HOME"]) / ".pip" / "pip.conf" not in files

    def test_later_files_override_earlier_ones(self, env: dict[str, str], tmp_path: Path) -> None:
        home = Path(env["HOME"])
        write_conf(tmp_path / "xdg" / "pip" / "pip.conf", f"[global]\nindex-url = {A}\n")
        write_conf(tmp_path / "etc" / "pip.conf", "[global]\nfind-links = /etc-wheels\n")
        write_conf(home / ".pip" / "pip.conf", f"[global]\nindex-url = {B}\nfind-links = /legacy\n")
        write_conf(home / ".config" / "pip" / "pip.conf", f"[global]\nindex_url = {C}\n")
        result = settings(env)
        assert result.index_url == C
        assert result.sources["index_url"] == str(home / ".config" / "pip" / "pip.conf")
        assert result.find_links == ("/legacy",)

    def test_site_file_beats_user_file(self, env: dict[str, str], tmp_path: Path) -> None:
        write_conf(
            Path(env["HOME"]) / ".config" / "pip" / "pip.conf", f"[global]\nindex-url = {A}\n"
        )
        write_conf(tmp_path / "venv" / "pip.conf", f"[global]\nindex-url = {B}\n")
        assert settings(env | {"VIRTUAL_ENV": str(tmp_path / "venv")}).index_url == B

    def test_install_section_beats_global_in_any_file(
        self, env: dict[str, str], tmp_path: Path
    ) -> None:
        write_conf(tmp_path / "xdg" / "pip" / "pip.conf", f"[install]\nindex-url = {A}\n")
        write_conf(
            Path(env["HOME"]) / ".config" / "pip" / "pip.conf", f"[global]\nindex-url = {B}\n"
        )
        assert settings(env).index_url == A

    def test_config_file_variable_beats_site(self, env: dict[str, str], tmp_path: Path) -> None:
        write_conf(tmp_path / "venv" / "pip.conf", f"[global]\nindex-url = {A}\n")
        conf = write_conf(tmp_path / "env.conf", f"[global]\nindex-url = {B}\n")
        env |= {"VIRTUAL_ENV": str(tmp_path / "venv"), "PIP_CONFIG_FILE": str(conf)}
        assert settings(env).index_url == B

    def test_multiline_lists_and_other_sections(self, env: dict[str, str], tmp_path: Path) -> None:
        conf = write_conf(
            tmp_path / "pip.conf",
            f"[global]\nextra-index-url =\n    {A}\n    {B}\nno-index = false\n"
            f"[download]\nindex-url = {C}\n",
        )
        config = PipConfig.load(env | {"PIP_CONFIG_FILE": str(conf)})
        assert config.get_list("extra-index-url") == ((A, B), str(conf))
        assert config.get_bool("no-index") == (False, str(conf))
        assert config.get("index-url") is None

    def test_broken_file_names_the_file(self, env: dict[str, str], tmp_path: Path) -> None:
        conf = write_conf(tmp_path / "pip.conf", "index-url = nowhere\n")
        with pytest.raises(IndexConfigError) as caught:
            settings(env | {"PIP_CONFIG_FILE": str(conf)})
        assert str(conf) in str(caught.value)


def fake_python(directory: Path, output: str, *, status: int = 0) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "python3"
    path.write_text(f"#!/bin/sh\necho '{output}'\nexit {status}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="shell-script interpreters")
class TestPipDefault:
    def test_from_the_pip_importable_here(self) -> None:
        in_process = pip_default_index_url()
        assert in_process.startswith("https://")
        assert in_process.rstrip("/").endswith("/simple")

    def test_same_from_a_subprocess(self) -> None:
        expected = pip_default_index_url()
        assert pip_default_index_url([sys.executable], in_process=False, env={}) == expected

    def test_from_a_python_on_path(self, tmp_path: Path) -> None:
        fake_python(tmp_path / "bin", "https://example.com/simple/")
        env = {"PATH": str(tmp_path / "bin")}
        assert pip_default_index_url(in_process=False, env=env) == "https://example.com/simple/"

    def test_no_pip_anywhere(self, tmp_path: Path) -> None:
        fake_python(tmp_path / "bin", "No module named pip", status=1)
        with pytest.raises(IndexConfigError) as caught:
            pip_default_index_url(in_process=False, env={"PATH": str(tmp_path / "bin")})
        assert "--index-url" in str(caught.value)

    def test_settings_report_the_missing_pip(self, env: dict[str, str], tmp_path: Path) -> None:
        env["PATH"] = str(tmp_path / "empty")

        def lookup() -> str:
            return pip_default_index_url(in_process=False, env=env)

        with pytest.raises(IndexConfigError) as caught:
            IndexSettings.from_env(env=env, default_index_url=lookup)
        assert str(caught.value).startswith("invalid settings in pip's default index:")


class TestLocations:
    def test_settings_become_locations(self, env: dict[str, str], tmp_path: Path) -> None:
        env |= {"PIP_EXTRA_INDEX_URL": f"{B} ./local-index", "PUFFIN_FIND_LINKS": "wheels"}
        result = settings(env, index_url="https://user:pw@a.example.com/simple")
        locations = result.locations(working_dir=tmp_path)
        assert [index.url for index in locations.indexes()] == [
            "https://user:pw@a.example.com/simple/",
            B + "/",
            (tmp_path / "local-index").as_uri() + "/",
        ]
        assert [location.path for location in locations.flat_indexes] == [tmp_path / "wheels"]
        assert locations.index is not None and not locations.index.is_default

    def test_default_index_is_marked(self, env: dict[str, str]) -> None:
        result = IndexSettings.from_env(env=env, default_index_url=lambda: A)
        index = result.locations().index
        assert index is not None and index.is_default

    def test_no_index_keeps_find_links(self, env: dict[str, str], tmp_path: Path) -> None:
        locations = settings(env, no_index=True, find_links=["w"]).locations(working_dir=tmp_path)
        assert list(locations.indexes()) == []
        assert len(locations.flat_indexes) == 1

    def test_bad_url_names_its_source(self, env: dict[str, str]) -> None:
        result = settings(env | {"PIP_EXTRA_INDEX_URL": "ftp://example.com/simple"}, index_url=A)
        with pytest.raises(IndexConfigError) as caught:
            result.locations()
        assert str(caught.value).startswith("invalid settings in PIP_EXTRA_INDEX_URL:")


class TestPipDefaultRead:
    def test_read_without_import_equals_the_imported_value(self) -> None:
        from puffin_client._pip_config import (
            _import_pip_default,
            _pip_package,
            _read_pip_default,
        )

        package = _pip_package()
        if package is None:
            pytest.skip("no pip importable here")
        assert _read_pip_default(package) == _import_pip_default()

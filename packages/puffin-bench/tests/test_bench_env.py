"""The neutral environment: no pip, uv or puffin configuration reaches a tool."""

from __future__ import annotations

import os

import pytest

from puffin_bench import neutral_env

MACHINE = {
    "PATH": "/usr/bin",
    "HOME": "/root",
    "SSL_CERT_FILE": "/etc/ssl/certs/ca.pem",
    "PIP_FIND_LINKS": "/opt/wheels",
    "PIP_INDEX_URL": "https://mirror.example.com/simple",
    "PIP_EXTRA_INDEX_URL": "file:///opt/simple",
    "PIP_NO_INDEX": "1",
    "PIP_CONFIG_FILE": "/etc/pip.conf",
    "UV_INDEX_URL": "https://mirror.example.com/simple",
    "UV_CACHE_DIR": "/tmp/uv",
    "UV_NO_CACHE": "1",
    "PUFFIN_INDEX_URL": "https://mirror.example.com/simple",
    "VIRTUAL_ENV": "/work/main/.venv",
    "CONDA_PREFIX": "/opt/conda",
}


class TestNeutralEnv:
    def test_drops_every_tool_variable(self) -> None:
        env = neutral_env(MACHINE)
        leaked = [key for key in env if key.startswith(("UV_", "PUFFIN_"))]
        assert leaked == []
        assert [key for key in env if key.startswith("PIP_")] == ["PIP_CONFIG_FILE"]

    def test_pip_reads_no_config_file(self) -> None:
        assert neutral_env(MACHINE)["PIP_CONFIG_FILE"] == os.devnull

    def test_drops_the_active_environment(self) -> None:
        env = neutral_env(MACHINE)
        assert "VIRTUAL_ENV" not in env
        assert "CONDA_PREFIX" not in env

    def test_keeps_the_rest(self) -> None:
        env = neutral_env(MACHINE)
        assert env["PATH"] == "/usr/bin"
        assert env["HOME"] == "/root"
        # Certificates are transport, not index choice: every tool keeps them.
        assert env["SSL_CERT_FILE"] == "/etc/ssl/certs/ca.pem"

    def test_does_not_change_its_input(self) -> None:
        machine = dict(MACHINE)
        neutral_env(machine)
        assert machine == MACHINE

    def test_defaults_to_this_process(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PIP_FIND_LINKS", "/opt/wheels")
        monkeypatch.setenv("UV_EXTRA_INDEX_URL", "file:///x")
        env = neutral_env()
        assert "PIP_FIND_LINKS" not in env
        assert "UV_EXTRA_INDEX_URL" not in env
        assert env["PATH"] == os.environ["PATH"]

"""Tests of MarkerEnvironment."""

from __future__ import annotations

import dataclasses

import pytest
from packaging.markers import default_environment

from puffin_pep440 import Version
from puffin_pep508 import MarkerEnvironment, UndefinedEnvironmentName

VALUES = {
    "implementation_name": "pypy",
    "implementation_version": "7.3.16",
    "os_name": "posix",
    "platform_machine": "aarch64",
    "platform_python_implementation": "PyPy",
    "platform_release": "6.1.0-rpi7",
    "platform_system": "Linux",
    "platform_version": "#1 SMP",
    "python_full_version": "3.10.14",
    "python_version": "3.10",
    "sys_platform": "linux",
}


class TestMarkerEnvironment:
    def test_dict_round_trip(self) -> None:
        env = MarkerEnvironment.from_dict({**VALUES, "extra": "ignored"})
        assert env.to_dict() == VALUES
        assert env.python_version == "3.10"

    def test_missing_key(self) -> None:
        values = dict(VALUES)
        del values["os_name"]
        with pytest.raises(UndefinedEnvironmentName, match="os_name"):
            MarkerEnvironment.from_dict(values)

    def test_rejects_non_str(self) -> None:
        with pytest.raises(TypeError, match="python_version"):
            MarkerEnvironment.from_dict({**VALUES, "python_version": 3.10})

    def test_frozen_and_comparable(self) -> None:
        env = MarkerEnvironment.from_dict(VALUES)
        with pytest.raises(dataclasses.FrozenInstanceError):
            env.os_name = "nt"  # type: ignore[misc]
        assert env == MarkerEnvironment.from_dict(VALUES)
        assert hash(env) == hash(MarkerEnvironment.from_dict(VALUES))
        assert env != MarkerEnvironment.from_dict({**VALUES, "os_name": "nt"})

    def test_versions_are_parsed_once(self) -> None:
        env = MarkerEnvironment.from_dict(VALUES)
        assert env.version("python_full_version") == Version.parse("3.10.14")
        assert env.version("platform_release") is None
        assert env.version("os_name") is None
        assert env.get("sys_platform") == "linux"
        with pytest.raises(UndefinedEnvironmentName):
            env.get("extras")

    def test_current_matches_packaging(self) -> None:
        assert MarkerEnvironment.current().to_dict() == dict(default_environment())
        assert MarkerEnvironment.current() is MarkerEnvironment.current()

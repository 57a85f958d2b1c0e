"""Tests of `Platform.from_facts` and of the probe, with faked hosts."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from platform_host import (
    Android,
    Arch,
    Dragonfly,
    FreeBsd,
    Haiku,
    Illumos,
    InvalidPlatform,
    Linux,
    Macos,
    Manylinux,
    Musllinux,
    NetBsd,
    OpenBsd,
    Platform,
    UnsupportedPlatform,
    Windows,
    probe_facts,
    probe_source,
)
from platform_host import _probe as probe_module

X86_64_ELF = {
    "bits": 64,
    "little_endian": True,
    "machine": 62,
    "flags": 0,
    "interpreter": "/lib64/ld-linux-x86-64.so.2",
}
ARMHF_ELF = {
    "bits": 32,
    "little_endian": True,
    "machine": 40,
    "flags": 0x05000400,
    "interpreter": "/lib/ld-linux-armhf.so.3",
}
I386_ELF = {"bits": 32, "little_endian": True, "machine": 3, "flags": 0, "interpreter": "/lib/ld"}
MUSL_BANNER = "musl libc (x86_64)\nVersion 1.2.4\nDynamic Program Loader\n"


def linux(machine: str = "x86_64", bits: int = 64, **extra: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "sys_platform": "linux",
        "system": "Linux",
        "release": "6.1.0",
        "machine": machine,
        "sysconfig_platform": f"linux-{machine}",
        "pointer_bits": bits,
        "gnu_libc_version": "glibc 2.36",
        "elf": X86_64_ELF,
        "musl_loader_output": None,
    }
    facts.update(extra)
    return facts


def generic(system: str, sysconfig_platform: str, machine: str, release: str) -> dict[str, Any]:
    return {
        "sys_platform": system.lower(),
        "system": system,
        "release": release,
        "machine": machine,
        "sysconfig_platform": sysconfig_platform,
        "pointer_bits": 64,
    }


class TestFromFactsLinux:
    def test_glibc(self) -> None:
        assert Platform.from_facts(linux()) == Platform(Manylinux(2, 36), Arch.X86_64)

    def test_old_glibc_without_prefix(self) -> None:
        facts = linux("aarch64", gnu_libc_version="2.17")
        assert Platform.from_facts(facts) == Platform(Manylinux(2, 17), Arch.AARCH64)

    def test_musl(self) -> None:
        facts = linux(gnu_libc_version=None, musl_loader_output=MUSL_BANNER)
        assert Platform.from_facts(facts) == Platform(Musllinux(1, 2), Arch.X86_64)

    def test_neither_libc(self) -> None:
        facts = linux(gnu_libc_version=None, musl_loader_output=None)
        assert Platform.from_facts(facts) == Platform(Linux(), Arch.X86_64)

    def test_garbled_loader_output(self) -> None:
        facts = linux(gnu_libc_version=None, musl_loader_output="Segmentation fault")
        assert Platform.from_facts(facts).os == Linux()

    def test_unparsable_glibc_is_unknown_libc(self) -> None:
        assert Platform.from_facts(linux(gnu_libc_version="glibc ?")).os == Linux()

    def test_32bit_interpreter_on_64bit_x86_kernel(self) -> None:
        facts = linux(bits=32, elf=I386_ELF)
        assert Platform.from_facts(facts) == Platform(Manylinux(2, 36), Arch.I686)

    def test_32bit_interpreter_on_64bit_arm_kernel(self) -> None:
        facts = linux("aarch64", bits=32, elf=ARMHF_ELF)
        assert Platform.from_facts(facts) == Platform(Manylinux(2, 36), Arch.ARMV8L)

    def test_armhf(self) -> None:
        facts = linux("armv7l", bits=32, elf=ARMHF_ELF)
        assert Platform.from_facts(facts) == Platform(Manylinux(2, 36), Arch.ARMV7L)

    def test_soft_float_arm_has_no_manylinux(self) -> None:
        # Manylinux wheels for 32-bit ARM are built for the hard-float ABI only.
        facts = linux("armv7l", bits=32, elf={**ARMHF_ELF, "flags": 0x05000200})
        assert Platform.from_facts(facts) == Platform(Linux(), Arch.ARMV7L)

    def test_i686_with_unreadable_executable(self) -> None:
        assert Platform.from_facts(linux("i686", bits=32, elf=None)).os == Linux()

    def test_sysconfig_platform_decides_the_arch(self) -> None:
        facts = linux(machine="x86_64", sysconfig_platform="linux-ppc64le")
        assert Platform.from_facts(facts).arch is Arch.PPC64LE

    def test_unknown_arch(self) -> None:
        with pytest.raises(UnsupportedPlatform, match="architecture: 'sparc64'"):
            Platform.from_facts(linux("sparc64"))

    def test_wrong_fact_type(self) -> None:
        with pytest.raises(InvalidPlatform, match="'machine' must be a string"):
            Platform.from_facts({**linux(sysconfig_platform="linux"), "machine": 7})


class TestFromFactsOthers:
    @pytest.mark.parametrize(
        ("version", "machine", "bits", "expected"),
        [
            ("14.2.1", "arm64", 64, Platform(Macos(14, 2), Arch.AARCH64)),
            ("10.15.7", "x86_64", 64, Platform(Macos(10, 15), Arch.X86_64)),
            ("11", "x86_64", 64, Platform(Macos(11, 0), Arch.X86_64)),
            ("10.6.8", "x86_64", 32, Platform(Macos(10, 6), Arch.I686)),
            ("10.5.8", "ppc", 32, Platform(Macos(10, 5), Arch.PPC)),
        ],
    )
    def test_macos(self, version: str, machine: str, bits: int, expected: Platform) -> None:
        facts = generic("Darwin", "macosx-10.9-universal2", machine, "23.2.0")
        facts.update(mac_version=version, pointer_bits=bits)
        assert Platform.from_facts(facts) == expected

    def test_bad_macos_version(self) -> None:
        facts = generic("Darwin", "macosx-10.9-universal2", "arm64", "23.2.0")
        facts["mac_version"] = "fourteen"
        with pytest.raises(InvalidPlatform, match="'fourteen'"):
            Platform.from_facts(facts)

    @pytest.mark.parametrize(
        ("sysconfig_platform", "machine", "arch"),
        [
            ("win-amd64", "AMD64", Arch.X86_64),
            ("win32", "AMD64", Arch.I686),
            ("win-arm64", "ARM64", Arch.AARCH64),
            ("mingw_x86_64", "AMD64", Arch.X86_64),
        ],
    )
    def test_windows(self, sysconfig_platform: str, machine: str, arch: Arch) -> None:
        facts = generic("Windows", sysconfig_platform, machine, "10")
        facts["sys_platform"] = "win32"
        assert Platform.from_facts(facts) == Platform(Windows(), arch)

    @pytest.mark.parametrize(
        ("system", "sysconfig_platform", "machine", "expected"),
        [
            (
                "FreeBSD",
                "freebsd-13.2-RELEASE-p4-amd64",
                "amd64",
                Platform(FreeBsd("13.2-RELEASE-p4"), Arch.X86_64),
            ),
            ("NetBSD", "netbsd-9.3-amd64", "amd64", Platform(NetBsd("9.3"), Arch.X86_64)),
            ("OpenBSD", "openbsd-7.4-amd64", "amd64", Platform(OpenBsd("7.4"), Arch.X86_64)),
            (
                "DragonFly",
                "dragonfly-6.4-RELEASE-x86_64",
                "x86_64",
                Platform(Dragonfly("6.4-RELEASE"), Arch.X86_64),
            ),
            ("Haiku", "haiku-1-x86_64", "x86_64", Platform(Haiku("1"), Arch.X86_64)),
        ],
    )
    def test_bsds(
        self, system: str, sysconfig_platform: str, machine: str, expected: Platform
    ) -> None:
        assert Platform.from_facts(generic(system, sysconfig_platform, machine, "x")) == expected

    def test_bsd_port_name_is_unsupported(self) -> None:
        # NetBSD's sysconfig machine is the port name, which puffin does not map.
        with pytest.raises(UnsupportedPlatform, match="evbarm"):
            Platform.from_facts(generic("NetBSD", "netbsd-9.3-evbarm", "aarch64", "9.3"))

    def test_bsd_without_sysconfig_release(self) -> None:
        facts = generic("FreeBSD", "freebsd", "arm64", "14.0-RELEASE")
        assert Platform.from_facts(facts) == Platform(FreeBsd("14.0-RELEASE"), Arch.AARCH64)

    def test_illumos(self) -> None:
        facts = generic("SunOS", "solaris-2.11-i86pc.64bit", "i86pc", "5.11")
        assert Platform.from_facts(facts) == Platform(Illumos("5.11", "i86pc"), Arch.X86_64)

    def test_android(self) -> None:
        facts = generic("Android", "android-24-arm64_v8a", "aarch64", "5.4")
        facts.update(sys_platform="android", android_api_level=24)
        assert Platform.from_facts(facts) == Platform(Android(24), Arch.AARCH64)

    def test_unknown_os(self) -> None:
        with pytest.raises(UnsupportedPlatform, match="operating system: 'Plan9'"):
            Platform.from_facts(generic("Plan9", "plan9", "386", "4"))


class TestProbe:
    def test_linux_glibc(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setattr(platform, "system", lambda: "Linux")
        monkeypatch.setattr(sys, "platform", "linux")
        monkeypatch.setattr(os, "confstr", lambda name: "glibc 2.28", raising=False)
        monkeypatch.setattr(sys, "executable", str(tmp_path / "missing"))
        facts = probe_facts()
        assert facts["gnu_libc_version"] == "glibc 2.28"
        assert facts["elf"] is None
        assert facts["musl_loader_output"] is None
        assert Platform.from_facts(facts).os == Manylinux(2, 28)

    def test_linux_musl(
        self,
        monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path,
        elf_file: Callable[..., Path],
    ) -> None:
        loader = tmp_path / "ld-musl-x86_64.so.1"
        # A stand-in loader: like musl's, it prints its banner on stderr when run bare.
        loader.write_text(f"#!/bin/sh\nprintf '{MUSL_BANNER}' >&2\nexit 1\n")
        loader.chmod(0o755)
        executable = elf_file(interpreter=str(loader))

        def no_confstr(name: str) -> str:
            raise ValueError(name)

        monkeypatch.setattr(platform, "system", lambda: "Linux")
        monkeypatch.setattr(sys, "platform", "linux")
        monkeypatch.setattr(os, "confstr", no_confstr, raising=False)
        monkeypatch.setattr(probe_module, "_glibc_version_from_libc", lambda: None)
        monkeypatch.setattr(sys, "executable", str(executable))
        facts = probe_facts()
        assert facts["gnu_libc_version"] is None
        assert facts["elf"]["interpreter"] == str(loader)
        assert facts["musl_loader_output"] == MUSL_BANNER
        assert Platform.from_facts(facts).os == Musllinux(1, 2)

    def test_glibc_loader_is_not_run(
        self, monkeypatch: pytest.MonkeyPatch, elf_file: Callable[..., Path]
    ) -> None:
        monkeypatch.setattr(platform, "system", lambda: "Linux")
        monkeypatch.setattr(sys, "platform", "linux")
        monkeypatch.setattr(sys, "executable", str(elf_file()))
        assert probe_facts()["musl_loader_output"] is None

    def test_macos(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(platform, "system", lambda: "Darwin")
        monkeypatch.setattr(sys, "platform", "darwin")
        monkeypatch.setattr(platform, "mac_ver", lambda: ("14.2.1", ("", "", ""), "arm64"))
        facts = probe_facts()
        assert facts["mac_version"] == "14.2.1"
        assert facts["machine"] == "arm64"
        assert Platform.from_facts(facts) == Platform(Macos(14, 2), Arch.AARCH64)

    def test_macos_compat_version_asks_again(self, monkeypatch: pytest.MonkeyPatch) -> None:
        calls: list[dict[str, str]] = []

        def run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
            calls.append(kwargs["env"])
            return subprocess.CompletedProcess(args, 0, stdout=b"13.6.1\n")

        monkeypatch.setattr(platform, "system", lambda: "Darwin")
        monkeypatch.setattr(sys, "platform", "darwin")
        monkeypatch.setattr(platform, "mac_ver", lambda: ("10.16", ("", "", ""), "x86_64"))
        monkeypatch.setattr(subprocess, "run", run)
        facts = probe_facts()
        assert facts["mac_version"] == "13.6.1"
        assert calls[0]["SYSTEM_VERSION_COMPAT"] == "0"

    def test_runs_as_script(self) -> None:
        output = subprocess.run(
            [sys.executable, "-I", "-c", probe_source()],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert json.loads(output) == json.loads(json.dumps(probe_facts()))

    def test_current_matches_probe(self) -> None:
        assert Platform.current() == Platform.from_facts(probe_facts())

"""`Pin` and `pins_from_entries`: what pip-sync accepts as a pin, hash-checking mode."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from puffin_installer import (
    BuildNotSupported,
    ConflictingPins,
    InvalidPin,
    MissingHashes,
    Pin,
    pins_from_entries,
)
from puffin_installer_support import MARKERS
from puffin_normalize import PackageName
from puffin_pep440 import Version
from puffin_pep508 import Requirement, UnnamedRequirement
from requirements_txt import RequirementsTxt

SHA = "a" * 64


def _pins(text: str, tmp_path: Path, *, require_hashes: bool = False) -> list[Pin]:
    parsed = RequirementsTxt.parse_text(text, "r.txt", working_dir=tmp_path)
    return pins_from_entries(parsed.requirements, MARKERS, require_hashes=require_hashes)


class TestFromRequirement:
    def test_version_pin(self) -> None:
        pin = Pin.from_requirement(Requirement.parse("Foo==1.0.0"))
        assert (pin.name, pin.version, pin.url) == ("foo", Version.parse("1.0"), None)
        assert str(pin) == "foo==1.0.0"

    def test_triple_equal_is_a_pin(self) -> None:
        assert Pin.from_requirement(Requirement.parse("foo===1.0")).version == Version.parse("1")

    @pytest.mark.parametrize("text", ["foo", "foo>=1.0", "foo==1.*", "foo==1.0,!=1.1", "foo~=1.0"])
    def test_not_pinned(self, text: str) -> None:
        with pytest.raises(InvalidPin, match=r"\(r.txt:4\): it is not pinned") as info:
            Pin.from_requirement(Requirement.parse(text), source="r.txt:4")
        assert info.value.source == "r.txt:4"

    def test_url_pin_keeps_fragment_hash(self) -> None:
        url = f"https://example.com/foo-1.0-py3-none-any.whl#sha256={SHA}"
        pin = Pin.from_requirement(Requirement.parse(f"foo @ {url}"))
        assert pin.url is not None and pin.version is None
        assert pin.hashes == (f"sha256:{SHA}",)
        assert str(pin) == f"foo @ {url}"

    def test_url_credentials_are_redacted(self) -> None:
        url = "https://user:secret@example.com/foo-1.0-py3-none-any.whl"
        pin = Pin.from_requirement(Requirement.parse(f"foo @ {url}"))
        assert "secret" not in str(pin)

    def test_unnamed_wheel_takes_its_name_from_the_filename(self) -> None:
        requirement = UnnamedRequirement.parse("https://example.com/Foo_Bar-2.0-py3-none-any.whl")
        pin = Pin.from_requirement(requirement)
        assert pin.name == "foo-bar"

    def test_unnamed_source_tree_needs_a_build(self) -> None:
        requirement = UnnamedRequirement.parse("https://example.com/foo-1.0.tar.gz")
        with pytest.raises(BuildNotSupported, match=r"not supported yet: https://example\.com"):
            Pin.from_requirement(requirement)


class TestPinValue:
    def test_fields_and_defaults(self) -> None:
        pin = Pin(PackageName.parse("foo"), Version.parse("1.0"))
        assert (pin.hashes, pin.source, pin.editable) == ((), None, False)
        assert Pin(pin.name, pin.version_or_url, (), None, False) == pin

    def test_equality_and_hash_use_every_field(self) -> None:
        pin = Pin(PackageName.parse("foo"), Version.parse("1.0"), ("sha256:00",), "r.txt:1")
        same = Pin(PackageName.parse("foo"), Version.parse("1.0"), ("sha256:00",), "r.txt:1")
        assert pin == same and hash(pin) == hash(same)
        assert pin != Pin(pin.name, pin.version_or_url, pin.hashes, "r.txt:2")
        assert pin != Pin(pin.name, pin.version_or_url, pin.hashes, pin.source, editable=True)
        assert pin != Pin(pin.name, pin.version_or_url, (), pin.source)

    def test_repr_and_match(self) -> None:
        pin = Pin.from_requirement(Requirement.parse("foo==1.0"))
        assert repr(pin) == "<Pin('foo==1.0')>"
        match pin:
            case Pin(name, version, hashes, source, editable):
                assert (name, version, hashes, source, editable) == (
                    "foo",
                    Version.parse("1.0"),
                    (),
                    None,
                    False,
                )

    def test_is_frozen_and_pickles(self) -> None:
        pin = Pin.from_requirement(Requirement.parse("foo==1.0"), hashes=["sha256:00"])
        with pytest.raises(AttributeError):
            pin.source = "elsewhere"  # type: ignore[misc]
        assert pickle.loads(pickle.dumps(pin)) == pin


class TestPinsFromEntries:
    def test_sorted_by_name_and_markers_applied(self, tmp_path: Path) -> None:
        text = "zed==1.0\nalpha==2.0\nwin==1.0 ; sys_platform == 'win32'\n"
        assert [str(pin) for pin in _pins(text, tmp_path)] == ["alpha==2.0", "zed==1.0"]

    def test_source_line(self, tmp_path: Path) -> None:
        assert [pin.source for pin in _pins("\n\nfoo==1.0\n", tmp_path)] == ["r.txt:3"]

    def test_same_pin_twice_merges_hashes(self, tmp_path: Path) -> None:
        other = "b" * 64
        text = f"foo==1.0 --hash=sha256:{SHA}\nFoo==1.0 --hash=sha256:{other}\n"
        (pin,) = _pins(text, tmp_path)
        assert pin.hashes == (f"sha256:{SHA}", f"sha256:{other}")
        assert (pin.name, pin.version, pin.source, pin.editable) == (
            "foo",
            Version.parse("1.0"),
            "r.txt:1",
            False,
        )

    def test_conflicting_pins(self, tmp_path: Path) -> None:
        with pytest.raises(ConflictingPins, match=r"foo==1.0 \(r.txt:1\) and foo==2.0 \(r.txt:2\)"):
            _pins("foo==1.0\nfoo==2.0\n", tmp_path)

    def test_one_hash_turns_hash_checking_on(self, tmp_path: Path) -> None:
        text = f"foo==1.0 --hash=sha256:{SHA}\nbar==1.0\n"
        with pytest.raises(MissingHashes, match=r"bar==1.0 \(r.txt:2\): hashes are required"):
            _pins(text, tmp_path)

    def test_require_hashes(self, tmp_path: Path) -> None:
        with pytest.raises(MissingHashes, match=r"foo==1.0 \(r.txt:1\)"):
            _pins("foo==1.0\n", tmp_path, require_hashes=True)

    def test_require_hashes_checks_pins_first(self, tmp_path: Path) -> None:
        with pytest.raises(InvalidPin, match="not pinned"):
            _pins(f"foo>=1.0 --hash=sha256:{SHA}\n", tmp_path, require_hashes=True)

    def test_url_fragment_counts_as_hash(self, tmp_path: Path) -> None:
        text = f"foo @ https://example.com/foo-1.0-py3-none-any.whl#sha256={SHA}\n"
        (pin,) = _pins(text, tmp_path, require_hashes=True)
        assert pin.hashes == (f"sha256:{SHA}",)

    def test_markers_none_keeps_everything(self, tmp_path: Path) -> None:
        parsed = RequirementsTxt.parse_text(
            "win==1.0 ; sys_platform == 'win32'\n", "r.txt", working_dir=tmp_path
        )
        assert len(pins_from_entries(parsed.requirements, None)) == 1

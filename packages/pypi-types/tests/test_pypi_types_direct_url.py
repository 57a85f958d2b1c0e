"""Tests of DirectUrl (PEP 610)."""

from __future__ import annotations

import json

import pytest

from pypi_types import ArchiveInfo, DirectUrl, DirInfo, InvalidDirectUrl, PypiTypesError, VcsInfo


class TestDirectUrl:
    @pytest.mark.parametrize(
        ("document", "expected"),
        [
            (
                {"url": "https://example.com/a-1.0.whl", "archive_info": {}},
                DirectUrl("https://example.com/a-1.0.whl", ArchiveInfo()),
            ),
            (
                {
                    "url": "https://example.com/a-1.0.tar.gz",
                    "archive_info": {"hashes": {"sha256": "aa", "blake2b": "bb"}},
                    "subdirectory": "python",
                },
                DirectUrl(
                    "https://example.com/a-1.0.tar.gz",
                    ArchiveInfo({"sha256": "aa", "blake2b": "bb"}),
                    "python",
                ),
            ),
            (
                {"url": "file:///a-1.0.whl", "archive_info": {"hash": "sha256=aa"}},
                DirectUrl("file:///a-1.0.whl", ArchiveInfo(hash="sha256=aa")),
            ),
            (
                {
                    "url": "https://example.com/repo.git",
                    "vcs_info": {"vcs": "git", "commit_id": "abc123", "requested_revision": "v1"},
                },
                DirectUrl("https://example.com/repo.git", VcsInfo("git", "abc123", "v1")),
            ),
            (
                {"url": "https://example.com/hg", "vcs_info": {"vcs": "hg", "commit_id": "1"}},
                DirectUrl("https://example.com/hg", VcsInfo("hg", "1")),
            ),
            (
                {"url": "file:///src/proj", "dir_info": {"editable": True}},
                DirectUrl("file:///src/proj", DirInfo(editable=True)),
            ),
            ({"url": "file:///src/proj", "dir_info": {}}, DirectUrl("file:///src/proj", DirInfo())),
        ],
    )
    def test_reads(self, document: dict[str, object], expected: DirectUrl) -> None:
        parsed = DirectUrl.from_json(json.dumps(document))
        assert parsed == expected
        assert DirectUrl.from_json(json.dumps(document).encode()) == expected
        assert DirectUrl.from_json(parsed.to_json()) == parsed

    def test_info_accessors(self) -> None:
        archive = DirectUrl("u", ArchiveInfo())
        vcs = DirectUrl("u", VcsInfo("git", "c"))
        directory = DirectUrl("u", DirInfo())
        assert (archive.archive_info, archive.vcs_info, archive.dir_info) == (
            ArchiveInfo(),
            None,
            None,
        )
        assert (vcs.archive_info, vcs.vcs_info, vcs.dir_info) == (None, VcsInfo("git", "c"), None)
        assert (directory.archive_info, directory.vcs_info, directory.dir_info) == (
            None,
            None,
            DirInfo(),
        )

    def test_to_json_is_compact_and_sorted(self) -> None:
        direct = DirectUrl(
            "https://example.com/repo.git", VcsInfo("git", "abc", "main"), subdirectory="sub"
        )
        assert direct.to_json() == (
            '{"subdirectory":"sub","url":"https://example.com/repo.git",'
            '"vcs_info":{"commit_id":"abc","requested_revision":"main","vcs":"git"}}'
        )

    def test_to_json_archive(self) -> None:
        direct = DirectUrl("file:///a.whl", ArchiveInfo({"sha256": "aa"}, "sha256=aa"))
        assert direct.to_json() == (
            '{"archive_info":{"hash":"sha256=aa","hashes":{"sha256":"aa"}},"url":"file:///a.whl"}'
        )

    def test_to_json_non_editable_directory(self) -> None:
        assert DirectUrl("file:///p", DirInfo()).to_json() == '{"dir_info":{},"url":"file:///p"}'

    def test_unknown_keys_are_ignored(self) -> None:
        document = {"url": "file:///p", "dir_info": {"editable": False, "x": 1}, "future": True}
        assert DirectUrl.from_dict(document) == DirectUrl("file:///p", DirInfo())

    def test_all_hashes_merges_legacy_hash(self) -> None:
        assert ArchiveInfo(hash="md5=00").all_hashes() == {"md5": "00"}
        assert ArchiveInfo({"sha256": "aa"}, "md5=00").all_hashes() == {"sha256": "aa", "md5": "00"}
        assert ArchiveInfo().all_hashes() == {}

    def test_hashes_are_read_only(self) -> None:
        source = {"sha256": "aa"}
        info = ArchiveInfo(source)
        source["sha256"] = "changed"
        assert info.hashes == {"sha256": "aa"}
        with pytest.raises(TypeError):
            info.hashes["md5"] = "00"  # type: ignore[index]

    def test_hashable(self) -> None:
        assert (
            len({DirectUrl("u", ArchiveInfo({"a": "b"})), DirectUrl("u", ArchiveInfo({"a": "b"}))})
            == 1
        )

    @pytest.mark.parametrize(
        ("document", "reason"),
        [
            ("{", "not a JSON document"),
            ("[]", "expected a JSON object"),
            ('{"archive_info": {}}', "missing 'url'"),
            ('{"url": "", "archive_info": {}}', "missing 'url'"),
            ('{"url": 1, "archive_info": {}}', "url must be a string, got 1"),
            (
                '{"url": "u"}',
                "exactly one of archive_info, vcs_info and dir_info must be present (found none)",
            ),
            (
                '{"url": "u", "archive_info": {}, "dir_info": {}}',
                "(found archive_info, dir_info)",
            ),
            ('{"url": "u", "dir_info": []}', "dir_info must be an object"),
            (
                '{"url": "u", "dir_info": {"editable": "yes"}}',
                "dir_info.editable must be a boolean",
            ),
            ('{"url": "u", "dir_info": {"editable": 1}}', "dir_info.editable must be a boolean"),
            (
                '{"url": "u", "vcs_info": {"vcs": "git"}}',
                "vcs_info needs both 'vcs' and 'commit_id'",
            ),
            ('{"url": "u", "vcs_info": {"commit_id": "a"}}', "vcs_info needs both"),
            (
                '{"url": "u", "vcs_info": {"vcs": "git", "commit_id": 1}}',
                "vcs_info.commit_id must be",
            ),
            (
                '{"url": "u", "archive_info": {"hashes": []}}',
                "archive_info.hashes must be an object",
            ),
            ('{"url": "u", "archive_info": {"hashes": {"a": 1}}}', "archive_info.hashes must map"),
            ('{"url": "u", "archive_info": {"hash": "sha256"}}', "must be '<algorithm>=<hex>'"),
            (
                '{"url": "u", "archive_info": {"hash": "sha256=aa", "hashes": {"sha256": "bb"}}}',
                "disagrees with archive_info.hashes['sha256']",
            ),
            ('{"url": "u", "dir_info": {}, "subdirectory": 3}', "subdirectory must be a string"),
            # Found by the property tests: json.loads raised RecursionError.
            ("[" * 100_000, "not a JSON document: nested too deeply"),
        ],
    )
    def test_rejects(self, document: str, reason: str) -> None:
        with pytest.raises(InvalidDirectUrl) as info:
            DirectUrl.from_json(document)
        assert isinstance(info.value, PypiTypesError)
        assert reason in str(info.value)
        assert str(info.value).startswith("invalid direct_url.json: ")

"""Core metadata (``METADATA``, ``PKG-INFO``), versions 1.0 to 2.5."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from puffin_normalize import ExtraName, InvalidName, PackageName
from puffin_pep440 import InvalidVersion, Version, VersionSpecifiers
from puffin_pep508 import Requirement
from pypi_types._frozen import Frozen, set_field
from pypi_types._headers import split_headers, unfold, unfold_text
from pypi_types._lenient import lenient_requirement, lenient_specifiers
from pypi_types.errors import InvalidMetadata

if TYPE_CHECKING:
    import logging

__all__ = ["Metadata"]


def _logger() -> logging.Logger:
    """This module's logger (logging is imported on first use: most runs log nothing)."""
    import logging

    return logging.getLogger(__name__)


# Header (lowercased) -> attribute, for fields that appear at most once.
_SINGLE = {
    "metadata-version": "metadata_version",
    "name": "name",
    "version": "version",
    "summary": "summary",
    "description": "description",
    "description-content-type": "description_content_type",
    "keywords": "keywords",
    "home-page": "home_page",
    "download-url": "download_url",
    "author": "author",
    "author-email": "author_email",
    "maintainer": "maintainer",
    "maintainer-email": "maintainer_email",
    "license": "license",
    "license-expression": "license_expression",
    "requires-python": "requires_python",
}
# Header (lowercased) -> attribute, for fields that may repeat.
_MULTIPLE = {
    "platform": "platforms",
    "supported-platform": "supported_platforms",
    "classifier": "classifiers",
    "requires-dist": "requires_dist",
    "requires-external": "requires_external",
    "provides-extra": "provides_extras",
    "provides-dist": "provides_dist",
    "obsoletes-dist": "obsoletes_dist",
    "project-url": "project_urls",
    "dynamic": "dynamic",
    "license-file": "license_files",
    "requires": "requires",
    "provides": "provides",
    "obsoletes": "obsoletes",
    "import-name": "import_names",
    "import-namespace": "import_namespaces",
}
# Free-text fields keep their line breaks; every other field is unfolded to one line.
_TEXT = frozenset({"description", "license"})
_KNOWN_MAJORS = frozenset({"1", "2"})


class Metadata(Frozen):
    """The core metadata of one distribution (the packaging spec's "core metadata").

    Built by `Metadata.parse`. Repeated fields are tuples in file order; absent
    single fields are None. Only ``name`` and ``version`` are required: every
    other malformed field is skipped (or repaired) and described in ``warnings``.

    >>> metadata = Metadata.parse(b'''Metadata-Version: 2.1
    ... Name: Foo_Bar
    ... Version: 1.0
    ... Requires-Python: >=3.8
    ... Requires-Dist: idna (>=2.5)
    ... Requires-Dist: pytest ; extra == 'test'
    ... Requires-Dist: bad requirement !!
    ... Provides-Extra: Test
    ...
    ... The description.
    ... ''')
    >>> str(metadata.name), str(metadata.version), str(metadata.requires_python)
    ('foo-bar', '1.0', '>=3.8')
    >>> [str(r.name) for r in metadata.requires_dist], metadata.provides_extras
    (['idna', 'pytest'], (<ExtraName('test')>,))
    >>> metadata.description
    'The description.\\n'
    >>> len(metadata.warnings)
    1
    """

    __match_args__ = (
        "metadata_version",
        "name",
        "version",
        "requires_dist",
        "requires_python",
        "provides_extras",
        "dynamic",
        "summary",
        "description",
        "description_content_type",
        "keywords",
        "home_page",
        "download_url",
        "author",
        "author_email",
        "maintainer",
        "maintainer_email",
        "license",
        "license_expression",
        "license_files",
        "classifiers",
        "platforms",
        "supported_platforms",
        "project_urls",
        "requires_external",
        "provides_dist",
        "obsoletes_dist",
        "requires",
        "provides",
        "obsoletes",
        "import_names",
        "import_namespaces",
        "warnings",
    )
    __slots__ = __match_args__
    # The warnings say how the file was read, not what it says.
    _compare = __match_args__[:-1]

    metadata_version: str | None
    name: PackageName
    version: Version
    requires_dist: tuple[Requirement, ...]
    requires_python: VersionSpecifiers | None
    provides_extras: tuple[ExtraName, ...]
    dynamic: tuple[str, ...]
    summary: str | None
    description: str | None
    description_content_type: str | None
    keywords: str | None
    home_page: str | None
    download_url: str | None
    author: str | None
    author_email: str | None
    maintainer: str | None
    maintainer_email: str | None
    license: str | None
    license_expression: str | None
    license_files: tuple[str, ...]
    classifiers: tuple[str, ...]
    platforms: tuple[str, ...]
    supported_platforms: tuple[str, ...]
    project_urls: tuple[tuple[str, str], ...]
    requires_external: tuple[str, ...]
    provides_dist: tuple[str, ...]
    obsoletes_dist: tuple[str, ...]
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    obsoletes: tuple[str, ...]
    import_names: tuple[str, ...]
    import_namespaces: tuple[str, ...]
    warnings: tuple[str, ...]

    def __init__(
        self,
        metadata_version: str | None,
        name: PackageName,
        version: Version,
        requires_dist: tuple[Requirement, ...] = (),
        requires_python: VersionSpecifiers | None = None,
        provides_extras: tuple[ExtraName, ...] = (),
        dynamic: tuple[str, ...] = (),
        summary: str | None = None,
        description: str | None = None,
        description_content_type: str | None = None,
        keywords: str | None = None,
        home_page: str | None = None,
        download_url: str | None = None,
        author: str | None = None,
        author_email: str | None = None,
        maintainer: str | None = None,
        maintainer_email: str | None = None,
        license: str | None = None,
        license_expression: str | None = None,
        license_files: tuple[str, ...] = (),
        classifiers: tuple[str, ...] = (),
        platforms: tuple[str, ...] = (),
        supported_platforms: tuple[str, ...] = (),
        project_urls: tuple[tuple[str, str], ...] = (),
        requires_external: tuple[str, ...] = (),
        provides_dist: tuple[str, ...] = (),
        obsoletes_dist: tuple[str, ...] = (),
        requires: tuple[str, ...] = (),
        provides: tuple[str, ...] = (),
        obsoletes: tuple[str, ...] = (),
        import_names: tuple[str, ...] = (),
        import_namespaces: tuple[str, ...] = (),
        warnings: tuple[str, ...] = (),
    ) -> None:
        set_field(self, "metadata_version", metadata_version)
        set_field(self, "name", name)
        set_field(self, "version", version)
        set_field(self, "requires_dist", requires_dist)
        set_field(self, "requires_python", requires_python)
        set_field(self, "provides_extras", provides_extras)
        set_field(self, "dynamic", dynamic)
        set_field(self, "summary", summary)
        set_field(self, "description", description)
        set_field(self, "description_content_type", description_content_type)
        set_field(self, "keywords", keywords)
        set_field(self, "home_page", home_page)
        set_field(self, "download_url", download_url)
        set_field(self, "author", author)
        set_field(self, "author_email", author_email)
        set_field(self, "maintainer", maintainer)
        set_field(self, "maintainer_email", maintainer_email)
        set_field(self, "license", license)
        set_field(self, "license_expression", license_expression)
        set_field(self, "license_files", license_files)
        set_field(self, "classifiers", classifiers)
        set_field(self, "platforms", platforms)
        set_field(self, "supported_platforms", supported_platforms)
        set_field(self, "project_urls", project_urls)
        set_field(self, "requires_external", requires_external)
        set_field(self, "provides_dist", provides_dist)
        set_field(self, "obsoletes_dist", obsoletes_dist)
        set_field(self, "requires", requires)
        set_field(self, "provides", provides)
        set_field(self, "obsoletes", obsoletes)
        set_field(self, "import_names", import_names)
        set_field(self, "import_namespaces", import_namespaces)
        set_field(self, "warnings", warnings)

    @classmethod
    def parse(cls, data: bytes | str) -> Metadata:
        """Read ``METADATA`` or ``PKG-INFO`` content.

        Bytes that are not UTF-8 are replaced by U+FFFD (with a warning).
        Raises `InvalidMetadata` only when ``Name`` or ``Version`` is missing
        or invalid; everything else that is wrong becomes a warning, also
        logged at DEBUG level on the ``pypi_types`` logger.
        """
        warnings: list[str] = []
        if isinstance(data, bytes):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:
                text = data.decode("utf-8", "replace")
                warnings.append(
                    f"not valid UTF-8 ({error.reason} at byte {error.start}); "
                    "undecodable bytes replaced"
                )
        else:
            text = data
        headers, body, problems = split_headers(text)
        warnings.extend(problems)

        single: dict[str, str] = {}
        multiple: dict[str, list[str]] = {}
        for header, value in headers:
            attribute = _MULTIPLE.get(header)
            if attribute is not None:
                multiple.setdefault(attribute, []).append(unfold(value))
                continue
            attribute = _SINGLE.get(header)
            if attribute is None:
                continue
            value = unfold_text(value) if header in _TEXT else unfold(value)
            if attribute in single:
                if single[attribute] != value:
                    warnings.append(f"{_title(header)} given again as {value!r}; kept the first")
                continue
            single[attribute] = value

        name = _parse_name(single.pop("name", None))
        version = _parse_version(single.pop("version", None))
        metadata_version = single.get("metadata_version")
        if metadata_version is None:
            warnings.append("no Metadata-Version field")
        elif metadata_version.partition(".")[0] not in _KNOWN_MAJORS:
            warnings.append(f"unknown Metadata-Version {metadata_version!r}; read as 2.x")
        if body and body.strip():
            if "description" not in single:
                single["description"] = body
            elif single["description"] != body:
                # The body became the description's place in 2.1; before, the field was.
                keep_body = _before_2_1(metadata_version) is False
                kept = "the body" if keep_body else "the field"
                warnings.append(f"Description given both as a field and as the body; kept {kept}")
                if keep_body:
                    single["description"] = body

        fields: dict[str, Any] = dict(single)
        fields["metadata_version"] = metadata_version
        fields["requires_python"] = _parse_requires_python(single.get("requires_python"), warnings)
        fields["requires_dist"] = _parse_requires_dist(multiple.pop("requires_dist", ()), warnings)
        fields["provides_extras"] = _parse_extras(multiple.pop("provides_extras", ()), warnings)
        fields["project_urls"] = _parse_project_urls(multiple.pop("project_urls", ()), warnings)
        dynamic = tuple(field.lower() for field in multiple.pop("dynamic", ()))
        if "name" in dynamic or "version" in dynamic:
            warnings.append("Dynamic must not list Name or Version")
        fields["dynamic"] = dynamic
        for attribute, values in multiple.items():
            fields[attribute] = tuple(values)
        for warning in warnings:
            _logger().debug("%s %s: %s", name, version, warning)
        return cls(name=name, version=version, warnings=tuple(warnings), **fields)

    def __repr__(self) -> str:
        return f"<Metadata({self.name!s} {self.version!s})>"


def _before_2_1(metadata_version: str | None) -> bool | None:
    """Whether *metadata_version* is older than 2.1; None when it cannot be told."""
    major, _, minor = (metadata_version or "").partition(".")
    if not (major.isdigit() and minor.isdigit()):
        return None
    return (int(major), int(minor)) < (2, 1)


def _title(header: str) -> str:
    return "-".join(part.capitalize() for part in header.split("-"))


def _parse_name(value: str | None) -> PackageName:
    if not value:
        raise InvalidMetadata("Name", "missing")
    try:
        return PackageName.parse(value)
    except InvalidName as error:
        raise InvalidMetadata("Name", "not a valid project name", value=value) from error


def _parse_version(value: str | None) -> Version:
    if not value:
        raise InvalidMetadata("Version", "missing")
    try:
        return Version.parse(value)
    except InvalidVersion as error:
        raise InvalidMetadata("Version", error.message, value=value) from error


def _parse_requires_python(value: str | None, warnings: list[str]) -> VersionSpecifiers | None:
    if not value:
        return None
    try:
        specifiers, repaired = lenient_specifiers(value)
    except ValueError as error:
        warnings.append(f"Requires-Python {value!r} skipped: {error}")
        return None
    if repaired is not None:
        warnings.append(f"Requires-Python {value!r} read as {repaired!r}")
    return specifiers


def _parse_requires_dist(
    values: list[str] | tuple[()], warnings: list[str]
) -> tuple[Requirement, ...]:
    requirements = []
    for value in values:
        try:
            requirement, repaired = lenient_requirement(value)
        except ValueError as error:
            warnings.append(f"Requires-Dist {value!r} skipped: {error}")
            continue
        if repaired is not None:
            warnings.append(f"Requires-Dist {value!r} read as {repaired!r}")
        requirements.append(requirement)
    return tuple(requirements)


def _parse_extras(values: list[str] | tuple[()], warnings: list[str]) -> tuple[ExtraName, ...]:
    # Old setuptools wrote extras unnormalized (`Socks_Proxy`), sometimes twice.
    extras: dict[ExtraName, None] = {}
    for value in values:
        try:
            extras[ExtraName.parse(value)] = None
        except InvalidName:
            warnings.append(f"Provides-Extra {value!r} skipped: not a valid extra name")
    return tuple(extras)


def _parse_project_urls(
    values: list[str] | tuple[()], warnings: list[str]
) -> tuple[tuple[str, str], ...]:
    urls = []
    for value in values:
        label, sep, url = value.partition(",")
        if not sep:
            warnings.append(f"Project-URL {value!r} skipped: expected 'label, url'")
            continue
        urls.append((label.strip(), url.strip()))
    return tuple(urls)

"""The package's one cattrs converter, which every PyPI-shaped JSON document goes through.

Imported on first use (`pypi_types.converter`, `parse_simple_json`, `dump_simple_json`):
cattrs and what it imports take longer to load than the rest of the package, and a
run that reads only cached pages never needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Final, NamedTuple

import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError

from puffin_normalize import PackageName
from pypi_types._hashes import Hashes
from pypi_types._simple import File, Meta, SimpleProject, Yanked
from pypi_types._simple_json import parse_upload_time

__all__ = ["STRUCTURE_ERRORS", "converter", "describe_errors"]

#: The converter every PyPI-shaped JSON document goes through: strict about
#: types (a number is never silently read as a string), lenient about keys it
#: does not know, so that newer index features do not break older clients.
converter = cattrs.Converter(detailed_validation=True)

#: What `converter.structure` raises on a document of the wrong shape.
STRUCTURE_ERRORS: Final = (cattrs.BaseValidationError, ValueError, TypeError, KeyError)


def describe_errors(exc: Exception) -> str:
    """Every problem *exc* (one of `STRUCTURE_ERRORS`) holds, with its JSON path, joined."""
    return "; ".join(cattrs.transform_error(exc, format_exception=_describe))


def _describe(exc: BaseException, annotation: type | None) -> str:
    # The hooks below (and puffin's name parser) raise ValueErrors that already
    # say what was expected and what came instead.
    if isinstance(exc, ValueError):
        return str(exc)
    return cattrs.v.format_exception(exc, annotation)


def _expect(kind: type, name: str) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        # `type() is` rather than isinstance: JSON booleans must not pass as ints.
        if type(value) is not kind:
            raise ValueError(f"expected {name}, got {type(value).__name__} {value!r}")
        return value

    return structure


def _structure_name(value: Any, _: Any) -> PackageName:
    if type(value) is not str:
        raise ValueError(f"expected a project name, got {type(value).__name__} {value!r}")
    return PackageName.parse(value)


def _structure_size(value: Any, _: Any) -> int | None:
    if value is None:
        return None
    if type(value) is not int or value < 0:
        raise ValueError(f"expected a size in bytes, got {value!r}")
    return value


def _structure_requires_python(value: Any, _: Any) -> str | None:
    if value is None:
        return None
    if type(value) is not str:
        raise ValueError(f"expected a string, got {type(value).__name__} {value!r}")
    # Some indexes send "" for "no constraint".
    return value or None


def _structure_hashes(value: Any, _: Any) -> Hashes:
    if type(value) is dict:
        # Fast path: nearly every index sends exactly one sha256.
        if len(value) == 1:
            digest = value.get("sha256")
            if type(digest) is str:
                return Hashes(sha256=digest.lower())
        if all(type(k) is str and type(v) is str for k, v in value.items()):
            return Hashes.from_mapping(value)
    raise ValueError(f"expected a mapping of hash names to hex digests, got {value!r}")


def _structure_yanked(value: Any, _: Any) -> Yanked | None:
    if value is not None and type(value) is not bool and type(value) is not str:
        raise ValueError(f"expected a boolean or a reason, got {value!r}")
    return Yanked.from_json(value)


def _structure_core_metadata(value: Any, _: Any) -> bool | Hashes:
    if value is None or type(value) is bool:
        return bool(value)
    hashes = _structure_hashes(value, None)
    # An empty or unknown-algorithm dict still announces the file (PEP 658).
    return True if hashes.is_empty else hashes


def _structure_upload_time(value: Any, _: Any) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_upload_time(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected an ISO 8601 time, got {value!r}") from None


def _unstructure_upload_time(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.utcoffset() == UTC.utcoffset(None):
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value.isoformat()


def _unstructure_yanked(value: Yanked | None) -> bool | str:
    return False if value is None else value.to_json()


def _unstructure_core_metadata(value: bool | Hashes) -> bool | dict[str, str]:
    return value if isinstance(value, bool) else value.to_dict()


def _prepare_file(value: Any) -> Any:
    if not isinstance(value, dict):
        raise ValueError(f"expected a file object, got {type(value).__name__} {value!r}")
    # PEP 714 renamed `dist-info-metadata`; older indexes still send only that key.
    if "core-metadata" not in value and "dist-info-metadata" in value:
        value = {**value, "core-metadata": value["dist-info-metadata"]}
    return value


def _is(annotation: object) -> Callable[[Any], bool]:
    return lambda candidate: bool(candidate == annotation)


class _Field(NamedTuple):
    """How one attribute of a class is read from and written to a JSON object."""

    attribute: str
    key: str
    annotation: Any
    required: bool = False
    hook: Callable[[Any, Any], Any] | None = None


def _register_class(
    cls: type,
    fields: tuple[_Field, ...],
    prepare: Callable[[Any], Any] | None = None,
) -> None:
    """Register hooks for *cls* that read and write JSON objects keyed as *fields* say.

    They do what cattrs generates for attrs classes in detailed-validation mode:
    unknown keys are ignored, absent optional keys take the default, and every
    failing field is reported (as an `AttributeValidationNote`) in one
    `ClassValidationError`. *prepare*, if given, checks or rewrites the object first.
    """
    title = f"While structuring {cls.__name__}"
    notes = {
        field.attribute: f"Structuring class {cls.__name__} @ attribute {field.attribute}"
        for field in fields
    }
    structure_hooks = [
        (field, field.hook or converter.get_structure_hook(field.annotation)) for field in fields
    ]
    unstructure_hooks = [
        (field.attribute, field.key, converter.get_unstructure_hook(field.annotation))
        for field in fields
    ]

    def structure(document: Any, _: Any) -> Any:
        if prepare is not None:
            document = prepare(document)
        values: dict[str, Any] = {}
        errors: list[Exception] = []
        for field, hook in structure_hooks:
            if not field.required and field.key not in document:
                continue
            try:
                values[field.attribute] = hook(document[field.key], field.annotation)
            except Exception as exc:
                note = AttributeValidationNote(
                    notes[field.attribute], field.attribute, field.annotation
                )
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                errors.append(exc)
        if errors:
            raise ClassValidationError(title, errors, cls)
        try:
            return cls(**values)
        except Exception as exc:
            raise ClassValidationError(title, [exc], cls) from None

    def unstructure(instance: Any) -> dict[str, Any]:
        return {key: hook(getattr(instance, name)) for name, key, hook in unstructure_hooks}

    converter.register_structure_hook(cls, structure)
    converter.register_unstructure_hook(cls, unstructure)


converter.register_structure_hook(str, _expect(str, "a string"))
converter.register_structure_hook(bool, _expect(bool, "a boolean"))
converter.register_structure_hook(PackageName, _structure_name)
converter.register_structure_hook(Hashes, _structure_hashes)
converter.register_structure_hook_func(_is(Yanked | None), _structure_yanked)
converter.register_structure_hook_func(_is(bool | Hashes), _structure_core_metadata)
converter.register_structure_hook_func(_is(datetime | None), _structure_upload_time)
converter.register_unstructure_hook(Hashes, Hashes.to_dict)
converter.register_unstructure_hook_func(_is(Yanked | None), _unstructure_yanked)
converter.register_unstructure_hook_func(_is(bool | Hashes), _unstructure_core_metadata)
converter.register_unstructure_hook_func(_is(datetime | None), _unstructure_upload_time)

# Registered in this order: a class's hooks look up those of its fields' types.
_register_class(Meta, (_Field("api_version", "api-version", str),))
_register_class(
    File,
    (
        _Field("filename", "filename", str, required=True),
        _Field("url", "url", str, required=True),
        _Field("hashes", "hashes", Hashes),
        _Field("requires_python", "requires-python", str | None, hook=_structure_requires_python),
        _Field("yanked", "yanked", Yanked | None),
        _Field("core_metadata", "core-metadata", bool | Hashes),
        _Field("upload_time", "upload-time", datetime | None),
        _Field("size", "size", int | None, hook=_structure_size),
    ),
    _prepare_file,
)
_register_class(
    SimpleProject,
    (
        _Field("name", "name", PackageName | None, required=True),
        _Field("files", "files", tuple[File, ...]),
        _Field("versions", "versions", tuple[str, ...] | None),
        _Field("meta", "meta", Meta),
    ),
)

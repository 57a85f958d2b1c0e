"""pip's requirements-file syntax, with file:line:column errors."""

from requirements_txt._requirements_txt import RequirementsTxt
from requirements_txt._types import ParseWarning, RequirementEntry, SourceLine
from requirements_txt.errors import (
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
    RequirementsTxtError,
    UnknownOption,
    UnreadableRequirementsFile,
    UnsupportedInclude,
)

__all__ = [
    "IncludeCycle",
    "IncludeNotFound",
    "InvalidConstraint",
    "InvalidEditable",
    "InvalidHash",
    "InvalidOption",
    "InvalidOptionValue",
    "InvalidRequirement",
    "MissingOptionValue",
    "ParseWarning",
    "RequirementEntry",
    "RequirementsFileNotFound",
    "RequirementsTxt",
    "RequirementsTxtError",
    "SourceLine",
    "UnknownOption",
    "UnreadableRequirementsFile",
    "UnsupportedInclude",
]

"""PEP 508 dependency specifiers: requirements, environment markers, verbatim URLs."""

from puffin_pep508._environment import MarkerEnvironment
from puffin_pep508._marker import (
    MarkerAnd,
    MarkerExpression,
    MarkerOperator,
    MarkerOr,
    MarkerTree,
    MarkerVariable,
)
from puffin_pep508._requirement import Requirement, UnnamedRequirement
from puffin_pep508._url import VerbatimUrl, expand_env_vars
from puffin_pep508.errors import (
    InvalidMarker,
    InvalidRequirement,
    InvalidUrl,
    Pep508Error,
    UndefinedComparison,
    UndefinedEnvironmentName,
)

__all__ = [
    "InvalidMarker",
    "InvalidRequirement",
    "InvalidUrl",
    "MarkerAnd",
    "MarkerEnvironment",
    "MarkerExpression",
    "MarkerOperator",
    "MarkerOr",
    "MarkerTree",
    "MarkerVariable",
    "Pep508Error",
    "Requirement",
    "UndefinedComparison",
    "UndefinedEnvironmentName",
    "UnnamedRequirement",
    "VerbatimUrl",
    "expand_env_vars",
]

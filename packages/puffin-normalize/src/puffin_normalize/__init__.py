"""Validated, normalized package and extra names (PEP 503, PEP 685)."""

from puffin_normalize._frozen import Frozen, set_field
from puffin_normalize._names import ExtraName, PackageName, is_normalized, normalize
from puffin_normalize.errors import InvalidName, NormalizeError

__all__ = [
    "ExtraName",
    "Frozen",
    "InvalidName",
    "NormalizeError",
    "PackageName",
    "is_normalized",
    "normalize",
    "set_field",
]

"""This package's value-type base: `puffin_normalize.Frozen`, shared by puffin's packages."""

from puffin_normalize import Frozen, set_field

__all__ = ["Frozen", "set_field"]

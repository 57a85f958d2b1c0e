"""`BuildDispatch`: puffin's `BuildContext`, joining the resolver, installer and builder."""

from puffin_dispatch._dispatch import BuildDispatch
from puffin_dispatch.errors import BuildRequirementsError, CyclicBuild, DispatchError

__all__ = ["BuildDispatch", "BuildRequirementsError", "CyclicBuild", "DispatchError"]

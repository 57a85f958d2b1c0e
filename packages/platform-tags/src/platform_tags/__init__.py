"""Wheel tags: the ordered (python, abi, platform) triples an interpreter accepts (PEP 425)."""

from platform_tags._platform_tags import platform_tags
from platform_tags._tags import TagPriority, Tags, WheelTags
from platform_tags.errors import InvalidInterpreter, TagsError, UnsupportedTagPlatform

__all__ = [
    "InvalidInterpreter",
    "TagPriority",
    "Tags",
    "TagsError",
    "UnsupportedTagPlatform",
    "WheelTags",
    "platform_tags",
]

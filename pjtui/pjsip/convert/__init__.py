"""Refactorings between plain pjsip.conf objects and wizards, each proven by expansion."""

from pjtui.pjsip.convert.to_objects import Plain, to_objects
from pjtui.pjsip.convert.to_wizard import ConversionError, Converted, to_wizard

__all__ = ["ConversionError", "Converted", "Plain", "to_objects", "to_wizard"]

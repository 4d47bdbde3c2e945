"""Refactorings of open files for the editor, each proven by expansion before it is offered:
extract a template from sections, rename a section with every reference following,
turn one wizard into plain objects and one endpoint group into a wizard.  Each
returns one Splice per changed file (one undo step; ``apply`` gives its inverse)."""

from pjtui.pjsip.refactor.convert_group import objects_to_wizard, wizard_to_objects
from pjtui.pjsip.refactor.extract import extract_template
from pjtui.pjsip.refactor.proof import Files, Refactored, RefactorError
from pjtui.pjsip.refactor.rename import rename_section

__all__ = ["Files", "Refactored", "RefactorError", "extract_template", "objects_to_wizard",
           "rename_section", "wizard_to_objects"]

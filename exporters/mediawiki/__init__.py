"""The GIDE wiki (MediaWiki): page texts, the conflict-safe sync, the XML dump, the import.

DESIGN.md beside this file gives the choices (page names, templates, conflicts).
"""

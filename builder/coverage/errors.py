"""The one exception of the package: its message is French and says what to do."""
from __future__ import annotations


class CoverageError(Exception):
    """The export cannot be used at all (unreadable, no summary column…); not a bad row."""

"""Everything the coverage package takes from the rest of builder, in one place.

Keeping these imports together means one file to re-point when a module moves.
"""
from __future__ import annotations

from builder.check.rules.content import _EMAIL as EMAIL, _PHONE as PHONE  # CT005's detectors
from builder.content.load import load_base
from builder.content.snapshot import NotAContentRoot
from builder.model import Article, Base, Config, Item, Tree
from builder.search.api import PUBLISHED, SearchError
from builder.content.printable import printable
from builder.search.documents import index_doc
from builder.search.index import Index, updated_index
from builder.search.tantivy_index import french_analyser
from builder.search.textfr import STOPWORDS, fold, prenormalise
from builder.usage.aggregate import Usage
from builder.usage.collect import collect as collect_usage
from builder.usage.logread import LogError

__all__ = ["Article", "Base", "Config", "EMAIL", "Index", "Item", "LogError", "NotAContentRoot", "PHONE",
           "PUBLISHED", "STOPWORDS", "SearchError", "Tree", "Usage", "collect_usage", "fold",
           "french_analyser", "index_doc", "load_base", "prenormalise", "printable", "updated_index"]

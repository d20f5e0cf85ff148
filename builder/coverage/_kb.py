"""Everything the coverage package takes from the rest of builder, in one place.

The builder is being reorganised into packages; keeping these imports together
means one file to re-point.
"""
from __future__ import annotations

from builder.load import load_base
from builder.model import Article, Base, Config, Item, Tree
from builder.rules.content import _EMAIL as EMAIL, _PHONE as PHONE  # CT005's detectors
from builder.search import PUBLISHED, Index, SearchError, updated_index
from builder.search_docs import index_doc
from builder.search_tantivy import french_analyser
from builder.snapshot import NotAContentRoot
from builder.textfr import STOPWORDS, fold, prenormalise

__all__ = ["Article", "Base", "Config", "EMAIL", "Index", "Item", "NotAContentRoot", "PHONE", "PUBLISHED",
           "STOPWORDS", "SearchError", "Tree", "fold", "french_analyser", "index_doc", "load_base", "prenormalise",
           "updated_index"]

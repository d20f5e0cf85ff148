"""The placeholder sentences `kb new` writes into a new article or tree.

Kept here, below both the authoring and the check packages: an item published
with one of them still in it was never written (CT006).
"""
from __future__ import annotations

ARTICLE_BODY = "Décrivez ici le problème, puis la procédure étape par étape."
TREE_QUESTION = "Le problème est-il résolu après un redémarrage ?"
TREE_RESOLVED = "Problème résolu par un redémarrage."
TREE_TICKET = "Décrire le problème et les vérifications faites."

PHRASES = (ARTICLE_BODY, TREE_QUESTION, TREE_RESOLVED, TREE_TICKET)

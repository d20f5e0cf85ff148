"""Which column of the export holds what: found by its French header, or mapped by the user.

The fields are named in English (kb.yaml `tickets.columns`, option `--column`):
id, created, category, summary, description, group, resolved_by, requester, email.
Only `summary` is required: without it there is nothing to match.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .errors import CoverageError
from ._kb import fold, printable

FIELDS = ("id", "created", "category", "summary", "description", "group", "resolved_by", "requester", "email")
LABELS = {"id": "numéro", "created": "date de création", "category": "catégorie", "summary": "objet",
          "description": "description", "group": "groupe de résolution", "resolved_by": "résolu par",
          "requester": "demandeur", "email": "e-mail"}
# normalised headers (folded, words only), in the order fields are tried; the email field before the
# requester one, so that « E-mail demandeur » is an address and « Demandeur » a name
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("n", "no", "num", "numero", "n ticket", "no ticket", "numero ticket", "numero de ticket", "n du ticket",
           "numero du ticket", "id", "identifiant", "reference", "ref", "ticket", "incident", "number"),
    "created": ("date de creation", "date creation", "cree le", "creation", "date d ouverture", "ouvert le",
                "date ouverture", "date de saisie", "date", "created", "opened"),
    "category": ("categorie", "categorie du ticket", "categorie ticket", "categorisation", "classification",
                 "service", "element de catalogue", "category"),
    "summary": ("objet", "titre", "resume", "sujet", "intitule", "libelle", "short description", "summary",
                "title", "subject"),
    "description": ("description", "description detaillee", "detail", "details", "commentaire", "texte"),
    "group": ("groupe de resolution", "groupe resolution", "groupe affecte", "groupe d affectation",
              "groupe assigne", "groupe", "equipe", "assignment group"),
    "resolved_by": ("resolu par", "resolution par", "niveau de resolution", "niveau resolution",
                    "resolu au niveau", "resolved by"),
    "email": ("e mail", "email", "courriel", "mail", "adresse e mail", "adresse mail", "mel"),
    "requester": ("demandeur", "beneficiaire", "appelant", "utilisateur", "nom du demandeur", "nom demandeur",
                  "contact", "requester", "caller"),
}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(header: str) -> str:
    return _NON_WORD.sub(" ", fold(header)).strip()


@dataclass
class Columns:
    """The index of each field's column in the rows; absent fields are not in `at`."""

    at: dict[str, int] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)

    def name(self, field_name: str) -> str:
        return self.header[self.at[field_name]]


KEY_ALIASES = {"opened": "created"}  # FORMAT.md writes the creation date's field « opened »


def find_columns(header: list[str], mapping: Mapping[str, str] | None = None) -> Columns:
    """Each field's column: the mapping first (a header name), then the usual French headers."""
    names = [normalise(h) for h in header]
    at: dict[str, int] = {}
    for key, wanted in (mapping or {}).items():
        key = KEY_ALIASES.get(key, key)
        if key not in FIELDS:
            raise CoverageError(f"champ « {key} » inconnu dans la correspondance des colonnes "
                                f"(champs : {', '.join(FIELDS)})")
        target = normalise(wanted)
        if target not in names:
            raise CoverageError(f"colonne « {wanted} » absente de l'export (colonnes : {', '.join(header)})")
        at[key] = names.index(target)
    taken = set(at.values())
    for exact in (True, False):
        for key, aliases in ALIASES.items():
            if key in at:
                continue
            for number, name in enumerate(names):
                if number in taken:
                    continue
                if name in aliases if exact else any(name.startswith(alias + " ") for alias in aliases):
                    at[key] = number
                    taken.add(number)
                    break
    if "summary" not in at:
        raise CoverageError("colonne de l'objet du ticket introuvable (en-têtes reconnus : « Objet », « Titre », "
                            "« Résumé »…) ; indiquez-la avec --column summary=NOM ou dans kb.yaml "
                            f"(tickets.columns.summary). Colonnes de l'export : {_shown(header)}")
    return Columns(at, header)


def _shown(header: list[str], most: int = 12, width: int = 40) -> str:
    """The export's headers for a message: control characters visible, each and the list cut short
    (a binary file read as CSV has headers of any length)."""
    names = [printable(name if len(name) <= width else name[:width - 1] + "…") for name in header[:most]]
    return ", ".join(names) + (f" … ({len(header)} colonnes)" if len(header) > most else "")

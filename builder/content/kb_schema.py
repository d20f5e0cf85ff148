"""schemas/kb.schema.json, generated from the declarations of builder/settings.py.

Editors (VS Code's YAML extension) validate kb.yaml with it; the loader reads the
same declarations, so the two cannot drift apart.
"""
from __future__ import annotations

import json
from typing import Any

from builder.codes import CHECKS
from builder.settings import DURATION, INTERVAL, SETTINGS, SEVERITY_LEVELS, Setting

_TEXT = {"title": "Texte", "description": "Un texte (une valeur simple non vide ; un nombre est lu comme texte).",
         "type": ["string", "number", "boolean"], "minLength": 1, "pattern": "\\S"}
_LABEL = {"title": "Libellé", "description": "Un texte non vide.",
          "type": ["string", "number", "boolean"], "minLength": 1, "pattern": "\\S"}
_DURATION = {"title": "Durée",
             "description": "Une durée en minutes ou en heures, par exemple « 5 min », « 10 minutes », « 1 h » "
                            "ou « 2 heures ».",
             "type": "string", "pattern": f"^\\s*{DURATION}\\s*$", "examples": ["1 min", "5 min", "1 h"]}
_INTERVAL = {"title": "Intervalle",
             "description": "Un intervalle de temps : nombre suivi de l'unité, en anglais ou en français "
                            "(months/mois, years/ans/années, weeks/semaines, days/jours), par exemple « 6 months », "
                            "« 12 mois » ou « 30 days ».",
             "type": "string", "pattern": f"^\\s*{INTERVAL}\\s*$", "examples": ["6 months", "12 mois", "30 days"]}
_REF = {"text": "#/$defs/texte", "interval": "#/$defs/intervalle", "duration": "#/$defs/duree"}


def kb_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Configuration de la base de connaissance (kb.yaml)",
        "description": "Le fichier kb.yaml à la racine du contenu : domaines, groupes de support, intervalles de "
                       "revue, exports. Format : voir docs/format.md.",
        "type": "object",
        "additionalProperties": False,
        "required": [s.key for s in SETTINGS if s.required],
        "properties": {s.key: _property(s, top=True) for s in SETTINGS},
        "$defs": {"texte": _TEXT, "duree": _DURATION, "intervalle": _INTERVAL, "libelle": _LABEL},
    }


def kb_schema_text() -> str:
    return json.dumps(kb_schema(), ensure_ascii=False, indent=2) + "\n"


def _property(s: Setting, top: bool = False) -> dict[str, Any]:
    described = (("Obligatoire. " if s.required else "Facultatif. ") if top else "") + s.description
    nullable: Any = "object" if s.required else ["object", "null"]
    out: dict[str, Any] = {"title": s.title}
    if s.kind in _REF:
        out["$ref"] = _REF[s.kind]
    elif s.kind == "url":
        out.update(type="string", pattern="^https?://")
    elif s.kind == "number":
        out.update(type="number", minimum=s.minimum, maximum=s.maximum)
    elif s.kind == "labels":
        out["type"] = nullable
        if s.key_pattern:
            out["propertyNames"] = {"pattern": f"^{s.key_pattern}$"}
        out["additionalProperties"] = {"$ref": "#/$defs/libelle"}
    elif s.kind == "section":
        out.update(type=nullable, additionalProperties=False,
                   properties={c.key: _property(c) for c in s.children})
    elif s.kind == "texts":
        out.update(type=["array", "null"], items={"$ref": "#/$defs/texte"})
    elif s.kind == "synonyms":
        out.update(type=["array", "null"],
                   items={"title": "Groupe de synonymes", "type": "array", "minItems": 2,
                          "items": {"$ref": "#/$defs/texte"},
                          "description": "Des termes équivalents, au moins deux, par exemple "
                                         "[bal, boîte aux lettres, boîte mail]."})
    elif s.kind == "severities":
        levels = "".join(f"\n- {level} — {meaning}" for level, meaning in SEVERITY_LEVELS.items())
        described += levels
        out.update(type=nullable, propertyNames={"enum": sorted(CHECKS)},
                   additionalProperties={"title": "Sévérité", "description": "La sévérité du contrôle :" + levels,
                                         "enum": list(SEVERITY_LEVELS),
                                         "enumDescriptions": list(SEVERITY_LEVELS.values())})
    else:
        raise ValueError(f"unknown kind {s.kind!r} for setting {s.key!r}")
    out["description"] = described
    return out

"""Every kb.yaml setting, declared once: its key, its kind, its default and its French description.

The loader reads kb.yaml against these declarations (`content/schema.py` derives its
field specs from them), `model.Config` takes its defaults from them, and
`schemas/kb.schema.json` (for editors) is generated from them by
`content/kb_schema.py` (`scripts/update_docs.py` rewrites it; a test fails when it is
stale). Adding a setting: declare it here, read it in `content/load.py`'s
`load_config`, add it to `model.Config`, regenerate.

Kinds: text, url, number, interval (« 6 months »), duration (« 5 min »), texts (a list
of texts), labels (a mapping key → label), section (a mapping of declared settings),
synonyms (a list of groups of terms), severities (check code → severity), bool (true or false).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# the values kb.yaml writes for durations and intervals (matched on the stripped text)
DURATION = r"([0-9]+)\s*(min|minutes?|h|heures?)"
INTERVAL = r"([0-9]+)\s*(months?|mois|years?|ans?|années?|weeks?|semaines?|days?|jours?)"
DOMAIN_KEY = r"[a-z0-9][a-z0-9-]*"
PLACEHOLDER_NAME = r"[a-z][a-z0-9_]*"


@dataclass(frozen=True)
class Setting:
    key: str
    kind: str
    title: str
    description: str  # French, for editors; « Obligatoire. » or « Facultatif. » is added at the top level
    required: bool = False
    default: Any = None
    key_pattern: str | None = None  # labels: what a key must look like
    minimum: float | None = None
    maximum: float | None = None
    children: tuple[Setting, ...] = ()

    def child(self, key: str) -> Setting:
        return next(c for c in self.children if c.key == key)


def _review(key: str, label: str) -> Setting:
    return Setting(key, "interval", f"Intervalle de revue : {label}",
                   f"Tous les combien revoir {label}, par exemple « 12 months ».")


SETTINGS: tuple[Setting, ...] = (
    Setting("title", "text", "Titre", "Le titre de la base, affiché en tête du site.", required=True,
            default="Base de connaissance"),
    Setting("site_url", "url", "Adresse du site",
            "L'adresse publique du site, en http:// ou https://, utilisée dans les liens des exports "
            "(wiki, chatbot).", default=""),
    Setting("domains", "labels", "Domaines",
            "Le catalogue des domaines : la clé est le nom du dossier sous kb/ et trees/ (minuscules sans "
            "accents, chiffres et tirets), la valeur son libellé.", required=True, key_pattern=DOMAIN_KEY),
    Setting("groups", "labels", "Groupes de support",
            "Les groupes de support vers lesquels un arbre peut escalader (« escalate ») : la clé est le code "
            "du groupe, la valeur son libellé.", required=True),
    Setting("review_every", "section", "Intervalles de revue",
            "L'intervalle de revue par défaut de chaque type d'article et des arbres (tree), par exemple "
            "« 12 months ». Un article ou un arbre peut le remplacer par sa propre clé « review_every ».",
            children=(_review("procedure", "les procédures"), _review("faq", "les FAQ"),
                      _review("incident", "les incidents"), _review("tutorial", "les tutoriels"),
                      _review("reference", "les références"), _review("tree", "les arbres de résolution"))),
    Setting("pil05", "section", "Indicateur PIL05",
            "Réglages de l'indicateur PIL05 : la part des éléments publiés revus dans leur intervalle.",
            children=(
                Setting("target", "number", "Cible",
                        "La part visée d'éléments publiés revus à temps, entre 0 et 1 ; 0.95 par défaut.",
                        default=0.95, minimum=0, maximum=1),
                Setting("due_soon", "interval", "À revoir bientôt",
                        "La fenêtre « à revoir bientôt » avant l'échéance d'une revue, par exemple « 30 days » "
                        "(valeur par défaut).", default="30 days"))),
    Setting("time_limits", "section", "Délais de traitement",
            "Les délais de la convention de service : le niveau 1 résout ou escalade à temps. « kb check » "
            "avertit quand le pire parcours d'un arbre les dépasse.",
            children=(
                Setting("escalate_within", "duration", "Escalader en",
                        "Le temps maximal avant une escalade, par exemple « 20 min »."),
                Setting("resolve_within", "duration", "Résoudre en",
                        "Le temps maximal avant une résolution, par exemple « 25 min »."))),
    Setting("mediawiki", "section", "Export MediaWiki", "Réglages de l'export vers le wiki (GIDE).",
            children=(
                Setting("title_prefix", "text", "Préfixe des titres",
                        "Le préfixe des titres de pages sur le wiki ; « CSU: » par défaut. Mettez-le entre "
                        "guillemets s'il contient « : ».", default="CSU:"),
                Setting("category", "text", "Catégorie",
                        "La catégorie des pages exportées ; « Base de connaissance CSU » par défaut.",
                        default="Base de connaissance CSU"))),
    Setting("synonyms", "synonyms", "Synonymes",
            "Le jargon du centre de services, utilisé par la recherche et le chatbot : des groupes d'au moins "
            "deux termes équivalents, par exemple [mdp, mot de passe]."),
    Setting("placeholders", "labels", "Paramètres",
            "Les valeurs propres à l'organisation, écrites {{ nom }} dans les articles et les arbres. La clé : "
            "minuscules sans accents, chiffres et « _ », commençant par une lettre ; la valeur : le texte qui "
            "la remplace.", key_pattern=PLACEHOLDER_NAME),
    Setting("allowlist", "texts", "Données autorisées",
            "Des valeurs publiques, écrites exactement comme dans le texte (numéros de téléphone, adresses "
            "électroniques), que le contrôle CT005 des données personnelles ne doit pas signaler."),
    Setting("images", "section", "Images",
            "Réglages des images rangées dans kb/<domaine>/images/ et trees/<domaine>/images/.",
            children=(
                Setting("max_size", "text", "Taille maximale",
                        "Au-delà, « kb check » avertit (IM002) : par exemple « 800 Ko » ou « 2 Mo » ; « 500 Ko » "
                        "par défaut.", default="500 Ko"),)),
    Setting("severity", "severities", "Sévérités",
            "Change la sévérité d'un contrôle : la clé est son code (par exemple CT003), la valeur l'une de :"),
    Setting("usage", "bool", "Mesure d'utilisation",
            "true par défaut : les pages du site demandent le petit fichier _kb/u.gif à chaque étape d'un arbre et "
            "à chaque recherche, et « kb usage » lit ces demandes dans le journal du serveur web. false désactive "
            "ces signaux (voir docs/usage.md).", default=True),
    Setting("categories", "texts", "Catégories de tickets",
            "Le catalogue des catégories de tickets de l'outil de gestion des services, par exemple « Messagerie > "
            "Outlook » ; les articles, les arbres et leurs fins ne peuvent déclarer que celles-ci (contrôle RF007), "
            "et « kb coverage » compte couvert par un élément tout ticket d'une catégorie qu'il déclare."),
    Setting("portal", "section", "Portail des usagers",
            "Le portail d'auto-dépannage construit par « kb build --audience user » : les articles et les arbres "
            "publiés dont le public comprend « user », sans aucune donnée réservée aux agents (voir docs/portal.md).",
            children=(
                Setting("title", "text", "Titre du portail",
                        "Le titre affiché en tête du portail ; « Assistance : trouvez la solution vous-même » par "
                        "défaut.", default="Assistance : trouvez la solution vous-même"),
                Setting("intro", "text", "Introduction",
                        "Le paragraphe d'accueil du portail (Markdown, paramètres {{ nom }} acceptés).",
                        default="Cherchez votre problème avec la loupe, ou choisissez un thème. Chaque fiche dit "
                                "quoi faire, pas à pas."),
                Setting("contact", "text", "Contacter le support",
                        "Comment joindre le support quand une fiche ne suffit pas, montré à la fin d'un parcours sans "
                        "solution et sur l'accueil (Markdown, paramètres {{ nom }} acceptés, par exemple "
                        "« Appelez le {{ numero_support }}. »).",
                        default="Contactez le support informatique de votre service."),
                Setting("itsm_url", "url", "Adresse du portail de demandes",
                        "L'adresse, en http:// ou https://, où un usager ouvre une demande (portail de l'outil de "
                        "gestion des services) ; facultatif.", default=""))),
    Setting("tickets", "section", "Exports de tickets",
            "Comment « kb coverage » lit les exports de tickets de l'outil de gestion des services.",
            children=(
                Setting("columns", "labels", "Colonnes",
                        "L'en-tête de l'export pour un champ dont l'en-tête n'est pas reconnu : la clé est le champ "
                        "(id, created, category, summary, description, group, resolved_by, requester, email), "
                        "la valeur l'en-tête, par exemple « summary: Libellé court »."),
                Setting("level1", "texts", "Groupes de niveau 1",
                        "Les groupes dont la résolution compte comme niveau 1, par exemple [AIT]."),
                Setting("threshold", "number", "Seuil de confiance",
                        "La confiance minimale, entre 0 et 1, pour qu'un élément trouvé par la recherche couvre un "
                        "ticket ; 0.65 par défaut (calibrage : docs/coverage.md).", minimum=0, maximum=1))),
)

SEVERITY_LEVELS = {
    "error": "Erreur : fait échouer « kb check »",
    "warning": "Avertissement : signalé, ne fait échouer « kb check » qu'avec « --strict »",
    "info": "Information : signalé pour mémoire",
    "off": "Désactivé : le contrôle n'est plus signalé",
}


def setting(path: str) -> Setting:
    """The declaration of "key" or "section.key"."""
    top, _, rest = path.partition(".")
    found = next(s for s in SETTINGS if s.key == top)
    return found.child(rest) if rest else found


def default(path: str) -> Any:
    return setting(path).default

"""The catalogue of checks: every finding's stable code, default severity and fix.

The README's table of checks is generated from this list (a test keeps them in step).
"""
from __future__ import annotations

from dataclasses import dataclass

from builder.model import Finding, Pos, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Check:
    code: str
    severity: Severity
    meaning: str
    fix: str


CHECKS: dict[str, Check] = {c.code: c for c in [
    # files and YAML
    Check("YM001", E, "syntaxe YAML invalide", "corriger la ligne indiquée (guillemets, « : », indentation)"),
    Check("YM002", E, "clé en double dans un même dictionnaire", "supprimer ou renommer l'une des deux clés"),
    Check("YM003", E, "tabulation dans l'indentation", "remplacer les tabulations par des espaces"),
    Check("YM004", E, "fichier qui n'est pas en UTF-8", "réenregistrer le fichier en UTF-8"),
    Check("YM005", E, "fichier trop volumineux (plus de 1 Mio)", "découper l'article ou l'arbre"),
    Check("YM006", E, "alias qui se développent démesurément, alias récursif ou imbrication trop profonde",
          "écrire les valeurs sans ancres ni alias"),
    Check("YM007", E, "article sans front matter « --- » au début ou non refermé",
          "commencer le fichier par « --- », les métadonnées, puis « --- »"),
    Check("YM008", E, "le fichier n'est pas un unique dictionnaire YAML",
          "un seul document, de la forme « clé: valeur »"),
    Check("YM009", E, "fichier refusé sans être lu : lien symbolique qui sort de la racine, lien cassé, "
          "dossier en lien symbolique, tube nommé ou autre fichier spécial",
          "remplacer le lien par le fichier lui-même, ou le retirer"),
    # schema
    Check("SC001", E, "champ obligatoire manquant", "ajouter le champ (voir le format)"),
    Check("SC002", E, "valeur du mauvais type (texte, liste, dictionnaire…)", "écrire la valeur sous la forme attendue"),
    Check("SC003", E, "valeur hors de la liste autorisée (type, audience, statut, impact, urgence…)",
          "choisir l'une des valeurs proposées"),
    Check("SC004", E, "date invalide", "écrire la date au format AAAA-MM-JJ"),
    Check("SC005", E, "date dans le futur", "indiquer la date de la revue effectivement faite"),
    Check("SC006", E, "identifiant ou nom mal formé", "KB-0042 pour un article, TR-DOMAINE-01 pour un arbre, "
          "lettres, chiffres, « _ » et « - » pour un nœud"),
    Check("SC007", E, "clé inconnue", "corriger la faute de frappe ou retirer la clé"),
    Check("SC008", E, "domaine inconnu de kb.yaml", "choisir un domaine de kb.yaml ou l'y ajouter"),
    Check("SC009", E, "domaine différent du dossier du fichier", "déplacer le fichier ou corriger « domain »"),
    Check("SC010", E, "durée ou intervalle illisible", "écrire « 5 min », « 1 h », « 6 months » ou « 30 days »"),
    Check("SC011", E, "nœud sans type, ou avec plusieurs types", "un nœud a exactement une clé parmi ask, do, "
          "goto, resolved, escalate"),
    Check("SC012", E, "clé qui n'a pas de sens pour ce type de nœud", "retirer la clé ou changer le type du nœud"),
    Check("SC013", E, "élément publié jamais revu (« reviewed » absent) ; avertissement pour un brouillon",
          "relire l'élément puis lancer « kb review ID »"),
    Check("SC014", E, "fichier hors de l'arborescence attendue",
          "ranger les articles dans kb/<domaine>/ et les arbres dans trees/<domaine>/ (extension .md ou .yaml)"),
    # identity
    Check("ID001", E, "identifiant utilisé par deux éléments (les deux sont signalés)",
          "donner un nouvel identifiant à l'un des deux (« kb new » propose le suivant)"),
    # references
    Check("RF001", E, "référence à un identifiant inexistant (see, related, goto, lien dans un texte)",
          "corriger l'identifiant (suggestion proposée)"),
    Check("RF002", W, "élément publié qui cite un élément brouillon ou archivé",
          "publier l'élément cité ou retirer la référence"),
    Check("RF003", E, "groupe d'escalade inconnu de kb.yaml", "choisir un groupe de kb.yaml ou l'y ajouter"),
    Check("RF004", E, "référence du mauvais genre (see vers un arbre, goto vers un article)",
          "see cite des articles (KB-…), goto continue dans un arbre (TR-…)"),
    Check("RF005", E, "paramètre « {{ nom }} » absent de « placeholders » dans kb.yaml",
          "corriger le nom ou l'ajouter à kb.yaml"),
    Check("RF006", E, "lien qui ne mène à aucune page (identifiant en minuscules, chemin de fichier, chemin "
          "relatif, identifiant dans un lien de référence, un lien automatique ou un href)",
          "lier par l'identifiant : [texte](KB-0042) (suggestion proposée)"),
    Check("RF007", E, "catégorie de ticket absente de « categories » dans kb.yaml",
          "corriger la catégorie (suggestion proposée) ou l'ajouter au catalogue de kb.yaml"),
    Check("RF008", W, "élément pour les usagers qui cite un élément réservé aux agents (le portail n'en montre rien)",
          "ajouter « user » au public de l'élément cité, ou citer un élément pour les usagers"),
    Check("RF009", W, "groupe de support nommé dans un texte pour les usagers, hors d'une section « ## Pour l'agent »",
          "décrire ce qui se passe pour l'usager, ou ranger la phrase dans une section « ## Pour l'agent »"),
    # trees as graphs
    Check("TR101", E, "nœud de départ (start) inexistant", "nommer un nœud de « nodes »"),
    Check("TR102", E, "nœud cible (next) inexistant", "nommer un nœud de « nodes » (suggestion proposée)"),
    Check("TR103", W, "nœud inatteignable depuis le départ", "le relier au parcours ou le supprimer"),
    Check("TR104", E, "nœud d'où aucune fin (resolved ou escalate) n'est atteignable : impasse ou boucle sans issue",
          "ajouter une réponse qui mène à une résolution ou à une escalade"),
    Check("TR105", E, "cycle de « goto » entre arbres", "casser le cycle : un arbre ne doit pas revenir à lui-même"),
    Check("TR106", E, "question avec moins de deux réponses", "ajouter une réponse, ou en faire une action (do)"),
    Check("TR107", E, "deux réponses portent le même libellé", "donner des libellés distincts"),
    Check("TR108", W, "le pire parcours jusqu'à une escalade dépasse time_limits.escalate_within",
          "raccourcir le parcours ou escalader plus tôt"),
    Check("TR109", W, "le pire parcours jusqu'à une résolution dépasse time_limits.resolve_within",
          "raccourcir le parcours"),
    Check("TT001", E, "test d'arbre en échec (réponse introuvable, parcours inachevé ou autre fin atteinte)",
          "corriger le test ou l'arbre"),
    # content
    Check("CT001", E, "article sans contenu", "rédiger le corps de l'article sous le front matter"),
    Check("CT002", E, "TODO ou FIXME dans un élément publié", "terminer la rédaction ou repasser en brouillon"),
    Check("CT003", W, "image sans texte alternatif", "décrire l'image : ![description](image.png)"),
    Check("CT004", E, "HTML que le nettoyage du site retirerait (balise, attribut ou adresse hors liste autorisée)",
          "retirer le HTML ou l'écrire en Markdown"),
    Check("CT005", W, "ce qui ressemble à un mot de passe, une clé ou un jeton (erreur dans un élément publié, "
          "avertissement dans un brouillon, blocs de code compris), ou à un numéro de téléphone personnel ou une "
          "adresse électronique personnelle dans un élément publié",
          "retirer la donnée, ou l'ajouter à « allowlist » dans kb.yaml si elle est publique"),
    Check("CT006", E, "élément publié qui contient encore le texte du modèle de « kb new »",
          "rédiger le contenu, ou repasser l'élément en brouillon"),
    # images (kb/<domaine>/images/, trees/<domaine>/images/)
    Check("IM001", E, "image introuvable (lien vers un fichier absent, ou rangé ailleurs que dans images/)",
          "ranger l'image dans le dossier images/ du domaine et l'écrire ![description](images/nom.png)"),
    Check("IM002", W, "image plus lourde que la limite (images.max_size dans kb.yaml, 500 Ko par défaut)",
          "réduire l'image (recadrer, PNG pour une capture, JPEG pour une photo)"),
    Check("IM003", W, "image que rien n'utilise", "l'afficher dans un article ou un arbre, ou la supprimer"),
    Check("IM004", E, "SVG dangereux : script, gestionnaire d'événement, référence externe ou XML illisible",
          "réexporter le SVG sans script ni lien externe, ou utiliser une capture PNG"),
    Check("IM005", E, "nom de fichier d'image qui casserait une adresse ou le wiki (espace, accent, signe)",
          "renommer avec des lettres sans accents, des chiffres, « - », « _ » et « . »"),
    Check("IM006", E, "image illisible, ou dont le contenu n'est pas PNG, JPEG, WebP, GIF ou SVG",
          "réenregistrer l'image dans l'un de ces formats, avec l'extension qui lui correspond"),
    Check("IM007", E, "image prise hors de la base (adresse http, chemin absolu) : le site ne charge rien "
          "d'un autre serveur", "copier l'image dans le dossier images/ du domaine et la citer par son chemin"),
    # chatbot (kb check --chatbot, kb export chatbot): published articles and trees for users
    Check("CB001", W, "intention du robot (article pour les usagers) avec moins de 6 exemples (titre et questions)",
          "ajouter sous « questions » des phrases telles que les usagers les disent"),
    Check("CB002", E, "même exemple dans deux articles pour les usagers (les deux sont signalés)",
          "le garder dans l'article qui y répond le mieux, reformuler ou retirer l'autre"),
    Check("CB003", W, "exemples presque identiques dans deux articles (70 % de trigrammes communs ou plus)",
          "différencier les phrases par ce qui distingue vraiment les deux problèmes"),
    Check("CB004", W, "réponse ou étape du robot plus longue qu'une bulle de discussion (640 caractères)",
          "raccourcir le premier paragraphe de l'article, ou le texte de l'étape"),
    Check("CB005", W, "arbre pour les usagers que rien n'ouvre : aucun article pour les usagers ne le cite dans "
          "« related » et aucun arbre pour les usagers n'y mène",
          "citer l'arbre dans « related » de l'article qui décrit le même problème"),
    Check("CB006", W, "arbre pour les usagers qui continue (goto) dans un arbre qui ne l'est pas",
          "ajouter « user » à l'audience de l'arbre cible après relecture, ou escalader"),
    # freshness (git history)
    Check("FR001", W, "élément publié dont le contenu a changé dans git après sa dernière revue "
          "(« modifié sans revue »)", "relire l'élément puis lancer « kb review ID »"),
    # duplicates
    Check("DU001", W, "doublon probable : deux articles (ou deux arbres) publiés dont les titres ou les questions "
          "(les symptômes) sont presque identiques", "fusionner les deux éléments, ou reformuler pour les distinguer"),
]}


def finding(code: str, path: str, pos: Pos, message: str, hint: str = "",
            severity: Severity | None = None) -> Finding:
    """A finding of a catalogued check, at a 0-based position."""
    return Finding(path, pos.line + 1, pos.col + 1, severity or CHECKS[code].severity, code, message, hint)

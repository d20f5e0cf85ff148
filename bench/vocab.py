"""French IT-support vocabulary for the synthetic content generator (bench/synthetic.py).

Every noun phrase carries its determiner (« le », « la », « l' » or none) so that
the generator can write « mon », « du », « au »… without a grammar. Subjects
are singular, so that the predicates below agree with all of them. No entry
contains « : », « = », digits in phone-like runs or « @ »: the generated text
must never look like a password, a phone number or an e-mail address (CT005).
"""
from __future__ import annotations

# Domain key -> label, weight in the base, subjects, tags, escalation groups, owners, ASCII words for node names.
DOMAINS: dict[str, dict] = {
    "comptes": dict(
        weight=14,
        subjects=["le compte", "le mot de passe", "l'identifiant", "la double authentification",
                  "le code de vérification", "l'application d'authentification", "la carte agent",
                  "le profil utilisateur", "le compte de service", "l'habilitation", "le portail de réinitialisation",
                  "le verrouillage du compte", "l'annuaire", "la délégation d'accès", "le jeton d'accès"],
        tags=["compte", "mot de passe", "authentification", "mfa", "habilitation", "verrouillage", "identifiant",
              "sécurité", "annuaire"],
        groups=["AIT", "LP2I", "SSI"],
        owners=["equipe-comptes", "cellule-ssi"],
        words=["compte", "mdp", "identifiant", "mfa", "code", "carte", "profil", "annuaire", "jeton", "acces"]),
    "messagerie": dict(
        weight=14,
        subjects=["la boîte aux lettres", "la messagerie", "Outlook", "l'agenda", "la boîte partagée",
                  "le message", "la pièce jointe", "la signature", "le calendrier partagé", "la règle de tri",
                  "le répondeur d'absence", "la liste de diffusion", "le quota de la boîte",
                  "l'invitation à la réunion", "le carnet d'adresses"],
        tags=["messagerie", "outlook", "agenda", "boîte partagée", "pièce jointe", "délégation", "quota",
              "courriel"],
        groups=["N2-O365", "AIT", "LP2I"],
        owners=["equipe-messagerie", "integrateur-o365"],
        words=["bal", "outlook", "agenda", "partagee", "piece_jointe", "signature", "quota", "regle", "absence"]),
    "collaboration": dict(
        weight=10,
        subjects=["Teams", "l'équipe Teams", "le canal", "OneDrive", "la synchronisation OneDrive",
                  "le site SharePoint", "la bibliothèque de documents", "le partage de fichiers", "la conversation",
                  "le lien de partage", "la réunion Teams", "le fichier partagé", "la corbeille du site",
                  "l'espace collaboratif"],
        tags=["teams", "onedrive", "sharepoint", "partage", "synchronisation", "réunion", "canal", "collaboratif"],
        groups=["N2-O365", "PLMT-PROXIMITE"],
        owners=["equipe-collaboration", "integrateur-o365"],
        words=["teams", "canal", "onedrive", "synchro", "sharepoint", "bibliotheque", "lien", "corbeille"]),
    "bureautique": dict(
        weight=10,
        subjects=["Word", "Excel", "PowerPoint", "LibreOffice", "le document", "le classeur", "la macro",
                  "le modèle de document", "l'export en PDF", "la licence Microsoft 365",
                  "le correcteur orthographique", "la mise en page", "le fichier verrouillé", "la suite bureautique",
                  "l'enregistrement automatique"],
        tags=["word", "excel", "libreoffice", "pdf", "licence", "modèle", "macro", "format de fichier"],
        groups=["PLMT-PROXIMITE", "N2-O365"],
        owners=["equipe-bureautique", "integrateur-o365"],
        words=["word", "excel", "libreoffice", "document", "classeur", "macro", "modele", "pdf", "licence"]),
    "poste-de-travail": dict(
        weight=14,
        subjects=["le poste de travail", "l'ordinateur portable", "la station d'accueil", "l'écran", "le clavier",
                  "la batterie", "le BIOS", "le disque dur", "la session Windows", "le chiffrement BitLocker",
                  "le ventilateur", "le pilote graphique", "le centre logiciel", "la mise à jour Windows",
                  "le profil local"],
        tags=["poste de travail", "windows", "portable", "écran", "bitlocker", "mise à jour", "matériel",
              "centre logiciel"],
        groups=["PLMT-PROXIMITE", "PLMT-LOGISTIQUE", "LP2I"],
        owners=["equipe-poste", "proximite-n2", "logistique"],
        words=["poste", "portable", "dock", "ecran", "clavier", "batterie", "bios", "disque", "session",
               "bitlocker", "pilote"]),
    "impression": dict(
        weight=8,
        subjects=["l'imprimante", "le copieur multifonction", "la file d'impression", "le pilote d'impression",
                  "le badge d'impression", "le scanner", "la numérisation vers la messagerie", "le bac papier",
                  "la cartouche de toner", "le bourrage papier", "l'impression recto verso",
                  "le serveur d'impression", "la libération d'impression"],
        tags=["impression", "imprimante", "copieur", "numérisation", "badge", "toner", "pilote"],
        groups=["TIERS-IMPRESSION", "PLMT-PROXIMITE", "PLMT-LOGISTIQUE"],
        owners=["equipe-impression", "logistique"],
        words=["imprimante", "copieur", "file", "pilote", "badge", "scanner", "bac", "toner", "bourrage"]),
    "reseau": dict(
        weight=10,
        subjects=["le VPN", "la connexion Wi-Fi", "le réseau filaire", "la borne Wi-Fi", "le proxy",
                  "le câble réseau", "la prise murale", "le client VPN", "le certificat Wi-Fi", "la carte réseau",
                  "l'adresse IP", "la résolution des noms", "le partage réseau", "le réseau invité"],
        tags=["réseau", "vpn", "wi-fi", "proxy", "télétravail", "connexion", "câble", "certificat"],
        groups=["LP2I", "PLMT-PROXIMITE", "SSI"],
        owners=["equipe-reseau", "proximite-n2"],
        words=["vpn", "wifi", "filaire", "borne", "proxy", "cable", "prise", "certificat", "dns", "ip"]),
    "telephonie": dict(
        weight=7,
        subjects=["le téléphone fixe", "le smartphone professionnel", "la messagerie vocale", "le renvoi d'appel",
                  "le softphone", "la ligne", "le casque", "la carte SIM", "le code PIN", "l'annuaire téléphonique",
                  "la tonalité", "le transfert d'appel", "la gestion de flotte mobile", "le poste d'accueil"],
        tags=["téléphonie", "mobile", "smartphone", "messagerie vocale", "renvoi", "softphone", "sim"],
        groups=["PLMT-TELEPHONIE", "N2-TELEPHONIE"],
        owners=["equipe-telephonie"],
        words=["fixe", "mobile", "vocale", "renvoi", "softphone", "ligne", "casque", "sim", "tonalite"]),
    "multimedia": dict(
        weight=5,
        subjects=["la visioconférence", "la caméra", "le micro", "le haut-parleur", "la salle de réunion",
                  "l'écran de projection", "le partage d'écran", "le câble HDMI", "le boîtier de visioconférence",
                  "le webinaire", "le son", "la diffusion en direct", "l'enregistrement de la réunion",
                  "le vidéoprojecteur"],
        tags=["visioconférence", "caméra", "micro", "salle de réunion", "son", "projection", "webinaire"],
        groups=["PLMT-PROXIMITE", "PLMT-LOGISTIQUE"],
        owners=["equipe-multimedia", "logistique"],
        words=["visio", "camera", "micro", "son", "salle", "projection", "hdmi", "boitier", "webinaire"]),
    "applications": dict(
        weight=8,
        subjects=["l'application métier", "le portail intranet", "le logiciel de gestion", "la base de données",
                  "le formulaire en ligne", "l'habilitation applicative", "le module de paie",
                  "la session applicative", "le certificat du serveur", "le client lourd", "le service web",
                  "le tableau de bord", "l'export des données", "la version du logiciel"],
        tags=["application métier", "intranet", "habilitation", "navigateur", "certificat", "paie", "export"],
        groups=["LP2I", "PLMT-PROXIMITE"],
        owners=["equipe-applications"],
        words=["appli", "intranet", "logiciel", "base", "formulaire", "paie", "client", "service", "export"]),
}

OWNERS = ["gestion-connaissance", "equipe-comptes", "equipe-messagerie", "equipe-collaboration", "equipe-bureautique",
          "equipe-poste", "equipe-impression", "equipe-reseau", "equipe-telephonie", "equipe-multimedia",
          "equipe-applications", "cellule-ssi", "plateau-n1-nord", "plateau-n1-sud", "proximite-n2",
          "integrateur-o365", "logistique", "c.martin", "a.durand", "j.petit"]

# git authors of the optional history
PEOPLE = ["Amélie Durand", "Jérôme Petit", "Claire Martin", "Sébastien Moreau", "Hélène Lefèvre", "François Girard",
          "Inès Bonnet", "Loïc Mercier", "Gaëlle Fontaine", "Noël Rousseau", "Léa Chevalier", "Benoît Faure"]

GENERIC_SUBJECTS = ["le poste de travail", "l'ordinateur portable", "la session Windows", "le navigateur", "l'écran",
                    "la station d'accueil", "le centre logiciel", "l'antivirus", "le pare-feu", "la mise à jour",
                    "le portail de support", "le profil itinérant", "le lecteur réseau", "le certificat",
                    "la carte à puce", "le lecteur de carte", "le pilote graphique", "le dossier partagé",
                    "la connexion", "le logiciel", "le menu Démarrer", "la barre des tâches",
                    "l'explorateur de fichiers", "le chiffrement du disque", "la mise en veille"]

GENERIC_TAGS = ["windows", "support", "sécurité", "télétravail", "nouvel arrivant", "dépannage", "bonnes pratiques"]

# predicates of a singular subject: something is wrong / works again
STATES = ["ne répond plus", "ne fonctionne plus", "affiche un message d'erreur", "se ferme sans prévenir",
          "redémarre en boucle", "ne s'ouvre pas", "refuse la connexion", "demande sans cesse une authentification",
          "fonctionne de façon intermittente", "met très longtemps à répondre", "n'apparaît plus",
          "ne se synchronise plus", "affiche un avertissement de sécurité", "perd la connexion régulièrement",
          "se fige au démarrage", "signale une erreur inconnue", "ne se met pas à jour", "bloque l'accès aux données",
          "provoque un écran noir", "consomme toute la mémoire", "ralentit tout le poste",
          "ne trouve plus le serveur"]
GOOD_STATES = ["fonctionne de nouveau", "répond normalement", "s'ouvre sans erreur", "se synchronise correctement",
               "est de nouveau disponible", "fonctionne sans message d'erreur", "retrouve un comportement normal"]

# (imperative, 3rd person, infinitive, past participle), each followed by an object
VERBS = [
    ("vérifiez", "vérifie", "vérifier", "vérifié"), ("redémarrez", "redémarre", "redémarrer", "redémarré"),
    ("ouvrez", "ouvre", "ouvrir", "ouvert"), ("fermez", "ferme", "fermer", "fermé"),
    ("réinitialisez", "réinitialise", "réinitialiser", "réinitialisé"),
    ("mettez à jour", "met à jour", "mettre à jour", "mis à jour"),
    ("désactivez puis réactivez", "désactive puis réactive", "désactiver puis réactiver", "désactivé puis réactivé"),
    ("reconfigurez", "reconfigure", "reconfigurer", "reconfiguré"), ("testez", "teste", "tester", "testé"),
    ("contrôlez", "contrôle", "contrôler", "contrôlé"),
    ("débranchez puis rebranchez", "débranche puis rebranche", "débrancher puis rebrancher",
     "débranché puis rebranché"),
    ("sélectionnez", "sélectionne", "sélectionner", "sélectionné"), ("relancez", "relance", "relancer", "relancé"),
    ("réinstallez", "réinstalle", "réinstaller", "réinstallé"), ("signalez", "signale", "signaler", "signalé"),
    ("déconnectez puis reconnectez", "déconnecte puis reconnecte", "déconnecter puis reconnecter",
     "déconnecté puis reconnecté"),
    ("examinez", "examine", "examiner", "examiné"), ("paramétrez", "paramètre", "paramétrer", "paramétré"),
    ("sauvegardez", "sauvegarde", "sauvegarder", "sauvegardé"), ("réparez", "répare", "réparer", "réparé"),
    ("supprimez puis recréez", "supprime puis recrée", "supprimer puis recréer", "supprimé puis recréé"),
    ("identifiez", "identifie", "identifier", "identifié"), ("localisez", "localise", "localiser", "localisé"),
    ("rafraîchissez", "rafraîchit", "rafraîchir", "rafraîchi"), ("validez", "valide", "valider", "validé"),
]
TITLE_VERBS = ["configurer", "installer", "désinstaller", "paramétrer", "réinitialiser", "sauvegarder", "restaurer",
               "partager", "synchroniser", "déverrouiller", "activer", "désactiver", "diagnostiquer", "dépanner",
               "utiliser", "migrer", "sécuriser", "mettre à jour", "réparer", "retrouver"]

COMPLEMENTS = ["depuis le portail de support", "dans les paramètres du poste", "avant de rappeler le support",
               "sans fermer la session", "après le redémarrage", "en télétravail", "sur site", "dès que possible",
               "avec l'aide du conseiller", "pendant quelques minutes", "à l'aide du menu contextuel",
               "selon la procédure habituelle", "en cas de doute", "depuis un autre poste", "en mode sans échec",
               "avec un compte administrateur", "sur le réseau du ministère", "hors du réseau du ministère",
               "à partir du centre logiciel", "en présence de l'agent", "avant la fin de la journée",
               "pour l'ensemble du service", "sous Windows 11", "sur un téléphone mobile", "dans Microsoft 365"]
TITLE_COMPLEMENTS = ["sur un poste portable", "en télétravail", "depuis le portail", "pour un nouvel agent",
                     "après un changement de poste", "sur un téléphone mobile", "sous Windows 11",
                     "dans Microsoft 365", "en cas de panne", "pour toute une équipe", "sur un poste partagé",
                     "après une mise à jour", "hors du réseau du ministère"]
CAUSES = ["à cause d'une mise à jour incomplète", "après un changement de mot de passe",
          "en raison d'un certificat expiré", "lorsque le cache est saturé", "à la suite d'une coupure réseau",
          "quand le profil est corrompu", "après une mise en veille prolongée", "à cause d'un pilote obsolète",
          "lorsque le disque est presque plein", "après une migration de poste", "en raison d'un droit manquant",
          "quand l'horloge du poste est décalée"]
ACTORS = ["le conseiller", "le technicien de proximité", "l'agent", "l'appelant", "le correspondant informatique",
          "le responsable du service", "l'équipe de niveau 2", "le support de proximité", "l'administrateur",
          "le gestionnaire de parc"]
OPENERS = ["Ensuite", "En général", "Si nécessaire", "Le cas échéant", "Au besoin", "Par précaution",
           "Dans un premier temps", "Dans tous les cas", "Le plus souvent", "En pratique", "À défaut"]
SCOPES = ["aux postes du ministère", "aux agents en télétravail", "à tous les sites", "aux comptes nominatifs",
          "aux équipements fournis par la logistique", "aux utilisateurs de Microsoft 365",
          "aux services centraux comme aux services déconcentrés", "aux agents nouvellement arrivés"]
APPROVALS = ["sans l'accord du support", "sans l'accord de l'équipe de niveau 2",
             "sans l'accord du responsable du service", "sans validation de la sécurité des systèmes d'information"]
AFTERS = ["après le redémarrage du poste", "après la déconnexion de la session", "après la mise à jour",
          "sur un autre poste", "en dehors du réseau du ministère", "avec un autre navigateur"]
TICKET_INFOS = ["le nom du poste", "l'identifiant de l'appelant", "le message d'erreur exact (capture)",
                "l'heure du premier incident", "le site et le bureau", "les vérifications déjà faites",
                "le numéro de série de l'équipement", "le nom de l'application et sa version",
                "la liste des agents touchés", "le mode de connexion (site ou télétravail)",
                "le numéro de rappel professionnel", "le degré d'urgence ressenti par l'agent"]
PLACEHOLDER_SENTENCES = [
    "En cas de doute, contactez le support au {{ numero_support }}.",
    "Le suivi de la demande se fait sur le portail de support ({{ portail_support }}).",
    "Le changement de mot de passe se fait sur {{ portail_mot_de_passe }}.",
    "Le logiciel s'installe depuis le catalogue ({{ catalogue_logiciels }}).",
    "Transférez tout message suspect à {{ adresse_signalement }}.",
]

SECTIONS = {
    "procedure": ["Contexte", "Prérequis", "Avant de commencer", "Procédure", "Étapes détaillées", "Vérifications",
                  "Si le problème persiste", "Points d'attention", "Informations à recueillir", "Après l'intervention"],
    "faq": ["En bref", "Pourquoi cela arrive-t-il ?", "Que faire tout de suite ?", "Comment l'éviter ?",
            "Questions fréquentes", "Et si cela ne suffit pas ?", "Bon à savoir"],
    "incident": ["Symptômes", "Périmètre", "Causes possibles", "Contournement", "Résolution", "Escalade",
                 "Communication aux agents", "Suivi"],
    "tutorial": ["Objectif", "Ce dont vous avez besoin", "Premiers pas", "Aller plus loin", "Astuces",
                 "Pour résumer", "Exercice pratique"],
    "reference": ["Présentation", "Paramètres de référence", "Valeurs attendues", "Compatibilité", "Limites connues",
                  "Glossaire", "Contacts"],
}
ADMONITIONS = [("note", "Bon à savoir"), ("tip", "Astuce"), ("warning", "Attention"), ("info", "Pour les agents du support"),
               ("note", "À retenir"), ("warning", "Important")]
TABLE_HEADERS = [("Élément", "État attendu", "Action"), ("Symptôme", "Cause probable", "Que faire"),
                 ("Situation", "Interlocuteur", "Délai")]
DELAYS = ["immédiat", "sous une heure", "dans la journée", "sous deux jours ouvrés", "selon la priorité"]

# (question template or None for a yes/no question, answer labels)
ANSWER_SETS = {
    2: [(None, ["Oui", "Non"]), (None, ["Oui", "Non"]), (None, ["Oui", "Non"]), (None, ["Oui", "Non ou ne sait pas"]),
        (None, ["Oui, tout fonctionne", "Non, toujours en panne"]),
        ("Où se trouve l'appelant ?", ["Sur site", "En télétravail"]),
        ("Sur quel type de poste le problème se produit-il ?", ["Poste fixe", "Poste portable"]),
        ("Combien d'agents sont concernés ?", ["Un seul agent", "Plusieurs agents"]),
        ("Comment le poste est-il connecté au réseau ?", ["Filaire", "Wi-Fi"])],
    3: [(None, ["Oui", "Non", "Ne sait pas"]), (None, ["Oui", "Non", "Ne sait pas"]),
        ("Quel mode de connexion l'appelant utilise-t-il ?", ["Filaire", "Wi-Fi", "VPN"]),
        ("Où se trouve l'appelant ?", ["Sur site", "En télétravail", "En déplacement"]),
        ("Quand le problème apparaît-il ?", ["Immédiatement", "Après quelques minutes", "De façon aléatoire"]),
        ("Quelle est l'étendue du problème ?", ["Un seul agent", "Tout le service", "Plusieurs sites"])],
    4: [("Quel système utilise l'appelant ?", ["Windows 11", "Windows 10", "macOS", "Linux"]),
        ("Que voit l'appelant à l'écran ?", ["Aucun message", "Message d'erreur", "Écran noir", "Écran bleu"]),
        ("Depuis quand le problème dure-t-il ?", ["Moins d'une heure", "Depuis ce matin", "Depuis hier",
                                                  "Depuis plus longtemps"]),
        (None, ["Oui", "Non", "En partie", "Ne sait pas"]),
        ("Quel type d'application est concerné ?", ["Application web", "Logiciel installé", "Application mobile",
                                                    "Ne sait pas"])],
}

"""A realistic ITSM (Matrix42 « AdN ») export for `kb coverage`, generated from a seed.

Several topics the shipped library covers, in varied phrasings; several recurring
problems it does not (the planted gaps), among them a near miss that shares a word
with a covered topic (a building-access badge versus badge printing); one-off noise;
requester names, e-mail addresses and phone numbers in the texts; a few broken rows.
Written as Matrix42 and Excel write it: `;`-separated, Windows-1252.

    python tests/coverage/make_export.py OUT.csv [--tickets N] [--seed S]
"""
from __future__ import annotations

import argparse
import csv
import io
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

HEADER = ["N° ticket", "Date de création", "Demandeur", "E-mail demandeur", "Catégorie", "Objet", "Description",
          "Groupe de résolution", "Résolu par", "Statut"]
START = datetime(2026, 6, 1, 8, 0)
DAYS = 182  # six months: June to November


@dataclass(frozen=True)
class Topic:
    name: str
    kind: str  # "covered" | "gap" | "noise"
    weight: float
    category: str
    phrasings: tuple[str, ...]
    items: frozenset[str] = frozenset()  # the items that rightly cover it (covered topics)


COVERED = [
    Topic("mdp-expire", "covered", 8, "Comptes > Mot de passe",
          ("Mot de passe expiré", "Mot de passe expiré, impossible d'ouvrir ma session", "MDP expiré",
           "Mon mot de passe a expiré", "Changer mon mot de passe expiré"),
          frozenset({"KB-0001", "TR-COMPTES-01", "KB-0002", "KB-0003"})),
    Topic("mdp-oublie", "covered", 5, "Comptes > Mot de passe",
          ("Mot de passe oublié", "J'ai oublié mon mot de passe", "Réinitialisation du mot de passe oublié"),
          frozenset({"KB-0002", "TR-COMPTES-01", "KB-0001"})),
    Topic("compte-verrouille", "covered", 6, "Comptes > Compte",
          ("Compte verrouillé", "Mon compte est verrouillé", "Compte verrouillé après plusieurs essais",
           "Déverrouiller mon compte"),
          frozenset({"KB-0005", "KB-0004", "TR-COMPTES-02"})),
    Topic("outlook-reception", "covered", 6, "Messagerie > Outlook",
          ("Outlook ne reçoit plus de messages", "Plus aucun mail reçu dans Outlook", "Outlook ne reçoit plus les mails"),
          frozenset({"KB-0011", "TR-MESSAGERIE-01"})),
    Topic("bal-pleine", "covered", 6, "Messagerie > Boîte aux lettres",
          ("Boîte aux lettres pleine", "BAL pleine", "Boîte mail pleine, impossible d'envoyer",
           "Ma boîte aux lettres est pleine"),
          frozenset({"KB-0013", "TR-MESSAGERIE-02", "KB-0015"})),
    Topic("vpn", "covered", 7, "Réseau > VPN",
          ("Le VPN ne se connecte pas", "VPN ne fonctionne pas en télétravail", "Impossible de se connecter au VPN",
           "Connexion VPN qui se coupe"),
          frozenset({"KB-0221", "KB-0220", "TR-RESEAU-01", "KB-0222"})),
    Topic("imprimante", "covered", 6, "Impression > Imprimante",
          ("L'imprimante n'imprime pas", "Mon document ne s'imprime pas", "Imprimante qui n'imprime plus",
           "Impression impossible sur l'imprimante du service"),
          frozenset({"TR-IMPRESSION-01", "KB-0212", "KB-0213", "KB-0216"})),
    Topic("teams-son", "covered", 5, "Collaboration > Teams",
          ("Pas de son dans Teams", "Teams : pas de son pendant les réunions", "Micro Teams ne fonctionne pas",
           "Mon micro ne fonctionne pas dans Teams"),
          frozenset({"KB-0100", "KB-0101", "TR-COLLABORATION-01"})),
    Topic("poste-lent", "covered", 5, "Poste de travail > Performances",
          ("Ordinateur très lent", "Mon PC est lent", "Lenteurs du poste de travail", "Poste très lent"),
          frozenset({"KB-0202", "KB-0203", "TR-POSTE-02"})),
    Topic("impression-badgee", "covered", 4, "Impression > Impression badgée",
          ("Impression badgée : documents introuvables au copieur",
           "Impossible de récupérer mes impressions au copieur avec mon badge", "Impression badgée ne fonctionne pas"),
          frozenset({"KB-0217", "TR-IMPRESSION-01"})),  # the printing tree has a badge-printing step
    Topic("wifi", "covered", 5, "Réseau > Wi-Fi",
          ("Pas de connexion Wi-Fi au bureau", "Le wifi ne fonctionne pas", "Impossible de se connecter au Wi-Fi"),
          frozenset({"KB-0224", "TR-RESEAU-02", "KB-0223"})),
]
GAPS = [
    Topic("parapheur", "gap", 5, "Applications > Parapheur",
          ("Parapheur électronique : document bloqué en attente de signature", "Impossible de signer dans le parapheur",
           "Parapheur : circuit de validation bloqué", "Le parapheur électronique ne s'ouvre pas",
           "Document bloqué dans le parapheur")),
    Topic("chorus", "gap", 4.5, "Applications > Chorus Pro",
          ("Chorus Pro : facture rejetée", "Erreur lors du dépôt d'une facture dans Chorus Pro",
           "Facture bloquée dans Chorus", "Chorus Pro : impossible de valider la facture")),
    Topic("windows-update", "gap", 4.5, "Poste de travail > Système",
          ("Mise à jour Windows en échec", "Windows Update bloqué à 30 %",
           "Échec d'installation des mises à jour Windows", "Le poste redémarre en boucle après une mise à jour Windows")),
    Topic("ensap", "gap", 4, "Applications > RH",
          ("Impossible d'accéder à l'ENSAP", "ENSAP : bulletin de paie introuvable",
           "Bulletins de paie non visibles sur l'ENSAP", "ENSAP : accès à mes bulletins de paie refusé")),
    # the near miss: shares « badge » with the badge-printing article, which must not cover it
    Topic("badge-acces", "gap", 4, "Services généraux > Badge d'accès",
          ("Badge d'accès au bâtiment ne fonctionne plus", "Mon badge n'ouvre plus la porte du bâtiment",
           "Badge d'accès désactivé", "Badge bâtiment refusé au portique")),
]
NOISE_OBJECTS = ["Tablette graphique", "Vidéoprojecteur de la salle B", "Agenda papier", "Clé 4G", "Lecteur DVD",
                 "Logiciel de cartographie", "Casque audio filaire", "Scanner de chèques", "Traceur A0",
                 "Appareil photo du service", "Onduleur", "Dictaphone", "Badgeuse horaire", "Écran tactile",
                 "Borne d'accueil", "Fax", "Machine à affranchir", "Disque dur externe", "Pavé numérique",
                 "Logiciel de statistiques", "Plastifieuse", "Micro-ondes de la cafétéria", "Ascenseur", "Store"]
NOISE_ISSUES = ["question sur l'utilisation", "demande de prêt", "renseignement", "remplacement souhaité",
                "bruit anormal", "câble manquant", "demande d'inventaire", "formation souhaitée", "pile à changer",
                "réglage", "garantie", "housse abîmée", "mode d'emploi introuvable", "déménagement"]
FIRST = ["Marie", "Jean", "Nathalie", "Philippe", "Sophie", "Laurent", "Isabelle", "Christophe", "Sandrine",
         "Frédéric", "Céline", "Stéphane", "Valérie", "Olivier", "Aurélie", "Thierry", "Émilie", "Grégory",
         "Hélène", "Sébastien", "Maëlle", "Jérôme", "Agnès", "François"]
LAST = ["Durand", "Lefebvre", "Moreau", "Girard", "Faure", "Rousseau", "Mercier", "Blanchard", "Guérin",
        "Boyer", "Chevalier", "Lemaire", "Perrin", "Morin", "Gauthier", "Roussel", "Fontaine", "Dufour",
        "Garnier", "Lambert", "Bonnet", "Fabre", "Leclerc", "Marchal", "Caron", "Brunet", "Meunier", "Picard"]
SUFFIXES = ["", "", "", "", " depuis ce matin", " - urgent", " (bureau 3.12)", " pour la deuxième fois",
            " merci de me rappeler", " !!"]
GROUPS_L1 = ["AIT"]
GROUPS_L2 = {"Comptes": "LP2I", "Messagerie": "N2-O365", "Collaboration": "N2-O365", "Réseau": "LP2I",
             "Impression": "TIERS-IMPRESSION", "Poste de travail": "PLMT-PROXIMITE", "Applications": "Éditeur métier",
             "Services généraux": "PLMT-LOGISTIQUE"}


@dataclass(frozen=True)
class Planted:
    """What the generator knows about each ticket: the truth the tests compare with."""

    topic: dict[str, Topic]  # ticket id → its topic
    names: list[str]  # every requester's full name
    emails: list[str]
    phones: list[str]
    bad_lines: list[int]  # 1-based file lines of the broken rows


def _phone(rng: random.Random) -> str:
    digits = [rng.randint(10, 99) for _ in range(4)]
    return rng.choice(["01", "06", "07"]) + "".join(f" {d:02d}" for d in digits)


def generate(tickets: int = 2400, seed: int = 14) -> tuple[list[list[str]], Planted]:
    """The data rows (header excluded) and the truth. A few rows are deliberately broken."""
    rng = random.Random(seed)
    topics = COVERED + GAPS
    weights = [t.weight for t in topics]
    noise_share = 0.08
    categories = sorted({t.category for t in topics})
    rows: list[list[str]] = []
    truth: dict[str, Topic] = {}
    names, emails, phones = [], [], []
    for number in range(tickets):
        ticket_id = f"I2026-{100000 + number:07d}"
        created = START + timedelta(minutes=rng.randrange(DAYS * 24 * 60))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{last.upper()} {first}"
        email = f"{_ascii(first)}.{_ascii(last)}@interieur.gouv.fr".lower()
        phone = _phone(rng)
        names.append(f"{first} {last}")
        emails.append(email)
        phones.append(phone)
        if rng.random() < noise_share:
            topic = Topic("noise", "noise", 0, "Autre > Autre", ())
            summary = f"{rng.choice(NOISE_OBJECTS)} : {rng.choice(NOISE_ISSUES)}"
        else:
            topic = rng.choices(topics, weights)[0]
            summary = rng.choice(topic.phrasings) + rng.choice(SUFFIXES)
            if rng.random() < 0.08:
                summary = f"Appel de {rng.choice(['M.', 'Mme'])} {last} : {summary}"
            elif rng.random() < 0.03:
                summary = f"{summary} - rappeler au {phone}"
        category = rng.choice(categories) if rng.random() < 0.07 else topic.category
        description = (f"Bonjour,\n{summary}. Je suis joignable au {phone} ou par courriel ({email}).\n"
                       f"Cordialement,\n{first} {last}")
        level1 = rng.random() < (0.8 if topic.kind == "covered" else 0.3)
        domain = topic.category.split(" > ")[0]
        group = "AIT" if level1 else GROUPS_L2.get(domain, "PLMT-PROXIMITE")
        resolved_by = "N1 - AIT" if level1 else f"N2 - {group}"
        truth[ticket_id] = topic
        rows.append([ticket_id, created.strftime("%d/%m/%Y %H:%M"), name, email, category, summary, description,
                     group, resolved_by, rng.choice(["Résolu", "Clos"])])
    rows.sort(key=lambda r: datetime.strptime(r[1], "%d/%m/%Y %H:%M"))
    broken = [lambda r: r[:5],  # a truncated row
              lambda r: [r[0], "31/02/2026 10:00", *r[2:]],  # a date that does not exist
              lambda r: [*r[:5], "", *r[6:]],  # no summary
              lambda r: [*r, "en trop", "encore"],  # extra fields
              lambda r: [r[0], "hier", *r[2:]]]
    spots = sorted(rng.sample(range(10, len(rows) - 10), len(broken)))
    for spot, damage in zip(spots, broken):
        rows[spot] = damage(rows[spot])
        truth.pop(rows[spot][0], None)
    return rows, Planted(truth, names, emails, phones, [])


def write_csv(path: Path, rows: list[list[str]], encoding: str = "cp1252", separator: str = ";") -> list[int]:
    """Writes the export; returns the file line where each broken row starts."""
    parts: list[str] = []
    one = io.StringIO(newline="")
    writer = csv.writer(one, delimiter=separator, lineterminator="\r\n")
    starts, line = [], 2
    for row in [HEADER, *rows]:
        if row is not HEADER and (len(row) != len(HEADER) or row[5] == "" or not row[1][:2].isdigit()
                                  or row[1].startswith("31/02")):
            starts.append(line)
        one.seek(0)
        one.truncate()
        writer.writerow(row)
        text = one.getvalue()
        parts.append(text)
        if row is not HEADER:
            line += text.count("\n")
    path.write_bytes("".join(parts).encode(encoding, errors="strict"))
    return starts


def _ascii(text: str) -> str:
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii()).replace(" ", "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--tickets", type=int, default=2400)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    rows, _ = generate(args.tickets, args.seed)
    write_csv(args.out, rows)
    print(f"{args.out} : {len(rows)} lignes")


if __name__ == "__main__":
    main()

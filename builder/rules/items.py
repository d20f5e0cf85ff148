"""Per-item checks that need kb.yaml or today's date: domain, review date."""
from __future__ import annotations

from datetime import date

from ..codes import finding
from ..model import Base, Finding
from ..suggest import did_you_mean, quoted_list


def check(base: Base, today: date) -> list[Finding]:
    found: list[Finding] = []
    domains = base.config.domains
    for item in base.items:
        folder = item.path.split("/")[1]
        if item.domain:
            if domains and item.domain not in domains:
                found.append(finding("SC008", item.path, item.at("domain"), f"domaine inconnu « {item.domain} »",
                                     did_you_mean(item.domain, domains)
                                     or f"domaines de kb.yaml : {quoted_list(domains, 12)}"))
            elif item.domain != folder:
                found.append(finding("SC009", item.path, item.at("domain"),
                                     f"le domaine « {item.domain} » ne correspond pas au dossier « {folder} »",
                                     f"déplacez le fichier dans {item.path.split('/')[0]}/{item.domain}/ "
                                     f"ou écrivez « domain: {folder} »"))
        if item.reviewed and item.reviewed > today:
            found.append(finding("SC005", item.path, item.at("reviewed"),
                                 f"date de revue dans le futur ({item.reviewed.isoformat()})",
                                 f"indiquez la date de la revue effectuée, au plus tard {today.isoformat()}"))
    return found

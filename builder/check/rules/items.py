"""Per-item checks that need kb.yaml or today's date: domain, review date."""
from __future__ import annotations

from datetime import date

from builder.codes import finding
from builder.model import Base, Finding
from builder.content.suggest import unknown_domain


def check(base: Base, today: date) -> list[Finding]:
    found: list[Finding] = []
    domains = base.config.domains
    for item in base.items:
        folder = item.path.split("/")[1]
        if item.domain:
            if problem := unknown_domain(item.domain, domains):
                found.append(finding("SC008", item.path, item.at("domain"), *problem))
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

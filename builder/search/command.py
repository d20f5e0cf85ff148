"""`kb search`: the best items first, as text or JSON."""
from __future__ import annotations

import json
from pathlib import Path

import click

from builder.command import command, known_domain, not_a_root, plural, root_option


@command(short_help="Chercher dans les articles et les arbres.")
@click.argument("words", nargs=-1, required=True, metavar="REQUÊTE...")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True, metavar="N",
              help="Nombre de résultats au plus.")
@click.option("--audience", type=click.Choice(["agent", "user"]),
              help="Seulement les éléments destinés aux agents du support (agent) ou aux usagers (user).")
@click.option("--domain", metavar="DOMAINE", help="Seulement ce domaine (une clé de « domains » dans kb.yaml).")
@click.option("--all", "everything", is_flag=True, help="Chercher aussi dans les brouillons et les éléments archivés.")
@click.option("--json", "as_json", is_flag=True, help="Résultats en JSON (format décrit dans le README).")
@root_option
def search(words: tuple[str, ...], limit: int, audience: str | None, domain: str | None, everything: bool,
           as_json: bool, root: Path) -> None:
    """Chercher dans les articles et les arbres publiés, les meilleurs d'abord.

    Sont cherchés le titre (qui compte le plus), les questions, les mots-clés et
    chaque section d'un article ; le titre, les symptômes et chaque nœud d'un
    arbre. Accents, majuscules, pluriels et élisions sont ignorés (« l'imprimante »
    trouve « imprimantes »), les fautes de frappe légères tolérées, et le jargon
    de « synonyms » dans kb.yaml compris (« mdp » trouve « mot de passe »). Des
    mots entre guillemets doivent se suivre ; « -mot » exclut un mot (après
    « -- » : kb search -- vpn -wifi). L'index (.kb/index/) est mis à jour avant
    chaque recherche, seulement pour les fichiers modifiés.
    """
    from rich.console import Console

    from builder.content.snapshot import NotAContentRoot
    from builder.search.api import ALL_STATUSES, PUBLISHED, SearchError
    from builder.search.index import config_of, updated_index
    from builder.search.manifest import scan
    from builder.search.render import as_json as json_results, hit_text

    query = " ".join(words).strip()
    if not query:
        raise click.BadParameter("la requête est vide", param_hint="REQUÊTE")
    try:
        files = scan(root)
    except NotAContentRoot:
        raise not_a_root(root) from None
    config = config_of(root)
    if domain is not None and domain not in config.domains:
        known_domain(domain, config.domains)
    errors = Console(stderr=True, highlight=False)
    try:
        with errors.status("Mise à jour de l'index de recherche…"):
            index, stats = updated_index(files, config)
        hits = index.search(query, limit, audience, domain, ALL_STATUSES if everything else PUBLISHED)
    except SearchError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(json_results(query, hits), ensure_ascii=False, indent=2))
        return
    out = Console(highlight=False, soft_wrap=True)
    for number, hit in enumerate(hits, 1):
        if number > 1:
            out.print()
        out.print(hit_text(number, hit))
    if (stats.indexed or stats.removed) and errors.is_terminal:
        click.echo(f"Index mis à jour : {plural(stats.indexed + stats.removed, 'fichier')}.", err=True)
    if not hits:
        click.echo(f"Aucun résultat pour « {query} ».", err=True)

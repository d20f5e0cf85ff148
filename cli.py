"""The `kb` command: parses options, calls builder/ and exporters/, prints, sets the exit status.

Exit status: 0 success, 1 the command ran and found errors, 2 misuse.
Heavy modules are imported inside the commands, so that `kb check` on an
unchanged base starts fast.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class FrenchFormatter(click.HelpFormatter):
    HEADINGS = {"Options": "Options", "Commands": "Commandes", "Arguments": "Arguments"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Utilisation : ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(self.HEADINGS.get(heading, heading))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Click's own words in option help (« [required] », « [default: x] ») in French."""
        french = [(term, text.replace("[default: ", "[par défaut : ").replace("; required]", " ; obligatoire]")
                   .replace("[required]", "[obligatoire]")) for term, text in rows]
        super().write_dl(french, col_max, col_spacing)


click.Context.formatter_class = FrenchFormatter


class FrenchHelpOption:
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Afficher cette aide et quitter."
        return option


class KbCommand(FrenchHelpOption, click.Command):
    pass


class KbSubGroup(FrenchHelpOption, click.Group):
    """A group of subcommands (`kb export …`), with the same French help."""

    command_class = KbCommand


_CLICK_MESSAGES = {
    "No such option": "option inconnue",
    "Missing argument": "argument manquant",
    "Missing option": "option manquante",
    "No such command": "commande inconnue",
    "Invalid value for": "valeur invalide pour",
    "is not one of": "n'est pas l'une des valeurs",
    "Got unexpected extra argument": "argument en trop",
    "Option '--": "l'option « --",
    "requires an argument": "attend une valeur",
    "does not exist": "n'existe pas",
}


def _french(message: str) -> str:
    for english, french in _CLICK_MESSAGES.items():
        message = message.replace(english, french)
    return message


class KbGroup(click.Group):
    """Turns every failure into a French message and the exit status of the contract."""

    command_class = KbCommand

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name or "kb", complete_var, False, **extra)
        except click.exceptions.Abort:
            click.echo("\nInterrompu.", err=True)
            sys.exit(1)
        except click.UsageError as error:
            if error.ctx is not None:
                click.echo(error.ctx.get_usage(), err=True)
            click.echo(f"Erreur : {_french(error.format_message())}", err=True)
            sys.exit(2)
        except click.ClickException as error:
            click.echo(f"Erreur : {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("\nInterrompu.", err=True)
            sys.exit(1)
        except Exception as error:  # a bug: say so in French, without a traceback unless asked
            if os.environ.get("KB_DEBUG"):
                raise
            click.echo(f"Erreur inattendue de kb ({type(error).__name__} : {error}). "
                       "Relancez avec KB_DEBUG=1 pour le détail et signalez-la.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def root_option(func: F) -> F:
    return click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                        metavar="DOSSIER",
                        help="Dossier de la base de connaissance (kb.yaml, kb/, trees/) ; "
                             "par défaut le dossier courant.")(func)


def parse_date(value: str | None, name: str = "--date") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"« {value} » n'est pas une date AAAA-MM-JJ", param_hint=name) from None


def load(root: Path) -> Any:
    """The loaded base, or a usage error when root is not a content repository."""
    from builder.load import load_base
    from builder.snapshot import NotAContentRoot
    try:
        return load_base(root)
    except NotAContentRoot:
        raise not_a_root(root) from None


def not_a_root(root: Path) -> click.UsageError:
    return click.UsageError(f"« {root} » n'est pas une base de connaissance : ni kb.yaml, ni kb/, ni trees/ "
                            "(placez-vous à la racine du contenu ou utilisez --root)")


@click.group(cls=KbGroup, context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...")
@click.version_option(package_name="csu-kb", message="kb %(version)s",
                      help="Afficher la version et quitter.")
@click.help_option("-h", "--help", help="Afficher cette aide et quitter.")
def kb() -> None:
    """Base de connaissance et arbres de résolution du centre de services.

    Les articles (kb/) et les arbres (trees/) sont écrits dans git ; kb les
    vérifie, y cherche, les parcourt dans le terminal, publie le site des
    agents, suit leur fraîcheur (PIL-05) et les exporte vers le wiki GIDE et
    un robot conversationnel. « kb COMMANDE --help » détaille chaque commande.
    """


# -- check --------------------------------------------------------------------------------
@kb.command(context_settings=CONTEXT, short_help="Vérifier la base et signaler chaque problème.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str), metavar="[CHEMINS]...")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              help="text : une ligne par problème, comme un compilateur ; json : un tableau d'objets.")
@click.option("--strict", is_flag=True, help="Échouer aussi sur les avertissements.")
@click.option("--no-cache", is_flag=True, help="Tout revérifier sans réutiliser le résultat précédent.")
@click.option("--chatbot", is_flag=True,
              help="Ajouter les vérifications du robot conversationnel (CB…) : exemples des intentions, "
                   "doublons entre articles, longueur des réponses, dépannages guidés.")
@root_option
def check(paths: tuple[str, ...], output: str, strict: bool, no_cache: bool, chatbot: bool, root: Path) -> None:
    """Vérifier toute la base et signaler chaque problème avec sa position.

    Chaque problème s'écrit CHEMIN:LIGNE:COLONNE: SÉVÉRITÉ CODE message.
    Avec des CHEMINS (fichiers ou dossiers, comme les passe pre-commit), seuls
    leurs problèmes sont affichés, mais les références sont vérifiées contre
    toute la base. Code de sortie : 0 sans erreur, 1 avec au moins une erreur
    (ou un avertissement avec --strict), 2 en cas de mauvaise utilisation.
    """
    from builder.check import check as run_check
    from builder.snapshot import NotAContentRoot
    try:
        report = run_check(root, paths, use_cache=not no_cache, chatbot=chatbot)
    except NotAContentRoot:
        raise not_a_root(root) from None
    if output == "json":
        click.echo(json.dumps([f.as_dict() for f in report.findings], ensure_ascii=False, indent=2))
    else:
        print_findings(report.findings)
        click.echo(summary(report.errors, report.warnings, report.files), err=True)
    sys.exit(1 if report.failed(strict) else 0)


def print_findings(findings: list[Any]) -> None:
    color = sys.stdout.isatty()
    styles = {"error": "red", "warning": "yellow", "info": "cyan"}
    for f in findings:
        line = f.text()
        if color:
            line = line.replace(f" {f.severity.value} ", " " + click.style(f.severity.value,
                                fg=styles[f.severity.value], bold=True) + " ", 1)
        click.echo(line)


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    return f"{count} {word if count < 2 else (plural_word or word + 's')}"


def summary(errors: int, warnings: int, files: int) -> str:
    if not errors and not warnings:
        return f"Aucun problème dans {plural(files, 'fichier')}."
    return f"{plural(errors, 'erreur')}, {plural(warnings, 'avertissement')} dans {plural(files, 'fichier')}."


# -- build and serve ---------------------------------------------------------------------
def checked_base(root: Path, strict: bool) -> tuple[Any, Any]:
    """Load the base once and check it; refuse to publish it with errors. Returns (base, snapshot)."""
    from builder.check import check as run_check
    from builder.load import load_base
    from builder.snapshot import NotAContentRoot, read_snapshot
    from builder.gcpause import cycle_collector_paused
    try:
        snapshot = read_snapshot(root)
    except NotAContentRoot:
        raise not_a_root(root) from None
    with cycle_collector_paused():
        base = load_base(root, snapshot)
        report = run_check(root, snapshot=snapshot, base=base)
    if report.failed(strict):
        print_findings(report.findings)
        click.echo(summary(report.errors, report.warnings, report.files), err=True)
        raise click.ClickException("site non publié : corrigez d'abord les problèmes ci-dessus (kb check)")
    return base, snapshot


@kb.command(context_settings=CONTEXT, short_help="Vérifier la base et construire le site des agents.")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER",
              help="Où écrire le site ; par défaut site/ sous la racine du contenu.")
@click.option("--strict", is_flag=True, help="Refuser aussi les avertissements (de kb check et de MkDocs).")
@root_option
def build(site_dir: Path | None, strict: bool, root: Path) -> None:
    """Vérifier la base, générer les pages et construire le site statique.

    Refuse de publier une base qui a des erreurs. Les pages sont générées dans
    .kb/docs, puis MkDocs construit le site (par défaut dans site/), que
    n'importe quel serveur web statique peut servir.
    """
    from rich.console import Console

    from builder.site.engine import SiteError, build as build_site
    from builder.site.generate import generate

    from builder.search import updated_index

    base, snapshot = checked_base(root, strict)
    console = Console(stderr=True)
    with console.status("Mise à jour de l'index de recherche…"):
        _, stats = updated_index(snapshot, base.config)
    click.echo(f"Index de recherche à jour ({plural(stats.indexed, 'fichier')} indexé"
               f"{'s' if stats.indexed > 1 else ''}, {stats.unchanged} inchangé{'s' if stats.unchanged > 1 else ''}).",
               err=True)
    with console.status("Génération des pages…"):
        generated = generate(base, date.today())
    target = (site_dir or base.root / "site").resolve()
    with console.status(f"Construction du site ({generated.pages} fichiers) avec MkDocs…"):
        try:
            warnings = build_site(generated.config_file, target)
        except SiteError as error:
            raise click.ClickException(str(error)) from None
    for warning in warnings:
        click.echo(f"MkDocs : {warning}", err=True)
    if strict and warnings:
        raise click.ClickException(f"{plural(len(warnings), 'avertissement')} de MkDocs avec --strict")
    click.echo(f"Site construit dans {target} ({plural(generated.pages, 'fichier')} générés). "
               "Servez ce dossier avec n'importe quel serveur web statique, ou lancez « kb serve ».")


@kb.command(context_settings=CONTEXT, short_help="Servir le site en le reconstruisant à chaque modification.")
@click.option("--dev-addr", default="127.0.0.1:8000", metavar="HÔTE:PORT",
              help="Adresse d'écoute ; par défaut 127.0.0.1:8000.")
@root_option
def serve(dev_addr: str, root: Path) -> None:
    """Servir le site pour les auteurs : chaque modification de kb/, trees/ ou
    kb.yaml régénère les pages et le navigateur se recharge.

    Les problèmes de contenu sont affichés dans le terminal sans arrêter le
    serveur. Arrêt avec Ctrl+C.
    """
    from builder.check import check as run_check
    from builder.load import load_base
    from builder.snapshot import read_snapshot
    from builder.site.engine import serve as serve_site
    from builder.site.generate import generate

    base, _ = checked_base(root, strict=False)
    generated = generate(base, date.today())

    def regenerate() -> bool:
        snapshot = read_snapshot(root)
        fresh = load_base(root, snapshot)
        report = run_check(root, snapshot=snapshot, base=fresh)
        print_findings(report.findings)
        generate(fresh, date.today())
        click.echo(f"Pages régénérées ({summary(report.errors, report.warnings, report.files)})", err=True)
        return True

    click.echo(f"Site servi sur http://{dev_addr}/ — Ctrl+C pour arrêter.", err=True)
    serve_site(generated.config_file, dev_addr, regenerate,
               [base.root / "kb", base.root / "trees", base.root / "kb.yaml"])


# -- run ----------------------------------------------------------------------------------
@kb.command(context_settings=CONTEXT, short_help="Parcourir un arbre et produire le diagnostic.")
@click.argument("tree_id", metavar="ARBRE")
@click.option("--vip", is_flag=True, help="L'appelant est VIP : la priorité d'escalade est P0.")
@root_option
def run(tree_id: str, vip: bool, root: Path) -> None:
    """Parcourir un arbre dans le terminal, puis afficher le diagnostic du ticket.

    Répondez par le numéro d'une réponse ; « b » revient à l'étape précédente,
    « q » arrête le parcours. Les « goto » continuent dans l'autre arbre.
    """
    from builder.diagnostic import fill, render
    from builder.suggest import did_you_mean
    from builder.walk import Walk, WalkError

    base = load(root)
    tree = base.tree(tree_id)
    if tree is None:
        hint = did_you_mean(tree_id, [t.id for t in base.trees])
        raise click.BadParameter(f"arbre « {tree_id} » introuvable" + (f" ({hint})" if hint else ""),
                                 param_hint="ARBRE")
    try:
        walk = Walk(base, tree)
        click.echo(click.style(f"{tree.id} — {tree.title}", bold=True))
        stopped = _interact(walk, base, fill)
    except WalkError as error:
        raise click.ClickException(f"{error} (lancez « kb check » pour corriger l'arbre)") from None
    click.echo()
    click.echo(click.style("Diagnostic à coller dans le ticket :", bold=True))
    click.echo(render(walk, base.config, vip))
    if stopped:
        sys.exit(1)


def _interact(walk: Any, base: Any, fill: Callable[[str, Any], str]) -> bool:
    """Ask until the walk reaches an end; True when the agent quits before."""
    from builder.markdown import links_as_text

    shown_tree = walk.current.tree.id
    while not walk.finished:
        step = walk.current
        node = step.node
        if step.tree.id != shown_tree:
            click.echo(click.style(f"→ Suite dans {step.tree.id} — {step.tree.title}", fg="cyan"))
            shown_tree = step.tree.id
        click.echo()
        if node.kind == "ask":
            click.echo(click.style(fill(node.text, base.config), bold=True))
        else:
            click.echo(click.style("Action : ", bold=True) + fill(node.text, base.config))
        if node.help:
            help_text = links_as_text(fill(node.help.value, base.config))
            click.echo("  Aide : " + help_text.strip().replace("\n", "\n         "))
        for ref in node.see:
            article = base.article(ref.target)
            click.echo(f"  À consulter : {ref.target}" + (f" — {article.title}" if article else ""))
        if node.kind == "ask":
            for number, label in enumerate(walk.answers(), 1):
                click.echo(f"  {number}. {label}")
            prompt = "Réponse (numéro, b = retour, q = quitter)"
        else:
            prompt = "Entrée quand c'est fait (b = retour, q = quitter)"
        choice = click.prompt(prompt, default="", show_default=False, prompt_suffix=" : ").strip()
        if choice.lower() == "q":
            click.echo("Parcours interrompu.")
            return True
        if choice.lower() == "b":
            if not walk.back():
                click.echo("(déjà au début de l'arbre)")
            continue
        if node.kind == "do":
            if choice == "":
                walk.done()
            else:
                click.echo("Appuyez sur Entrée, ou tapez b ou q.")
            continue
        labels = walk.answers()
        if choice.isdigit() and 1 <= int(choice) <= len(labels):
            walk.choose(labels[int(choice) - 1])
        elif choice in labels:
            walk.choose(choice)
        else:
            click.echo(f"Choix invalide : tapez un numéro de 1 à {len(labels)}, b ou q.")
    end = walk.current.node
    click.echo()
    click.echo(click.style("Fin : " + ("résolu" if end.kind == "resolved" else "escalade"), bold=True))
    return False


# -- new ----------------------------------------------------------------------------------
@kb.command(context_settings=CONTEXT, short_help="Créer un article ou un arbre avec le prochain identifiant.")
@click.argument("kind", type=click.Choice(["article", "tree"]))
@click.option("--domain", required=True, metavar="DOMAINE", help="Domaine (une clé de « domains » dans kb.yaml).")
@click.option("--title", required=True, metavar="TITRE", help="Titre de l'article ou de l'arbre.")
@click.option("--owner", metavar="RESPONSABLE", help="Responsable ; par défaut le nom de « git config user.name ».")
@click.option("--yes", "-y", is_flag=True, help="Créer sans demander, même si des éléments semblables existent.")
@root_option
def new(kind: str, domain: str, title: str, owner: str | None, yes: bool, root: Path) -> None:
    """Créer un article ou un arbre valide avec le prochain identifiant libre.

    Avant d'écrire, kb cherche les éléments existants dont le titre, les
    questions ou les symptômes ressemblent au nouveau titre (chercher avant de
    créer) ; s'il y en a, il les affiche et demande « Créer quand même ? ».
    Sans réponse (entrée non interactive), rien n'est créé : --yes crée sans
    demander. Le fichier est créé en brouillon (status: draft), daté
    d'aujourd'hui, dans kb/DOMAINE/ ou trees/DOMAINE/ ; son chemin est affiché.
    """
    from builder.authoring import default_owner, new_article, new_tree
    from builder.suggest import did_you_mean

    base = load(root)
    if domain not in base.config.domains:
        hint = did_you_mean(domain, base.config.domains) or "domaines : " + ", ".join(base.config.domains)
        raise click.BadParameter(f"domaine « {domain} » inconnu de kb.yaml ({hint})", param_hint="--domain")
    if not title.strip():
        raise click.BadParameter("le titre est vide", param_hint="--title")
    if not yes:
        _confirm_unlike_existing(root, title.strip())
    make = new_article if kind == "article" else new_tree
    path = make(base, domain, title.strip(), owner or default_owner(base.root), date.today())
    click.echo(path.relative_to(base.root).as_posix())


def _confirm_unlike_existing(root: Path, title: str) -> None:
    """List the items that look like the new title; go on only if the author says so."""
    from builder.model import STATUS_LABELS
    from builder.search import SearchError, updated_index

    try:
        index, _ = updated_index(root)
        similar = index.similar(title, limit=5)
    except SearchError as error:
        raise click.ClickException(f"{error} (ou relancez avec --yes)") from None
    if not similar:
        return
    click.echo("Des éléments existants ressemblent à ce titre :", err=True)
    for hit in similar:
        status = "" if hit.status == "published" else f", {STATUS_LABELS.get(hit.status, hit.status)}"
        click.echo(f"  {hit.id} — {hit.title} ({hit.path}{status})", err=True)
    try:
        answer = click.prompt("Créer quand même ? [o/N]", default="n", show_default=False, err=True,
                              prompt_suffix=" : ")
    except click.exceptions.Abort:
        answer = None
    if answer is None or answer.strip().lower() not in ("o", "oui", "y", "yes"):
        raise click.ClickException("rien n'a été créé" + (
            " : pas de réponse à « Créer quand même ? » (relancez avec --yes pour créer sans demander)"
            if answer is None else ""))


# -- search -------------------------------------------------------------------------------
@kb.command(context_settings=CONTEXT, short_help="Chercher dans les articles et les arbres.")
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

    from builder.snapshot import NotAContentRoot
    from builder.search import ALL_STATUSES, PUBLISHED, SearchError, config_of, updated_index
    from builder.search_manifest import scan
    from builder.search_render import as_json as json_results, hit_text
    from builder.suggest import did_you_mean

    query = " ".join(words).strip()
    if not query:
        raise click.BadParameter("la requête est vide", param_hint="REQUÊTE")
    try:
        files = scan(root)
    except NotAContentRoot:
        raise not_a_root(root) from None
    config = config_of(root)
    if domain is not None and domain not in config.domains:
        hint = did_you_mean(domain, config.domains) or "domaines : " + ", ".join(config.domains)
        raise click.BadParameter(f"domaine « {domain} » inconnu de kb.yaml ({hint})", param_hint="--domain")
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


# -- review -------------------------------------------------------------------------------
@kb.command(context_settings=CONTEXT, short_help="Marquer des éléments comme revus.")
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@click.option("--date", "day", metavar="AAAA-MM-JJ", help="Date de la revue (par défaut aujourd'hui).")
@root_option
def review(ids: tuple[str, ...], day: str | None, root: Path) -> None:
    """Marquer des articles ou des arbres comme revus.

    Réécrit seulement la ligne « reviewed » de chaque fichier : commentaires,
    ordre des clés et mise en forme restent intacts.
    """
    from builder.authoring import AuthoringError, set_reviewed
    from builder.suggest import did_you_mean

    when = parse_date(day) or date.today()
    if when > date.today():
        raise click.BadParameter(f"la date {when.isoformat()} est dans le futur", param_hint="--date")
    base = load(root)
    unknown = [i for i in ids if i not in base.by_id]
    if unknown:
        hints = [f"« {i} »" + (f" ({h})" if (h := did_you_mean(i, base.by_id)) else "") for i in unknown]
        raise click.BadParameter("identifiant inconnu : " + ", ".join(hints), param_hint="ID")
    for item_id in ids:
        item = base.by_id[item_id]
        try:
            set_reviewed(item, base.root, when)
        except AuthoringError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"{item_id} revu le {when.isoformat()} ({item.path})")


# -- export -------------------------------------------------------------------------------
@kb.group(cls=KbSubGroup, context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...",
          short_help="Exporter la base vers d'autres outils.")
def export() -> None:
    """Exporter la base vers d'autres outils : le wiki GIDE (MediaWiki), un robot conversationnel."""


@export.command("chatbot", context_settings=CONTEXT,
                short_help="Données du robot : corpus JSONL, projet Rasa, évaluation des intentions.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "rasa"]),
              help="jsonl : corpus de recherche, un objet JSON par section ; rasa : fichiers d'un projet Rasa 3.x.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER",
              help="Dossier où écrire les fichiers (créé au besoin ; nos fichiers y sont remplacés).")
@click.option("--include-stale", is_flag=True,
              help="Inclure les éléments en retard de revue, laissés de côté par défaut.")
@click.option("--evaluate", is_flag=True,
              help="Estimer par validation croisée si les exemples des articles distinguent bien les intentions.")
@root_option
def chatbot(fmt: str | None, out: Path | None, include_stale: bool, evaluate: bool, root: Path) -> None:
    """Exporter les articles et les arbres destinés aux usagers pour un robot conversationnel.

    Seuls les éléments publiés dont l'audience contient « user » sont exportés ;
    ceux en retard de revue sont laissés de côté (et comptés) sauf avec
    --include-stale. Toute la base est vérifiée d'abord, vérifications CB
    comprises : avec une erreur, rien n'est écrit (code de sortie 1).
    --evaluate affiche une estimation de la séparation des intentions.
    """
    from builder.snapshot import NotAContentRoot
    from exporters.chatbot import export as chatbot_export

    if fmt is None and not evaluate:
        raise click.UsageError("indiquez --format jsonl ou --format rasa (avec --out), ou --evaluate")
    if fmt is not None and out is None:
        raise click.UsageError("--format demande --out DOSSIER, le dossier où écrire les fichiers")
    today = date.today()
    try:
        if fmt is not None and out is not None:
            _export_chatbot(chatbot_export, root, fmt, out, today, include_stale)
        if evaluate:
            _evaluate_chatbot(chatbot_export, root, today, include_stale)
    except NotAContentRoot:
        raise not_a_root(root) from None


def _export_chatbot(module: Any, root: Path, fmt: str, out: Path, today: date, include_stale: bool) -> None:
    try:
        report = module.export(root, fmt, out, today, include_stale)
    except module.ExportRefused as refused:
        for f in refused.findings:
            if f.severity.value == "error" or f.code.startswith("CB"):
                click.echo(f.text(), err=True)
        errors = sum(f.severity.value == "error" for f in refused.findings)
        raise click.ClickException(f"export refusé : {plural(errors, 'erreur')} dans la base, rien n'a été écrit "
                                   "(corrigez-les, « kb check --chatbot » les liste)") from None
    except OSError as error:
        raise click.ClickException(f"impossible d'écrire dans « {out} » : {_os_reason(error)}") from None
    shown = [f for f in report.findings if f.code.startswith("CB")]
    for f in shown:
        click.echo(f.text(), err=True)
    others = len(report.findings) - len(shown)
    what = f"{plural(report.articles, 'article')}, {plural(report.trees, 'arbre')}"
    if fmt == "jsonl":
        what += f", {plural(report.chunks, 'section')}"
    click.echo(f"Export {fmt} écrit dans {out} : {what} ({', '.join(report.files)}).")
    if report.stale:
        ids = ", ".join(item.id for item in report.stale)
        click.echo(f"{plural(len(report.stale), 'élément')} en retard de revue laissé"
                   f"{'s' if len(report.stale) > 1 else ''} de côté : {ids} (--include-stale pour les inclure).")
    else:
        click.echo("Aucun élément en retard de revue laissé de côté.")
    if shown or others:
        click.echo(f"{plural(len(shown), 'avertissement')} du robot"
                   + (f", {plural(others, 'autre avertissement', 'autres avertissements')} (kb check)" if others
                      else "") + ".", err=True)


def _os_reason(error: OSError) -> str:
    import errno
    reasons = {errno.ENOENT: "chemin introuvable", errno.EACCES: "permission refusée",
               errno.EPERM: "opération non permise", errno.EROFS: "système de fichiers en lecture seule",
               errno.ENOSPC: "plus de place sur le disque", errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
               errno.EEXIST: "un fichier porte déjà ce nom"}
    return reasons.get(error.errno or 0, error.strerror or str(error))


def _evaluate_chatbot(module: Any, root: Path, today: date, include_stale: bool) -> None:
    from exporters.chatbot.evaluate import render
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("Validation croisée", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result, _ = module.evaluation(root, today, include_stale, progress=advance)
    click.echo(render(result))


# -- freshness ----------------------------------------------------------------------------
@kb.command(context_settings=CONTEXT, short_help="Fraîcheur de la base et indicateur PIL-05.")
@click.option("--at", "at_text", metavar="AAAA-MM-JJ",
              help="Date du calcul (par défaut aujourd'hui) ; une date passée lit l'historique git.")
@click.option("--history", "history_spec", metavar="AAAA-MM..AAAA-MM",
              help="Une ligne par mois, chaque mois pris à son dernier jour (le mois en cours à aujourd'hui).")
@click.option("--by", type=click.Choice(["domain", "owner"]),
              help="Les mêmes chiffres par domaine ou par responsable.")
@click.option("--format", "output", type=click.Choice(["table", "json", "csv"]), default="table",
              help="table : tableaux lisibles ; json et csv : schémas décrits dans le README.")
@click.option("--digest", "digest_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER",
              help="Écrire dans DOSSIER un fichier Markdown par responsable : ce qu'il doit revoir, "
                   "du plus urgent au moins urgent.")
@root_option
def freshness(at_text: str | None, history_spec: str | None, by: str | None, output: str,
              digest_dir: Path | None, root: Path) -> None:
    """Afficher la fraîcheur de la base et l'indicateur PIL-05.

    PIL-05 = éléments publiés « à jour » / éléments publiés. Sans --history :
    les chiffres à la date voulue puis les éléments en retard, à revoir
    bientôt, modifiés sans revue ou qui citent un élément en retard, du plus
    urgent au moins urgent. Avec --history : une ligne par mois, lue dans
    l'historique git (première branche parente). Une base hors d'un dépôt git
    n'a que les chiffres du jour.
    """
    from rich.console import Console

    from builder import freshness_output as out
    from builder.freshness import report_at
    from builder.git import GitError

    today = date.today()
    at = parse_date(at_text, "--at") or today
    if history_spec and (at_text or digest_dir):
        raise click.UsageError("--history ne se combine ni avec --at ni avec --digest")
    if history_spec:
        _freshness_history(history_spec, by, output, root, today)
        return
    base = load(root)
    try:
        with Console(stderr=True).status("Lecture de l'historique git…"):
            result = report_at(base, at, today, by)
    except GitError as error:
        raise click.ClickException(str(error)) from None
    if digest_dir is not None:
        from builder.digest import write_digests
        written = write_digests(result, base.config, digest_dir)
        for path in written:
            click.echo(path.as_posix())
        click.echo(f"{plural(len(written), 'fichier')} écrit{'s' if len(written) > 1 else ''} dans "
                   f"{digest_dir} ({plural(len(result.lines), 'élément')} à revoir).", err=True)
    elif output == "json":
        click.echo(json.dumps(out.report_json(result), ensure_ascii=False, indent=2))
    elif output == "csv":
        click.echo(out.report_csv(result), nl=False)
    else:
        out.print_report(result, base.config, out.console())


def _freshness_history(spec: str, by: str | None, output: str, root: Path, today: date) -> None:
    from rich.console import Console

    from builder import freshness_output as out
    from builder.freshness import PeriodError, history, periods
    from builder.git import GitError
    from builder.snapshot import is_content_root

    try:
        spans = periods(spec, today)
    except PeriodError as error:
        raise click.BadParameter(str(error), param_hint="--history") from None
    if not is_content_root(root):
        raise not_a_root(root)
    with Console(stderr=True).status("Lecture de l'historique git…") as spinner:
        def parsing(done: int, total: int) -> None:
            spinner.update(f"Analyse des versions passées (une seule fois, gardées sous .kb/) : {done} / {total}")
        try:
            rows = history(root.resolve(), spans, today, by, parsing)
        except GitError as error:
            raise click.ClickException(str(error)) from None
    if output == "json":
        click.echo(json.dumps(out.history_json(rows, by), ensure_ascii=False, indent=2))
    elif output == "csv":
        click.echo(out.history_csv(rows, by), nl=False)
    else:
        out.print_history(rows, by, out.console())


@export.command("mediawiki", context_settings=CONTEXT, short_help="Publier les articles et les arbres sur le wiki.")
@click.option("--url", metavar="URL", help="Adresse de l'API du wiki (https://serveur/w/api.php) : synchroniser.")
@click.option("--dump", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER.xml",
              help="Écrire les pages dans un export XML (schéma 0.11) pour importDump.php, sans wiki.")
@click.option("--dry-run", is_flag=True, help="Afficher ce qui serait fait, avec les différences, sans rien écrire.")
@click.option("--only", multiple=True, metavar="ID", help="Ne publier que cet élément (option répétable).")
@click.option("--force", multiple=True, metavar="PAGE",
              help="Écraser cette page même si une personne l'a modifiée (titre ou identifiant ; répétable).")
@click.option("--templates", is_flag=True, help="Créer ou mettre à jour aussi les modèles utilisés par les pages.")
@root_option
def export_mediawiki(url: str | None, dump: Path | None, dry_run: bool, only: tuple[str, ...],
                     force: tuple[str, ...], templates: bool, root: Path) -> None:
    """Publier les articles et les arbres publiés sur le wiki GIDE (MediaWiki).

    Avec --url, la synchronisation lit d'abord toutes les pages gérées (celles de la
    catégorie de kb.yaml qui portent le modèle « Fiche CSU »), puis crée les pages
    manquantes, met à jour celles dont la dernière version vient du compte de
    synchronisation, et laisse telles quelles celles qu'une personne a modifiées
    (conflits, avec le lien vers la différence), sauf --force PAGE. Un élément archivé
    ou supprimé laisse une page « fiche archivée ».

    Identifiants : un mot de passe de robot dans KB_MEDIAWIKI_USER et
    KB_MEDIAWIKI_PASSWORD, ou dans ~/.netrc ; jamais sur la ligne de commande.
    Code de sortie : 1 s'il reste un conflit ou une erreur.
    """
    if (url is None) == (dump is None):
        raise click.UsageError("indiquez soit --url (synchroniser le wiki), soit --dump (écrire un fichier XML)")
    if dump is not None and (dry_run or force):
        raise click.UsageError("--dry-run et --force ne concernent que la synchronisation (--url)")
    base = _exportable(root, only)
    from exporters.mediawiki.export import git_commit, wanted_pages
    from exporters.mediawiki.wikitext import ConversionError
    try:
        pages = wanted_pages(base, date.today(), only, templates)
    except ConversionError as error:
        raise click.ClickException(str(error)) from None
    commit = git_commit(base.root)
    if dump is not None:
        from exporters.mediawiki import dump as xml_dump
        xml_dump.write(dump, pages, f"kb export mediawiki (commit {commit})")
        click.echo(f"{plural(len(pages), 'page')} écrites dans {dump} ; à importer avec "
                   f"« php maintenance/importDump.php {dump.name} » sur le serveur du wiki.")
        return
    assert url is not None
    sys.exit(_sync(url, base, pages, commit, dry_run, force, only))


def _exportable(root: Path, only: tuple[str, ...]) -> Any:
    """The loaded base, refused while `kb check` finds errors in it."""
    from builder.check import check as run_check
    from builder.snapshot import NotAContentRoot
    from builder.suggest import did_you_mean
    try:
        report = run_check(root)
    except NotAContentRoot:
        raise not_a_root(root) from None
    if report.errors:
        raise click.ClickException(f"la base a {plural(report.errors, 'erreur')} : corrigez-les "
                                   "(« kb check ») avant de publier")
    base = load(root)
    published = {item.id for item in base.items if item.published}
    unknown = [i for i in only if i not in published]
    if unknown:
        hints = [f"« {i} »" + (f" ({h})" if (h := did_you_mean(i, published)) else "") for i in unknown]
        raise click.BadParameter("pas d'élément publié " + ", ".join(hints), param_hint="--only")
    return base


def _sync(url: str, base: Any, pages: Any, commit: str, dry_run: bool, force: tuple[str, ...],
          only: tuple[str, ...]) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from exporters.mediawiki.client import UsageProblem, WikiError
    from exporters.mediawiki.export import connect, report_lines, run

    try:
        wiki = connect(url)
    except UsageProblem as error:
        raise click.UsageError(str(error)) from None
    except WikiError as error:
        raise click.ClickException(str(error)) from None
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console,
                  transient=True, disable=dry_run) as progress:
        task = progress.add_task("Lecture du wiki", total=None)

        def planned(changes: Any) -> None:
            writes = sum(1 for c in changes if c.outcome.writes)
            progress.update(task, description="Écriture des pages", total=writes, completed=0)

        try:
            result = run(wiki, base, pages, commit=commit, dry_run=dry_run, force=force, only=only,
                         planned=planned, progress=lambda change: progress.advance(task))
        except WikiError as error:
            raise click.ClickException(str(error)) from None
    for line in report_lines(result):
        click.echo(line)
    return 1 if result.failed else 0


@kb.group("import", cls=KbSubGroup, context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...",
          short_help="Importer des pages d'un autre système.")
def import_() -> None:
    """Importer dans la base des pages d'un autre système : le wiki GIDE (MediaWiki)."""


@import_.command("mediawiki", context_settings=CONTEXT, short_help="Convertir des pages du wiki en articles.")
@click.option("--url", required=True, metavar="URL", help="Adresse de l'API du wiki (https://serveur/w/api.php).")
@click.option("--category", metavar="CATÉGORIE", help="Importer les pages de cette catégorie.")
@click.option("--title", "titles", multiple=True, metavar="TITRE", help="Importer cette page (option répétable).")
@click.option("--domain", metavar="DOMAINE",
              help="Domaine des articles créés ; sinon déduit des catégories de chaque page.")
@root_option
def import_mediawiki(url: str, category: str | None, titles: tuple[str, ...], domain: str | None,
                     root: Path) -> None:
    """Convertir des pages du wiki en articles brouillons dans kb/.

    Chaque page devient un article (nouvel identifiant, statut draft, responsable
    « à définir », date de revue vide : « kb check » demande une relecture). Les
    encadrés et les liens internes sont convertis ; un modèle inconnu est gardé
    visiblement et signalé. Aucun fichier existant n'est écrasé ; une page déjà
    présente dans la base est ignorée. Le rapport liste ce qu'une personne doit
    reprendre. Identifiants facultatifs (comme pour kb export mediawiki).
    """
    if not category and not titles:
        raise click.UsageError("indiquez --category ou au moins un --title")
    base = load(root)
    if domain is not None and domain not in base.config.domains:
        from builder.suggest import did_you_mean
        hint = did_you_mean(domain, base.config.domains) or "domaines : " + ", ".join(base.config.domains)
        raise click.BadParameter(f"domaine « {domain} » inconnu de kb.yaml ({hint})", param_hint="--domain")
    from exporters.mediawiki.client import UsageProblem, WikiError
    from exporters.mediawiki.export import connect
    from exporters.mediawiki.importer import fetch, import_pages, report_lines
    from exporters.mediawiki.wikitext import ConversionError
    try:
        wiki = connect(url, anonymous=True)
        fetched = fetch(wiki, category, titles)
        pages = import_pages(base, wiki, fetched, domain, category)
    except UsageProblem as error:
        raise click.UsageError(str(error)) from None
    except (WikiError, ConversionError) as error:
        raise click.ClickException(str(error)) from None
    lines, failed = report_lines(pages, titles)
    for line in lines:
        click.echo(line)
    sys.exit(1 if failed else 0)


def main() -> None:
    kb.main(prog_name="kb")


if __name__ == "__main__":
    main()

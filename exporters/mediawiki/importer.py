"""`kb import mediawiki`: wiki pages → draft articles in kb/, never over an existing file.

The wikitext is first read with mwparserfromhell, where templates and links are mapped
(admonition templates become `!!!` blocks, our own metadata and banner are dropped,
unknown templates are kept visibly as code and reported, categories become tags),
then pandoc writes the Markdown. Every article is a draft with an empty review date, so
that `kb check` asks for a review (SC013) before anyone publishes it.
"""
from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mwparserfromhell
import nh3
from mwparserfromhell.nodes import Template, Wikilink

from builder.content.atomic import write_text
from builder.content.printable import printable
from builder.authoring.files import free_path, next_article_id, slugify
from builder.content.snapshot import ARTICLES_DIR
from builder.model import Base
from builder.site.sanitize import md_text

from exporters.mediawiki.client import Wiki
from exporters.mediawiki.import_images import WikiImage, download, from_link, substitute
from exporters.mediawiki.naming import BANNER_TEMPLATE, METADATA_TEMPLATE, page_titles
from exporters.mediawiki.pages import exported
from exporters.mediawiki.remote import current_of, key, merge_pages
from exporters.mediawiki.wikitext import ConversionError, pandoc_path

FILTER = Path(__file__).parent / "filters" / "kb_import.lua"
OWNER = "à définir"
ADMONITIONS = {"note": "note", "remarque": "note", "information": "info", "info": "info", "astuce": "tip",
               "conseil": "tip", "attention": "warning", "avertissement": "warning", "important": "warning",
               "danger": "danger"}
DROPPED = {METADATA_TEMPLATE.casefold(), BANNER_TEMPLATE.casefold()}
CATEGORY_NS = ("catégorie", "category")
FILE_NS = ("fichier", "file", "image")
MARKDOWN = ("markdown-smart-raw_html-raw_attribute-fenced_divs-bracketed_spans-native_divs-native_spans"
            "-header_attributes-link_attributes-simple_tables-multiline_tables-grid_tables-inline_code_attributes"
            "-fenced_code_attributes+four_space_rule")
MAX_BYTES = 1_000_000  # pages larger than this are skipped: a wiki page of a procedure is a few KB
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_BLOCK = re.compile(r"^KBADMONITION(\d+)START\n\n(.*?)\n*^KBADMONITION\1END$", re.M | re.S)


@dataclass
class ImportedPage:
    title: str
    text: str
    item_id: str = ""
    path: str = ""  # relative to the content root, once written
    domain: str = ""
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a person must look at
    skipped: str = ""  # why the page was not imported
    blocked: bool = False  # skipped for a reason the user must fix (not « already there »)
    images: list[WikiImage] = field(default_factory=list)  # its [[Fichier:…]], brought back beside the draft


def fetch(wiki: Wiki, category: str | None, titles: Iterable[str]) -> list[tuple[str, str]]:
    """(title, wikitext) of the pages of a category or of the given titles, read in bulk."""
    pages: dict[str, dict[str, Any]] = {}
    props = {"prop": "revisions", "rvprop": "ids|user|comment|timestamp|content", "rvslots": "main",
             "formatversion": "2"}
    if category:
        for result in wiki.query(generator="categorymembers", gcmtitle=f"Category:{category}", gcmlimit="max",
                                 gcmtype="page", **props):
            merge_pages(pages, result.get("query", {}).get("pages", []))
    names = list(dict.fromkeys(titles))
    for start in range(0, len(names), 50):
        for result in wiki.query(titles="|".join(names[start:start + 50]), **props):
            merge_pages(pages, result.get("query", {}).get("pages", []))
    found = [current_of(page) for page in pages.values()]
    return sorted((c.title, c.text) for c in found if c is not None)


def _template_name(node: Template) -> str:
    name = str(node.name).strip().replace("_", " ")
    for prefix in ("Modèle:", "Template:", "modèle:", "template:"):
        name = name.removeprefix(prefix)
    return name


def prepare(page: ImportedPage, not_tags: set[str], links: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """The wikitext with templates and special links mapped, and the admonitions found."""
    code = mwparserfromhell.parse(page.text)
    blocks: list[tuple[str, str]] = []
    for node in code.filter_templates(recursive=False):
        name = _template_name(node)
        if name.casefold() in DROPPED:
            code.remove(node)
        elif name.casefold() in ADMONITIONS:
            content = str(node.get("1").value).strip() if node.has("1") else ""
            title = admonition_title(str(node.get("titre").value)) if node.has("titre") else ""
            number = len(blocks)
            blocks.append((ADMONITIONS[name.casefold()], title))
            code.replace(node, f"\n\nKBADMONITION{number}START\n\n{content}\n\nKBADMONITION{number}END\n\n")
        else:
            page.notes.append(f"modèle inconnu « {name} » gardé tel quel dans le texte : à réécrire")
            code.replace(node, f"<code><nowiki>{str(node).replace('</nowiki>', '')}</nowiki></code>")
    for link in code.filter_wikilinks():
        target = str(link.title).strip()
        namespace = target.split(":", 1)[0].strip().casefold() if ":" in target else ""
        if namespace in CATEGORY_NS:
            name = target.split(":", 1)[1].strip()
            if name and name.casefold() not in not_tags:
                page.tags.append(name)
            _remove(code, link)
        elif namespace in FILE_NS:
            image = from_link(link, len(page.images))
            page.images.append(image)
            code.replace(link, image.token)
        elif target and not target.startswith("#") and key(target.split("#")[0]) not in links:
            page.notes.append(f"lien vers « {target} », page hors de la base : il pointe vers le wiki")
    return str(code), blocks


def admonition_title(wikitext: str) -> str:
    """An admonition's title as plain words: wiki and HTML markup dropped, what is left escaped
    for Markdown (the title is rendered inline, where raw HTML and links would be live)."""
    text = html.unescape(nh3.clean(mwparserfromhell.parse(wikitext).strip_code(), tags=set()))
    return md_text(" ".join(text.split())).replace('"', "'")


def _remove(code: mwparserfromhell.wikicode.Wikicode, node: Wikilink) -> None:
    try:
        code.remove(node)
    except ValueError:
        pass


def to_markdown(wikitext: str, blocks: list[tuple[str, str]], links: dict[str, str], wiki_prefix: str) -> str:
    import json
    args = [pandoc_path(), "--from", "mediawiki", "--to", MARKDOWN, "--wrap=none", "--lua-filter", str(FILTER),
            "-M", f"kb-links={json.dumps(links)}", "-M", f"kb-wiki={wiki_prefix}"]
    try:
        done = subprocess.run(args, input=wikitext.encode("utf-8"), capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ConversionError(f"pandoc n'a pas pu être lancé : {error}") from None
    if done.returncode != 0:
        raise ConversionError("pandoc a échoué : " + done.stderr.decode("utf-8", "replace")[:2000])
    markdown = done.stdout.decode("utf-8")

    def admonition(match: re.Match[str]) -> str:
        kind, title = blocks[int(match.group(1))]
        body = "\n".join(("    " + line) if line.strip() else "" for line in match.group(2).strip().split("\n"))
        head = f'!!! {kind} "{title.replace(chr(34), chr(39))}"' if title else f"!!! {kind}"
        return f"{head}\n{body}"
    return _BLOCK.sub(admonition, markdown).strip() + "\n"


def _yaml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def article_text(page: ImportedPage, title: str, body: str) -> str:
    tags = ", ".join(_yaml(t) for t in page.tags)
    return (f"---\nid: {page.item_id}\ntitle: {_yaml(title)}\ntype: procedure\naudience: [agent]\n"
            f"domain: {page.domain}\ntags: [{tags}]\nowner: {OWNER}\nreviewed:\nstatus: draft\n---\n\n"
            f"# {title}\n\n{body}")


def plain_title(base: Base, wiki_title: str) -> str:
    """The article's title: without kb.yaml's prefix, on one line, without control characters (NUL…)."""
    prefix = base.config.mediawiki_title_prefix
    title = wiki_title[len(prefix):] if prefix and wiki_title.startswith(prefix) else wiki_title
    return " ".join(_CONTROL.sub(" ", title).split()) or "Sans titre"


def guess_domain(base: Base, page: ImportedPage, domain: str | None) -> str:
    if domain:
        return domain
    labels = {label.casefold(): key for key, label in base.config.domains.items()}
    for tag in page.tags:
        if tag.casefold() in labels or tag.casefold() in base.config.domains:
            return labels.get(tag.casefold(), tag.casefold())
    return ""


def import_pages(base: Base, wiki: Wiki, fetched: list[tuple[str, str]], domain: str | None,
                 category: str | None = None, max_bytes: int = MAX_BYTES) -> list[ImportedPage]:
    """Write one draft article per page; pages already in the base, without a domain or over
    `max_bytes` (converting them would take minutes and give an unreadable article) are skipped.

    The page's categories become tags, except kb.yaml's and the imported `category`.
    """
    not_tags = {base.config.mediawiki_category.casefold(), (category or "").casefold()}
    known = {key(title): item_id for item_id, title in page_titles(base.config, exported(base)).items()}
    titles_in_base = {item.title.casefold(): item.id for item in base.articles}
    pages = [ImportedPage(title, text) for title, text in fetched]
    number = int(next_article_id(base)[3:])
    for page in pages:
        size = len(page.text.encode("utf-8"))
        if size > max_bytes:
            page.skipped = (f"page trop grande ({size / 1e6:.1f} Mo, limite {max_bytes / 1e6:g} Mo)".replace(".", ",")
                            + " : découpez-la "
                            "sur le wiki, ou relancez avec --max-size")
            continue
        existing = titles_in_base.get(plain_title(base, page.title).casefold()) or known.get(key(page.title))
        if existing:
            page.skipped = f"déjà dans la base ({existing})"
            continue
        page.item_id, number = f"KB-{number:04d}", number + 1
    links = {**known, **{key(p.title): p.item_id for p in pages if p.item_id}}
    for page in pages:
        if page.skipped:
            continue
        wikitext, blocks = prepare(page, not_tags, links)
        page.domain = guess_domain(base, page, domain)
        label = base.config.domains.get(page.domain, page.domain).casefold()
        page.tags = [t for t in page.tags if t.casefold() not in (label, page.domain)]
        if page.domain not in base.config.domains:
            page.skipped = "domaine inconnu : précisez --domain (une clé de « domains » dans kb.yaml)"
            page.blocked = True
            continue
        body = to_markdown(wikitext, blocks, links, f"{wiki.server}{wiki.script}?title=")
        if page.images:
            download(wiki, base.root, page.domain, page.images)
            body = substitute(body, page.images, f"{ARTICLES_DIR}/{page.domain}")
            page.notes += [f"image « {i.name} » non récupérée : {i.problem}" for i in page.images if i.problem]
        title = plain_title(base, page.title)
        path = free_path(base.root / ARTICLES_DIR / page.domain, slugify(title), ".md")
        write_text(path, article_text(page, title, body))
        page.path = path.relative_to(base.root).as_posix()
    return pages


def report_lines(pages: list[ImportedPage], asked: Iterable[str]) -> tuple[list[str], bool]:
    """What was written, what a person must take up, and whether the import failed (missing, no domain)."""
    found = {key(p.title) for p in pages}
    missing = [t for t in asked if key(t) not in found]
    lines = [f"Introuvable sur le wiki : {printable(title)}" for title in missing]
    for page in pages:
        if page.skipped:
            lines.append(f"Ignorée : {printable(page.title)} — {page.skipped}")
            continue
        lines.append(f"{page.path} ({page.item_id}) ← {printable(page.title)}")
        lines += [f"    image : {i.local}" for i in page.images if i.local]
        lines += [f"    à reprendre : {note}" for note in page.notes]
    written = sum(1 for p in pages if p.path)
    if written:
        lines.append("À faire par une personne pour chaque article : relire le texte, choisir le type, le public "
                     "et le responsable, puis « kb review ID » et « status: published ».")
    ignored = len(pages) - written
    lines.append(f"{written} article{'s' if written > 1 else ''} créé{'s' if written > 1 else ''} en brouillon, "
                 f"{ignored} page{'s' if ignored > 1 else ''} ignorée{'s' if ignored > 1 else ''}.")
    return lines, bool(missing or any(p.blocked for p in pages))

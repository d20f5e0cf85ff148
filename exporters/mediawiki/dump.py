"""The pages as a MediaWiki XML export (schema 0.11), for `importDump.php`.

For a wiki the sync cannot reach: an administrator imports the file. Page and revision
ids are placeholders (the importing wiki gives its own); one revision per page.
"""
from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

from builder.content.atomic import write_bytes

from exporters.mediawiki.pages import Page

NS = "http://www.mediawiki.org/xml/export-0.11/"
SCHEMA = "http://www.mediawiki.org/xml/export-0.11.xsd"
CONTRIBUTOR = "csu-kb"
TEMPLATE_NS = 10


def sha1_base36(text: str) -> str:
    """The revision hash as MediaWiki writes it: SHA-1 in base 36, 31 digits."""
    number = int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16)
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[rest] + digits
    return digits.rjust(31, "0")


def namespace_of(title: str) -> int:
    return TEMPLATE_NS if title.split(":", 1)[0] in ("Template", "Modèle") else 0


def render(pages: list[Page], summary: str, when: datetime | None = None) -> bytes:
    when = (when or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    root = ET.Element("mediawiki", {"xmlns": NS, "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                                    "xsi:schemaLocation": f"{NS} {SCHEMA}", "version": "0.11", "xml:lang": "fr"})
    info = ET.SubElement(root, "siteinfo")
    ET.SubElement(info, "generator").text = "csu-kb (kb export mediawiki --dump)"
    ET.SubElement(info, "case").text = "first-letter"
    for number, page in enumerate(pages, 1):
        node = ET.SubElement(root, "page")
        ET.SubElement(node, "title").text = page.title
        ET.SubElement(node, "ns").text = str(namespace_of(page.title))
        ET.SubElement(node, "id").text = str(number)
        revision = ET.SubElement(node, "revision")
        ET.SubElement(revision, "id").text = str(number)
        ET.SubElement(revision, "timestamp").text = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        ET.SubElement(ET.SubElement(revision, "contributor"), "username").text = CONTRIBUTOR
        ET.SubElement(revision, "comment").text = f"{summary} : {page.item_id or page.title}"
        ET.SubElement(revision, "origin").text = str(number)
        ET.SubElement(revision, "model").text = "wikitext"
        ET.SubElement(revision, "format").text = "text/x-wiki"
        text = ET.SubElement(revision, "text", {"bytes": str(len(page.text.encode("utf-8"))),
                                                 "sha1": sha1_base36(page.text), "xml:space": "preserve"})
        text.text = page.text
        ET.SubElement(revision, "sha1").text = sha1_base36(page.text)
    ET.indent(root, "  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write(path: Path, pages: list[Page], summary: str) -> None:
    write_bytes(path, render(pages, summary))

"""The bot's images: alternative text and absolute address in the corpus, by section; the Rasa answer's image."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import DATA, invoke

from test_chatbot_rasa import SCHEMAS, rasa, schema_errors  # noqa: F401 (the fixture)

SITE = "https://connaissance.example"


def base_for_users(tmp_path: Path) -> Path:
    root = tmp_path / "base"
    shutil.copytree(DATA / "images", root)
    article = root / "kb/impression/vider-file.md"
    text = article.read_text(encoding="utf-8").replace("audience: [agent]", "audience: [agent, user]")
    text = text.replace("![Schéma du circuit", "## Comprendre le circuit\n\nLe document passe par le serveur.\n\n"
                                            "![Schéma du circuit")
    article.write_text(text, encoding="utf-8")
    tree = root / "trees/impression/imprimante.yaml"
    tree.write_text(tree.read_text(encoding="utf-8").replace("audience: [agent]", "audience: [agent, user]"),
                    encoding="utf-8")
    return root


def test_each_section_carries_its_images_with_alt_text_and_absolute_address(tmp_path: Path) -> None:
    root = base_for_users(tmp_path)
    result = invoke("export", "chatbot", "--format", "jsonl", "--out", str(tmp_path / "out"), "--root", str(root))
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in map(json.loads, (tmp_path / "out/corpus.jsonl").read_text().splitlines())}
    assert records["KB-0001#0"]["images"] == [
        {"alt": "La file d'attente avec deux documents bloqués",
         "url": f"{SITE}/images/kb/impression/file-attente.png"}]
    assert records["KB-0001#1"]["section"] == "Comprendre le circuit"
    assert records["KB-0001#1"]["images"] == [
        {"alt": "Schéma du circuit d'impression", "url": f"{SITE}/images/kb/impression/schema.svg"}]
    assert records["TR-IMPRESSION-01#0"]["images"] == []
    assert records["TR-IMPRESSION-01#1"]["images"] == [
        {"alt": "Le voyant vert en façade", "url": f"{SITE}/images/trees/impression/voyant.png"}]


def test_the_rasa_answer_of_an_article_carries_its_first_image(tmp_path: Path, rasa: Path) -> None:
    root = base_for_users(tmp_path)
    result = invoke("export", "chatbot", "--format", "rasa", "--out", str(tmp_path / "rasa"), "--root", str(root))
    assert result.exit_code in (0, 1), result.output  # the bot's own warnings (few examples) do not matter here
    domain = (tmp_path / "rasa/domain.yml").read_text(encoding="utf-8")
    assert f"image: {SITE}/images/kb/impression/file-attente.png" in domain
    assert schema_errors(rasa, domain, SCHEMAS["domain.yml"]) == []  # Rasa's own schema accepts it

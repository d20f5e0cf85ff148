"""A real git repository of content, built commit by commit at chosen dates."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

KB_YAML = """\
title: Base de test
domains:
  reseau: Réseau
  impression: Impression
groups:
  N2: Niveau 2
review_every:
  procedure: 6 months
  faq: 12 months
  incident: 3 months
  tutorial: 12 months
  reference: 12 months
  tree: 6 months
pil05:
  target: 0.75
  due_soon: 30 days
"""


def article(item_id: str, title: str, *, type: str = "procedure", domain: str = "reseau",
            owner: str = "equipe-reseau", reviewed: str = "2026-01-10", status: str = "published",
            body: str = "Redémarrer le poste puis relancer le client VPN.") -> str:
    return (f"---\nid: {item_id}\ntitle: {title}\ntype: {type}\naudience: [agent]\ndomain: {domain}\n"
            f"owner: {owner}\nreviewed: {reviewed}\nstatus: {status}\n---\n\n# {title}\n\n{body}\n")


def tree(item_id: str, title: str, *, reviewed: str, see: str = "KB-0002", question: str = "Le voyant est-il vert ?",
         domain: str = "reseau", owner: str = "equipe-reseau", status: str = "published") -> str:
    return (f"id: {item_id}\ntitle: {title}\ndomain: {domain}\naudience: [agent]\nowner: {owner}\n"
            f"reviewed: {reviewed}\nstatus: {status}\nstart: voyant\nnodes:\n"
            f"  voyant:\n    ask: {question}\n    see: [{see}]\n    answers:\n"
            f"      - {{label: Oui, next: fin}}\n      - {{label: Non, next: autre}}\n"
            f"  fin:\n    resolved: Réglé.\n  autre:\n    resolved: Réglé autrement.\n")


class GitRepo:
    def __init__(self, root: Path) -> None:
        self.root = root
        if not (root / ".git").exists():
            root.mkdir(parents=True, exist_ok=True)
            self.git("init", "-q", "-b", "main")

    def git(self, *args: str, when: str | None = None, author_when: str | None = None) -> str:
        env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
               "GIT_AUTHOR_NAME": "Gestion Connaissance", "GIT_AUTHOR_EMAIL": "gc@csu.example",
               "GIT_COMMITTER_NAME": "Gestion Connaissance", "GIT_COMMITTER_EMAIL": "gc@csu.example"}
        if when:
            env["GIT_COMMITTER_DATE"] = when
            env["GIT_AUTHOR_DATE"] = author_when or when
        done = subprocess.run(["git", "-C", str(self.root), *args], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def remove(self, path: str) -> None:
        (self.root / path).unlink()

    def move(self, old: str, new: str) -> None:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(self.root / old, self.root / new)

    def commit(self, when: str, message: str, author_when: str | None = None) -> None:
        """Commit everything at `when` (ISO 8601 with its time zone, as GIT_COMMITTER_DATE takes it)."""
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "--no-verify", "-m", message, when=when, author_when=author_when)

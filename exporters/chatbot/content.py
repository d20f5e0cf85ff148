"""What the chatbot gets from the base: the items for users, their intents and answers.

Shared by the corpus, the Rasa files, the checks and the evaluation, so that all
four see the same intents and the same texts.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from builder.resolution.diagnostic import fill
from builder.model import Article, Base, Item, Pos, Tree
from builder.freshness.review_state import State, state_at
from builder.content.markdown import without_agent_sections
from builder.content.urls import page_url

from exporters.chatbot.plain import Section, plain, sections

AUDIENCE = "user"
ANSWER_LIMIT = 640  # characters a chat bubble shows without scrolling on a phone (about 100 words)


def for_users(item: Item) -> bool:
    """Published and meant for users (self-help, chatbot)."""
    return item.published and AUDIENCE in item.audience


@dataclass
class Selection:
    """The items to export, and those left out because their review is overdue."""

    articles: list[Article]
    trees: list[Tree]
    stale: list[Item] = field(default_factory=list)


def select(base: Base, today: date, include_stale: bool = False) -> Selection:
    """Published user-audience items; overdue ones are kept only when asked."""
    chosen = Selection([], [])
    for item in sorted(base.items, key=lambda i: i.id):
        if not for_users(item) or not item.id:
            continue
        if state_at(item, base.config, today) is State.OVERDUE and not include_stale:
            chosen.stale.append(item)
        elif isinstance(item, Article):
            chosen.articles.append(item)
        elif isinstance(item, Tree):
            chosen.trees.append(item)
    return chosen


# -- intents ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Example:
    text: str
    pos: Pos  # where it is written: a `questions` or `symptoms` item, or the title


@dataclass
class Intent:
    name: str
    item: Item
    examples: list[Example]


def intent_name(item_id: str) -> str:
    """KB-0042 → kb_0042, TR-RESEAU-02 → tr_reseau_02 (what Rasa accepts everywhere)."""
    return re.sub(r"[^a-z0-9]+", "_", item_id.lower()).strip("_")


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation: two examples equal here are the same for a bot."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def one_line(text: str) -> str:
    """An example as Rasa reads it: one line, no [ ] { } (they would be taken for entity markup)."""
    return " ".join(re.sub(r"[\[\]{}]", " ", text).split())


def intent_of(item: Item) -> Intent:
    """The item's title and its questions (articles) or symptoms (trees), each once."""
    phrases = item.questions if isinstance(item, Article) else item.symptoms if isinstance(item, Tree) else ()
    examples: list[Example] = []
    seen: set[str] = set()
    for text, pos in [(item.title, item.at("title")), *((p.value, p.pos) for p in phrases)]:
        line = one_line(text)
        key = normalise(line)
        if key and key not in seen:
            seen.add(key)
            examples.append(Example(line, pos))
    return Intent(intent_name(item.id), item, examples)


def intents(items: list[Item]) -> list[Intent]:
    return [intent_of(item) for item in items]


# -- texts --------------------------------------------------------------------------------
def linker(base: Base) -> Callable[[str, str], str]:
    """`link(id, anchor)`: the site address of another item, as the site writes it."""
    def link(item_id: str, anchor: str) -> str:
        item = base.by_id.get(item_id)
        return page_url(base.config, item, anchor or None) if item else item_id
    return link


def article_sections(base: Base, article: Article) -> list[Section]:
    """The article's sections as plain text, placeholders filled from kb.yaml; its « ## Pour l'agent » sections
    are left out, as on the users' portal."""
    return sections(fill(without_agent_sections(article.body), base.config), linker(base))


def short_answer(parts: list[Section]) -> str:
    """The first paragraph (with what it announces when it ends with « : »)."""
    blocks = [b for s in parts for b in s.blocks]
    if not blocks:
        return ""
    answer = blocks[0]
    if answer.endswith(":") and len(blocks) > 1:
        answer += "\n" + blocks[1]
    return answer


def article_answer(base: Base, article: Article) -> str:
    """What the bot says for an article's intent: the short answer and the link to the page."""
    answer = short_answer(article_sections(base, article))
    link = f"Pour en savoir plus : {page_url(base.config, article)}"
    return f"{answer}\n\n{link}" if answer else link


def text_of(markdown_text: str, base: Base) -> str:
    """A tree's text (question, action, help) as plain text, placeholders filled."""
    return plain(fill(markdown_text, base.config), linker(base))

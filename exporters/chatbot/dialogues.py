"""Trees as button dialogues: messages, buttons and the rules that link them.

Each question becomes a message with one button per answer; a button's payload is
an intent of its own (`/tr_reseau_02__appareil__oui`), and the rule for that intent
plays the messages of the next steps: actions (`do`) are said one after the other,
a `goto` continues at the start of the other tree, and the dialogue stops at the
next question (its buttons) or at an end (the resolution, or « je crée une demande
pour vous » with the group). The dialogue's state lives in the payloads: an old
button still leads where it says.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from builder.resolution.diagnostic import fill
from builder.model import Base, Node, Tree
from builder.resolution.priority import priority
from builder.resolution.walk import MAX_GOTO_CHAIN

from exporters.chatbot.content import intent_name, normalise, text_of

ANSWER_SLUG_LENGTH = 30


class DialogueError(Exception):
    """A tree cannot be turned into a dialogue (a broken link: `kb check` reports it)."""


@dataclass(frozen=True)
class Button:
    title: str
    intent: str


@dataclass
class Message:
    name: str  # utter_…
    text: str
    tree: str
    node: str
    kind: str
    buttons: list[Button] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    title: str
    intent: str
    actions: tuple[str, ...]
    tree: str = ""  # set on the rule that starts a tree's dialogue


@dataclass
class Dialogues:
    messages: dict[str, Message] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    entries: dict[str, str] = field(default_factory=dict)  # tree id -> its entry intent

    @property
    def button_intents(self) -> list[str]:
        return [b.intent for m in self.messages.values() for b in m.buttons]


def message_text(base: Base, node: Node) -> str:
    """What the bot says at this step, in plain text."""
    parts: list[str] = []
    if node.kind == "escalate":
        group = node.group.target if node.group else ""
        label = base.config.groups.get(group, group)
        parts.append(f"Je crée une demande pour vous auprès de l'équipe « {label} ».")
        if node.ticket:
            parts.append("Pour la traiter, le support aura besoin de ces informations : "
                         + text_of(node.ticket, base))
    elif node.text:
        parts.append(text_of(node.text, base))
    if node.help:
        parts.append(text_of(node.help.value, base))
    return "\n\n".join(p for p in parts if p)


def _slug(text: str, fallback: str) -> str:
    """« Demande d'identifiants ou erreur » → demande_d_identifiants_ou (whole words, 30 characters at most)."""
    slug = ""
    for word in normalise(text).split():
        if slug and len(slug) + 1 + len(word) > ANSWER_SLUG_LENGTH:
            break
        slug = f"{slug}_{word}" if slug else word[:ANSWER_SLUG_LENGTH]
    return slug or fallback


class _Builder:
    def __init__(self, base: Base) -> None:
        self.base = base
        self.out = Dialogues()
        self.names: set[str] = set()
        self.by_node: dict[tuple[str, str], str] = {}  # (tree id, node) -> utter name
        self.pending: list[tuple[Tree, Node]] = []  # questions whose answers still need rules

    def unique(self, name: str) -> str:
        candidate, n = name, 1
        while candidate in self.names:
            n += 1
            candidate = f"{name}_{n}"
        self.names.add(candidate)
        return candidate

    def message(self, tree: Tree, node: Node) -> str:
        key = (tree.id, node.id)
        if key in self.by_node:
            return self.by_node[key]
        name = self.unique(f"utter_{intent_name(tree.id)}__{_slug(node.id, 'etape')}")
        self.by_node[key] = name
        metadata: dict[str, Any] = {"kb_tree": tree.id, "kb_node": node.id}
        if node.kind == "escalate" and node.group:
            metadata.update(kb_end="escalate", group=node.group.target,
                            priority=priority(node.impact, node.urgency) or "")
        elif node.kind == "resolved":
            metadata["kb_end"] = "resolved"
        self.out.messages[name] = Message(name, message_text(self.base, node), tree.id, node.id, node.kind or "",
                                          metadata=metadata)
        if node.kind == "ask":
            self.pending.append((tree, node))
        return name

    def chain(self, tree: Tree, name: str | None) -> tuple[str, ...]:
        """The messages said from this node until a question or an end."""
        actions: list[str] = []
        seen: set[tuple[str, str]] = set()
        for _ in range(MAX_GOTO_CHAIN * 100):
            node = tree.nodes.get(name or "")
            if node is None or node.kind is None:
                raise DialogueError(f"le nœud « {name} » de {tree.id} n'existe pas ou n'a pas de type")
            if (tree.id, node.id) in seen:
                raise DialogueError(f"boucle d'actions sans question dans {tree.id} (nœud « {node.id} »)")
            seen.add((tree.id, node.id))
            if node.kind == "goto":
                target = self.base.tree(node.goto.target) if node.goto else None
                if target is None or target.start is None:
                    raise DialogueError(f"l'arbre « {node.goto.target if node.goto else '?'} » n'existe pas")
                tree, name = target, target.start.target
                continue
            actions.append(self.message(tree, node))
            if node.kind != "do":
                return tuple(actions)
            name = node.next.target if node.next else None
        raise DialogueError(f"parcours trop long dans {tree.id}")

    def answers(self, tree: Tree, node: Node) -> None:
        message = self.out.messages[self.by_node[(tree.id, node.id)]]
        prefix = self.by_node[(tree.id, node.id)].removeprefix("utter_")
        for number, answer in enumerate(node.answers, 1):
            intent = self.unique(f"{prefix}__{_slug(answer.label, str(number))}")
            message.buttons.append(Button(fill(answer.label, self.base.config), intent))
            self.out.rules.append(Rule(f"{tree.id} {node.id} → {answer.label}", intent,
                                       self.chain(tree, answer.next.target if answer.next else None)))


def build(base: Base, trees: list[Tree]) -> Dialogues:
    """The dialogues of these trees, and of the trees their `goto` lead to."""
    builder = _Builder(base)
    for tree in trees:
        builder.names.add(intent_name(tree.id))
    for tree in trees:
        entry = intent_name(tree.id)
        builder.out.entries[tree.id] = entry
        builder.out.rules.append(Rule(f"{tree.id} : début", entry,
                                      builder.chain(tree, tree.start.target if tree.start else None), tree.id))
        while builder.pending:
            builder.answers(*builder.pending.pop(0))
    return builder.out

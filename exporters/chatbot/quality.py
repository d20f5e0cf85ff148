"""Will the bot understand users? Checks on the intents, answers and dialogues (`kb check --chatbot`).

Only published items meant for users count. An intent is an article: its title
and its questions are its examples. Two examples are « the same » when they are
equal without case, accents and punctuation, and « near » when they share at
least 70 % of their character trigrams (Jaccard), which catches a word changed
or added in a sentence of ordinary length.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict

from builder.codes import finding
from builder.model import Article, Base, Finding, Node, Pos, Tree

from exporters.chatbot.content import ANSWER_LIMIT, Example, Intent, article_answer, for_users, intents, normalise
from exporters.chatbot.dialogues import message_text

MIN_EXAMPLES = 6
NEAR = 0.7  # trigram Jaccard from which two examples of different intents are near duplicates


def check(base: Base) -> list[Finding]:
    articles = [a for a in base.articles if for_users(a) and a.id]
    found = [*_examples(intents(list(articles)))]
    for article in articles:
        found.extend(_long_answer(base, article))
    trees = [t for t in base.trees if for_users(t) and t.id]
    entered = {ref.target for a in articles for ref in a.related} | {
        n.goto.target for t in trees for n in t.nodes.values() if n.kind == "goto" and n.goto and n.goto.target != t.id}
    for tree in trees:
        found.extend(_tree(base, tree, entered))
    return found


def _where(intent: Intent) -> str:
    return f"{intent.item.id} ({intent.item.path})"


def _examples(all_intents: list[Intent]) -> list[Finding]:
    found: list[Finding] = []
    for intent in all_intents:
        if len(intent.examples) < MIN_EXAMPLES:
            item = intent.item
            pos = item.keypos.get("questions") or item.at("title")
            found.append(finding("CB001", item.path, pos,
                                 f"l'intention {item.id} n'a que {len(intent.examples)} exemple"
                                 f"{'s' if len(intent.examples) > 1 else ''} (titre et questions distinctes), "
                                 f"il en faut au moins {MIN_EXAMPLES}",
                                 "ajoutez sous « questions » des phrases telles que les usagers les disent"))
    by_text: dict[str, list[tuple[Intent, Example]]] = defaultdict(list)
    for intent in all_intents:
        for example in intent.examples:
            by_text[normalise(example.text)].append((intent, example))
    for uses in by_text.values():
        owners = {i.name for i, _ in uses}
        if len(owners) < 2:
            continue
        for intent, example in uses:
            others = ", ".join(_where(i) for i in _distinct(uses) if i.name != intent.name)
            found.append(finding("CB002", intent.item.path, example.pos,
                                 f"l'exemple « {example.text} » est aussi un exemple de {others}",
                                 "gardez-le dans l'article qui y répond le mieux et reformulez ou retirez l'autre"))
    for (a, ea), (b, eb), score in near_duplicates(all_intents):
        for (intent, example), (other, other_example) in (((a, ea), (b, eb)), ((b, eb), (a, ea))):
            found.append(finding("CB003", intent.item.path, example.pos,
                                 f"l'exemple « {example.text} » ressemble à « {other_example.text} » de "
                                 f"{_where(other)} ({round(score * 100)} % de trigrammes communs)",
                                 "le robot risque de confondre les deux articles : différenciez les phrases "
                                 "par ce qui distingue vraiment les deux problèmes"))
    return found


def _distinct(uses: list[tuple[Intent, Example]]) -> list[Intent]:
    seen: dict[str, Intent] = {}
    for intent, _ in uses:
        seen.setdefault(intent.name, intent)
    return list(seen.values())


def trigrams(text: str) -> frozenset[str]:
    padded = f"  {normalise(text)} "
    return frozenset(padded[i:i + 3] for i in range(len(padded) - 2))


Pair = tuple[tuple[Intent, Example], tuple[Intent, Example], float]


def near_duplicates(all_intents: list[Intent], threshold: float = NEAR) -> list[Pair]:
    """Pairs of examples of different intents whose trigram Jaccard is ≥ threshold but < 1.

    Prefix filtering avoids comparing every pair: with trigrams sorted rarest first,
    two sets that reach the threshold share at least one trigram among the first
    |A| − ⌈t·|A|⌉ + 1 of each, and their sizes are within a factor t of each other.
    """
    entries = [(intent, example, trigrams(example.text)) for intent in all_intents for example in intent.examples]
    frequency = Counter(g for _, _, grams in entries for g in grams)
    index: dict[str, list[int]] = defaultdict(list)
    pairs: list[Pair] = []
    for n, (intent, example, grams) in enumerate(entries):
        ordered = sorted(grams, key=lambda g: (frequency[g], g))
        prefix = ordered[:len(ordered) - math.ceil(threshold * len(ordered) - 1e-9) + 1]
        candidates = {m for g in prefix for m in index[g]}
        size = len(grams)
        for m in sorted(candidates):
            other, other_example, other_grams = entries[m]
            if other.name == intent.name or not threshold * size <= len(other_grams) <= size / threshold:
                continue  # too different in size to reach the threshold
            common = len(grams & other_grams)
            score = common / (size + len(other_grams) - common)
            if threshold <= score < 1:
                pairs.append(((other, other_example), (intent, example), score))
        for g in prefix:
            index[g].append(n)
    return pairs


def _long_answer(base: Base, article: Article) -> list[Finding]:
    answer = article_answer(base, article)
    if len(answer) <= ANSWER_LIMIT:
        return []
    return [finding("CB004", article.path, _first_paragraph(article),
                    f"la réponse du robot pour {article.id} compte {len(answer)} caractères, plus que les "
                    f"{ANSWER_LIMIT} d'une bulle de discussion",
                    "raccourcissez le premier paragraphe de l'article : c'est lui que le robot affiche, "
                    "avec le lien vers la page")]


def _first_paragraph(article: Article) -> Pos:
    for offset, line in enumerate(article.body.split("\n")):
        if line.strip() and not line.lstrip().startswith("#"):
            return Pos(article.body_line + offset, 0)
    return Pos(article.body_line, 0)


def _tree(base: Base, tree: Tree, entered: set[str]) -> list[Finding]:
    """`entered`: the trees a user can get to (cited by a user article, or the goto of a user tree)."""
    found: list[Finding] = []
    if tree.id not in entered:
        found.append(finding("CB005", tree.path, tree.at("id"),
                             f"aucun article publié pour les usagers ne cite {tree.id} dans « related », et aucun "
                             "arbre pour les usagers n'y mène : le robot ne proposera jamais ce dépannage guidé",
                             "ajoutez l'arbre à « related » de l'article qui décrit le même problème"))
    for node in tree.nodes.values():
        found.extend(_node(base, tree, node))
    return found


def _node(base: Base, tree: Tree, node: Node) -> list[Finding]:
    found: list[Finding] = []
    if node.kind == "goto" and node.goto:
        target = base.tree(node.goto.target)
        if target is not None and not for_users(target):
            found.append(finding("CB006", tree.path, node.at("goto"),
                                 f"l'arbre {tree.id}, destiné aux usagers, continue dans {target.id} qui ne "
                                 "l'est pas : le robot montrerait aux usagers des étapes écrites pour le support",
                                 f"ajoutez « user » à l'audience de {target.id} (après relecture) ou terminez "
                                 "ce chemin par une escalade"))
    elif node.kind is not None:
        text = message_text(base, node)
        if len(text) > ANSWER_LIMIT:
            found.append(finding("CB004", tree.path, node.at(node.kind),
                                 f"le message du robot à l'étape « {node.id} » compte {len(text)} caractères, "
                                 f"plus que les {ANSWER_LIMIT} d'une bulle de discussion",
                                 "raccourcissez le texte ou l'aide de l'étape, ou découpez-la en deux"))
    return found


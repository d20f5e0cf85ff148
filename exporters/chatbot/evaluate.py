"""How well do the examples separate the intents? A k-fold estimate, offline.

Each fold trains a simple classifier on the other folds' examples and labels its
own: TF-IDF of character n-grams (2 to 5, within words, accents removed) and of
words (1 and 2), then a linear SVM — the family of features Rasa's default
pipeline uses, without its neural network. Folds are stratified and shuffled
with a fixed seed: the same base gives the same figures.

It estimates how distinct the examples are, not how the real bot will do: the
bot is trained differently, on all examples, and users say things no example says.
"""
from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from exporters.chatbot.content import Example, Intent

FOLDS = 5
SEED = 0


@dataclass(frozen=True)
class Miss:
    intent: Intent
    example: Example
    predicted: Intent


@dataclass
class Evaluation:
    folds: int
    intents: list[Intent]  # those evaluated
    examples: int
    correct: int
    misses: list[Miss] = field(default_factory=list)
    skipped: list[Intent] = field(default_factory=list)  # fewer than 2 examples: nothing to test them on

    @property
    def accuracy(self) -> float:
        return self.correct / self.examples if self.examples else 0.0

    def confused_pairs(self, limit: int = 10) -> list[tuple[Intent, Intent, int]]:
        """Pairs of intents taken for one another, most often first (both directions counted)."""
        counts: Counter[tuple[str, str]] = Counter()
        by_name = {}
        for miss in self.misses:
            a, b = sorted((miss.intent.name, miss.predicted.name))
            counts[(a, b)] += 1
            by_name[miss.intent.name], by_name[miss.predicted.name] = miss.intent, miss.predicted
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [(by_name[a], by_name[b], n) for (a, b), n in ranked]


def evaluate(all_intents: list[Intent], folds: int = FOLDS,
             progress: Callable[[int, int], None] | None = None) -> Evaluation:
    """Cross-validated predictions for every example of the intents that have at least two."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    usable = [i for i in all_intents if len(i.examples) >= 2]
    skipped = [i for i in all_intents if len(i.examples) < 2]
    rows = [(intent, example) for intent in usable for example in intent.examples]
    if len(usable) < 2:
        return Evaluation(folds, usable, 0, 0, skipped=skipped)
    texts = [example.text for _, example in rows]
    labels = [intent.name for intent, _ in rows]
    by_name = {intent.name: intent for intent in usable}
    splits = min(folds, max(Counter(labels).values()))
    predicted: list[str] = [""] * len(rows)
    splitter = StratifiedKFold(n_splits=splits, shuffle=True, random_state=SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # « the least populated class has only 2 members »: we know
        for number, (train, test) in enumerate(splitter.split(texts, labels), 1):
            model = make_pipeline(
                make_union(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                           strip_accents="unicode"),
                           TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                           strip_accents="unicode")),
                LinearSVC(random_state=SEED))
            model.fit([texts[i] for i in train], [labels[i] for i in train])
            for i, label in zip(test, model.predict([texts[i] for i in test])):
                predicted[i] = str(label)
            if progress:
                progress(number, splits)
    misses = [Miss(intent, example, by_name[guess]) for (intent, example), guess in zip(rows, predicted)
              if guess != intent.name]
    return Evaluation(splits, usable, len(rows), len(rows) - len(misses), misses, skipped)


def percent(value: float) -> str:
    return f"{value * 100:.1f}".replace(".", ",") + " %"


def render(result: Evaluation) -> str:
    """The report for the knowledge manager, in French."""
    def name(intent: Intent) -> str:
        return f"{intent.item.id} — {intent.item.title}"

    lines = [
        f"Évaluation des intentions du robot : validation croisée en {result.folds} parties, "
        "TF-IDF (caractères et mots) et SVM linéaire, sans réseau.",
        "ATTENTION : c'est une ESTIMATION de la façon dont les exemples séparent les intentions, "
        "pas de la performance réelle du robot (entraîné autrement, il recevra des phrases qu'aucun exemple "
        "ne contient).",
        f"{len(result.intents)} intentions, {result.examples} exemples.",
        f"Exactitude estimée : {percent(result.accuracy)} ({result.correct} exemples sur {result.examples} "
        "reconnus).",
    ]
    if result.skipped:
        lines.append("Non évaluées (moins de 2 exemples) : " + ", ".join(i.item.id for i in result.skipped) + ".")
    pairs = result.confused_pairs()
    if pairs:
        lines += ["", "Intentions les plus confondues :"]
        lines += [f"  {n} × {name(a)} ↔ {name(b)}" for a, b, n in pairs]
    if result.misses:
        lines += ["", f"Exemples mal reconnus ({len(result.misses)}), par article :"]
        per_intent: dict[str, list[Miss]] = {}
        for miss in result.misses:
            per_intent.setdefault(miss.intent.name, []).append(miss)
        for misses in sorted(per_intent.values(), key=lambda m: (m[0].intent.item.path, m[0].intent.name)):
            intent = misses[0].intent
            total = len(intent.examples)
            lines.append(f"  {name(intent)} ({intent.item.path}) : {total - len(misses)} sur {total} reconnus")
            lines += [f"    « {m.example.text} » → {name(m.predicted)}" for m in misses]
    return "\n".join(lines)

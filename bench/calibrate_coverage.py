"""Calibrates kb coverage's search threshold on a labelled sample: precision and recall per threshold.

The sample is the seeded export of tests/coverage/make_export.py, whose every ticket
is labelled with its topic and the items that rightly cover it (none for the planted
gaps and the noise). A ticket counts as rightly covered when the item found is one of
its topic's items. Category matching is switched off here: only the search is measured.

    .venv/bin/python bench/calibrate_coverage.py [--tickets 2400] [--seed 14]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "coverage"))

from make_export import generate  # noqa: E402

from builder.coverage import _kb  # noqa: E402
from builder.coverage.knowledge import knowledge_of  # noqa: E402
from builder.coverage.match import THRESHOLD, Matcher  # noqa: E402
from builder.coverage.mask import Masker  # noqa: E402
from builder.coverage.text import Analyser, idf_of  # noqa: E402

THRESHOLDS = (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=2400)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--show", metavar="TOPIC", help="print the best item and score of each summary of a topic")
    args = parser.parse_args()
    rows, planted = generate(args.tickets, args.seed)
    masker = Masker(planted.names)
    labelled = [(masker.mask(row[5]), planted.topic[row[0]]) for row in rows if row[0] in planted.topic and row[5]]
    base = _kb.load_base(args.root)
    analyser = Analyser()
    idf = idf_of((s for s, _ in analyser.terms(summary)) for summary, _ in labelled)
    index, _ = _kb.updated_index(args.root, base.config)
    knowledge = knowledge_of(base, analyser)
    knowledge.by_category.clear()
    matcher = Matcher(knowledge, index, analyser, idf)
    scored = [(matcher.best(summary), topic, summary) for summary, topic in labelled]
    if args.show:
        for (item, score), topic, summary in sorted(set(scored), key=lambda s: -s[0][1]):
            if topic.name == args.show:
                print(f"{score:.3f}  {item}  {summary}")
        return
    should = sum(1 for _, topic, _ in scored if topic.items)
    print(f"{len(scored)} tickets étiquetés, dont {should} d'un sujet couvert par la bibliothèque")
    print("seuil  couverts  justes  précision  rappel")
    for threshold in THRESHOLDS:
        found = [(item, topic) for (item, score), topic, _ in scored if item and score >= threshold]
        right = sum(1 for item, topic in found if item in topic.items)
        precision = right / len(found) if found else 1.0
        recall = right / should if should else 1.0
        print(f"{threshold:5.2f}  {len(found):8d}  {right:6d}  {precision:9.3f}  {recall:6.3f}")
    wrong: dict[str, int] = {}
    for (item, score), topic, _ in scored:
        if item and score >= THRESHOLD and item not in topic.items:
            wrong[f"{topic.name} → {item}"] = wrong.get(f"{topic.name} → {item}", 0) + 1
    for what, count in sorted(wrong.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  faux positifs au seuil : {what} ({count})")


if __name__ == "__main__":
    main()

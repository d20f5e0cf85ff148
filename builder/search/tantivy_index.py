"""The search index on tantivy: the French analyser, the schema, updates and queries.

Each item is one « item » document (what ranks it: title, questions or
symptoms, tags, all its text) and one « part » document per passage (section,
node, questions, symptoms), which says where it matched and gives the snippet.
A query ranks item documents, then finds the best parts of the items shown.
The analyser is not stored in the index: it is registered at every open.
"""
from __future__ import annotations

import hashlib
import json
import math
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

import tantivy

from builder.content.gcpause import cycle_collector_paused
from builder.content.snapshot import Snapshot
from builder.search.api import ALL_STATUSES, PUBLISHED, Hit, Match, SearchError
from builder.search.manifest import Manifest, Source, UpdateStats, changes, source_of
from builder.search.documents import ASKED, IndexDoc
from builder.search.query import Concept, Phrase, Plan, Synonyms, Token, parse, phrase_of
from builder.search.snippets import excerpt, find
from builder.search.textfr import STOPWORDS, prenormalise, within

# Bump when the schema, the analyser or what search_docs extracts changes: the index is rebuilt.
SCHEMA_VERSION = 1
VERSION = f"{SCHEMA_VERSION}/tantivy-{version('tantivy')}"

FRENCH, FOLDED, RAW = "fr", "fold", "raw"
Clause = tuple[tantivy.Occur, tantivy.Query]
Must, Should, MustNot = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot
STATES = {"published": 0, "draft": 1, "archived": 2}  # the « state » fast field
# field → weight, for ranking items; « body » holds all the item's words
ITEM_FIELDS = (("title", 3.0), ("phrasings", 2.0), ("tags", 1.5), ("body", 1.0))
SIMILAR_FIELDS = (("title", 3.0), ("phrasings", 2.0), ("tags", 1.0))
SYNONYM_WEIGHT = 0.9  # a synonym counts a little less than the word typed
FUZZY_WEIGHT = 1.5  # constant score of a word found only by typo tolerance
ID_WEIGHT = 100.0  # an id typed in the query puts its item first
MIN_TYPO_LENGTH = 5  # shorter unknown words are taken as they are (acronyms, codes)
CANDIDATE_WORDS = 2000  # known words compared with a mistyped one
MAX_CORRECTIONS = 3
SIMILAR_SHARE = 0.6  # share of a new title's words an existing item must have to be « similar »
PARTS_PER_HIT = 3
SNIPPET_CHARS = 180


def french_analyser() -> tantivy.TextAnalyzer:
    """Elisions and function words dropped, then French stems, of text already prenormalised.

    Every text goes through textfr.prenormalise first (accents and case folded,
    « -ée » spelt « -e »), in Python, so that the offsets of the words stay those
    of the original text; the folding filters here only catch what it leaves.
    """
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.custom_stopword(sorted(STOPWORDS)))
            .filter(tantivy.Filter.stemmer("french"))
            .build())


def folded_analyser() -> tantivy.TextAnalyzer:
    """Whole words, folded: what typo tolerance compares the typed word with."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .build())


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name in ("key", "id", "domain", "audience", "status"):  # id, domain… on item documents only
        builder.add_text_field(name, tokenizer_name=RAW)
    builder.add_unsigned_field("item", indexed=True, fast=True)  # the item's number: parts grouped unread
    builder.add_unsigned_field("part", fast=True)  # the passage's rank in its item (item meta describes it)
    builder.add_unsigned_field("state", fast=True)  # STATES[status], to drop drafts without a filter
    for name, _ in ITEM_FIELDS:
        builder.add_text_field(name, tokenizer_name=FRENCH)
    builder.add_text_field("all_f", tokenizer_name=FOLDED)
    builder.add_text_field("text", tokenizer_name=FRENCH)  # a part's passage
    builder.add_text_field("text_f", tokenizer_name=FOLDED)
    builder.add_bytes_field("meta", stored=True)  # what a result shows, as JSON
    return builder.build()


def item_number(item_id: str) -> int:
    """A number for the id, kept below 2**53 so that it survives any float conversion."""
    return int.from_bytes(hashlib.blake2b(item_id.encode(), digest_size=8).digest(), "big") >> 11


def documents(doc: IndexDoc, schema: tantivy.Schema) -> Iterable[tantivy.Document]:
    """The item document and its parts; text fields get the text prenormalised, `meta` the original."""
    number = item_number(doc.id)
    meta = {"id": doc.id, "kind": doc.kind, "title": doc.title, "path": doc.key, "page": doc.page,
            "domain": doc.domain, "audience": list(doc.audience), "status": doc.status, "summary": doc.summary,
            "passages": [[p.kind, p.label, p.anchor, p.node] for p in doc.passages]}
    title, tags = prenormalise(doc.title), [prenormalise(t) for t in doc.tags]
    phrasings = [prenormalise(p) for p in doc.phrasings]
    texts = [prenormalise(p.searched) for p in doc.passages]
    body = "\n".join([title, *phrasings, *tags,  # doc.body, prenormalised
                      *(text for p, text in zip(doc.passages, texts) if p.kind not in ASKED)])
    yield tantivy.Document.from_dict(
        {"key": doc.key, "id": doc.id, "domain": doc.domain, "audience": list(doc.audience),
         "status": doc.status, "state": STATES.get(doc.status, 1), "item": number, "title": title,
         "phrasings": phrasings, "tags": tags, "body": body, "all_f": body, "meta": _json(meta)}, schema)
    for rank, (passage, text) in enumerate(zip(doc.passages, texts)):
        yield tantivy.Document.from_dict(
            {"key": doc.key, "item": number, "part": rank, "text": text, "text_f": text,
             "meta": _json({"text": passage.text})}, schema)


def _json(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


class TantivyIndex:
    """The index of one content root, under its .kb/index/ folder."""

    def __init__(self, folder: Path, synonyms: Iterable[Iterable[str]] = ()) -> None:
        self.folder = folder
        self.data = folder / "tantivy"
        self.manifest_path = folder / "manifest.json"
        self.schema = build_schema()
        self._analyser = french_analyser()
        self.synonyms = Synonyms(synonyms, self.analyse)
        self._index: tantivy.Index | None = None

    # -- analysis ------------------------------------------------------------------------------
    def analyse(self, text: str) -> list[Token]:
        """(position, term, start, end) of the significant words, offsets in `text`'s characters."""
        return [(t.position, t.text, t.char_offset_from, t.char_offset_to)
                for t in self._analyser.pre_tokenize(prenormalise(text)).tokens]

    def _register(self, index: tantivy.Index) -> tantivy.Index:
        index.register_tokenizer(FRENCH, self._analyser)
        index.register_tokenizer(FOLDED, folded_analyser())
        return index

    # -- updates -------------------------------------------------------------------------------
    @cycle_collector_paused()
    def update(self, content: Snapshot | Path | Source) -> UpdateStats:
        source = source_of(content)
        manifest = Manifest.read(self.manifest_path)
        reason = self._rebuild_reason(manifest)
        if reason:
            self._reset()
            manifest = Manifest(self.manifest_path, VERSION)
        found = changes(source, manifest, rebuild=bool(reason))
        found.stats.reason = reason
        if found.files != manifest.files or found.docs or found.replaced or reason:
            index = self._open()
            writer = self._writer(index, rebuild=bool(reason))
            try:
                for key in found.replaced:
                    writer.delete_documents_by_term("key", key)
                for doc in found.docs:
                    for document in documents(doc, self.schema):
                        writer.add_document(document)
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                writer.rollback()
                raise
            manifest.version, manifest.files = VERSION, found.files
            manifest.write()
            index.reload()
        return found.stats

    def _rebuild_reason(self, manifest: Manifest) -> str:
        if not manifest.version or not tantivy.Index.exists(str(self.data)):
            return "index absent"
        if manifest.version != VERSION:
            return f"version de l'index {manifest.version} → {VERSION}"
        try:
            self._open()
        except ValueError as error:
            return f"index illisible ({error})"
        return ""

    def _reset(self) -> None:
        self._index = None
        self.manifest_path.unlink(missing_ok=True)
        shutil.rmtree(self.data, ignore_errors=True)
        try:
            self.data.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SearchError(f"impossible de créer l'index dans {self.data} ({error.strerror})") from None

    def _open(self) -> tantivy.Index:
        if self._index is None:
            self.data.mkdir(parents=True, exist_ok=True)
            self._index = self._register(tantivy.Index(self.schema, path=str(self.data), reuse=True))
        return self._index

    @staticmethod
    def _writer(index: tantivy.Index, rebuild: bool) -> tantivy.IndexWriter:
        deadline = time.monotonic() + 10
        while True:
            try:
                return index.writer(heap_size=120_000_000, num_threads=0) if rebuild else \
                    index.writer(heap_size=20_000_000, num_threads=1)
            except ValueError as error:
                if "lock" not in str(error).lower() or time.monotonic() > deadline:
                    raise SearchError("l'index de recherche est verrouillé par un autre « kb » en cours ; "
                                      "réessayez dans un instant") from None
                time.sleep(0.1)

    # -- queries -------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 10, audience: str | None = None, domain: str | None = None,
               statuses: Iterable[str] = PUBLISHED) -> list[Hit]:
        searcher = self._open().searcher()
        plan, typos = self._resolve(searcher, parse(query, self.analyse, self.synonyms))
        if plan.empty:
            return []
        # One flat union of (field, word) clauses when possible: tantivy then skips the blocks of
        # documents that cannot reach the top (block-max WAND); the fields exist on items only.
        ranking: list[Clause] = [clause for c in plan.wanted
                                 for clause in self._clauses(c, ITEM_FIELDS, typos.get(c), "all_f")]
        ranking += [(Should, tantivy.Query.boost_query(self._term("id", i), ID_WEIGHT)) for i in plan.ids]
        filters = [(Must, tantivy.Query.const_score_query(self._term(field, value), 0.0))
                   for field, value in (("audience", audience), ("domain", domain)) if value]
        if filters:
            ranking = [(Must, tantivy.Query.boolean_query(ranking)), *filters]
        hidden = [s for s in ALL_STATUSES if s not in set(statuses)]
        return self._run(searcher, ranking, plan, typos, limit, hidden)

    def similar(self, title: str, limit: int = 5) -> list[Hit]:
        searcher = self._open().searcher()
        plan, typos = self._resolve(searcher, parse(title, self.analyse, self.synonyms))
        if not plan.wanted:
            return []
        needed = math.ceil(len(plan.wanted) * SIMILAR_SHARE)
        ranking = tantivy.Query.boolean_query(
            [(Should, self._concept(c, SIMILAR_FIELDS, typos.get(c), "all_f")) for c in plan.wanted],
            minimum_number_should_match=needed)
        return self._run(searcher, [(Must, ranking)], plan, typos, limit, [])

    def _run(self, searcher: tantivy.Searcher, ranking: list[Clause], plan: Plan,
             typos: dict[Concept, tuple[str, int]], limit: int, hidden: list[str]) -> list[Hit]:
        excluded = [(MustNot, self._concept(c, ITEM_FIELDS, None, "")) for c in plan.concepts if c.excluded]
        found = self._top(searcher, [*ranking, *excluded], limit, hidden)
        items = [(score, _meta(searcher.doc(address))) for score, address in found]
        if not items:
            return []
        parts = self._parts(searcher, plan, typos, {item_number(meta["id"]): meta for _, meta in items})
        return [Hit(meta["id"], meta["kind"], meta["title"], meta["path"], meta["page"], meta["domain"],
                    tuple(meta["audience"]), meta["status"], score,
                    parts.get(meta["id"]) or (Match("title", "", "", "", meta["summary"], ()),))
                for score, meta in items]

    def _top(self, searcher: tantivy.Searcher, clauses: list[Clause], limit: int,
             hidden: list[str]) -> list[tuple[float, tantivy.DocAddress]]:
        """The best items, without those of a hidden status.

        Drafts and archived items are usually few: a few more results are fetched and
        those dropped, which is cheaper than a filter in the query (a filter stops
        tantivy from skipping the blocks of documents that cannot reach the top).
        """
        if not hidden:
            return searcher.search(tantivy.Query.boolean_query(clauses), limit, count=False).hits
        fetch = limit + min(sum(searcher.doc_freq("status", status) for status in hidden), 2 * limit + 10)
        found = searcher.search(tantivy.Query.boolean_query(clauses), fetch, count=False).hits
        codes = {STATES[status] for status in hidden}
        states = searcher.fast_field_values("state", [address for _, address in found])
        kept = [hit for hit, state in zip(found, states) if state not in codes]
        if len(kept) >= limit or len(found) < fetch:
            return kept[:limit]
        without = (MustNot, tantivy.Query.term_set_query(self.schema, "status", hidden))
        return searcher.search(tantivy.Query.boolean_query([*clauses, without]), limit, count=False).hits

    def _parts(self, searcher: tantivy.Searcher, plan: Plan, typos: dict[Concept, tuple[str, int]],
               items: dict[int, dict[str, Any]]) -> dict[str, tuple[Match, ...]]:
        """The best passages of each item found; the snippet of the best one."""
        clauses = [clause for c in plan.wanted
                   for clause in self._clauses(c, (("text", 1.0),), typos.get(c), "text_f")]
        if not clauses:
            return {}
        # a union of terms rather than a term set query, which costs a scan of the field here
        of_items = tantivy.Query.boolean_query([(Should, self._term("item", n)) for n in items])
        query = tantivy.Query.boolean_query([  # « text » exists on parts only
            (Must, tantivy.Query.const_score_query(of_items, 0.0)), (Must, tantivy.Query.boolean_query(clauses))])
        hits = searcher.search(query, PARTS_PER_HIT * len(items) * 4, count=False).hits
        addresses = [address for _, address in hits]
        owners = searcher.fast_field_values("item", addresses)
        ranks = searcher.fast_field_values("part", addresses)
        # equal scores in the order of the passages in the item, whatever the index's segments
        ordered = sorted(zip((score for score, _ in hits), addresses, owners, ranks),
                         key=lambda hit: (-round(hit[0], 4), int(hit[2] or 0), int(hit[3] or 0)))
        wanted = frozenset(t for c in plan.wanted for p in c.alternatives for t in p.words)
        chosen: dict[str, list[Match]] = {}
        for _, address, number, rank in ordered:
            meta = items.get(int(number or 0))
            if meta is None or len(chosen.setdefault(meta["id"], [])) >= PARTS_PER_HIT:
                continue
            kind, label, anchor, node = meta["passages"][int(rank or 0)]
            snippet, spans = "", ()  # type: tuple[str, tuple[tuple[int, int], ...]]
            if not chosen[meta["id"]]:  # the best passage: its snippet
                text = _meta(searcher.doc(address))["text"]
                snippet, spans = excerpt(text, find(text, wanted, self.analyse), SNIPPET_CHARS)
            chosen[meta["id"]].append(Match(kind, label, anchor, node, snippet, spans))
        return {item_id: tuple(matches) for item_id, matches in chosen.items()}

    # -- query building ------------------------------------------------------------------------
    def _term(self, field: str, value: Any) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, value)

    def _resolve(self, searcher: tantivy.Searcher, plan: Plan) -> tuple[Plan, dict[Concept, tuple[str, int]]]:
        """The plan with each word unknown to the index replaced by the closest known words.

        A word with no close known word of the same two first letters is looked
        for by tantivy's fuzzy matching (returned apart, with its edit distance).
        """
        concepts: list[Concept] = []
        fuzzy: dict[Concept, tuple[str, int]] = {}
        for concept in plan.concepts:
            typed = concept.typed
            if concept.excluded or len(typed) < MIN_TYPO_LENGTH or any(
                    all(searcher.doc_freq("body", t) for t in p.words) for p in concept.alternatives):
                concepts.append(concept)
                continue
            distance = 2 if len(typed) >= 9 else 1
            phrases = [phrase_of(self.analyse(w)) for w in self._corrections(searcher, typed, distance)]
            phrases = [p for p in phrases if p.terms]
            if phrases:
                concepts.append(replace(concept, alternatives=tuple(phrases)))
            else:
                concepts.append(concept)
                fuzzy[concept] = (typed, distance)
        return Plan(tuple(concepts), plan.ids), fuzzy

    @staticmethod
    def _corrections(searcher: tantivy.Searcher, typed: str, distance: int) -> list[str]:
        """Known words within the edit distance, the closest and most frequent first."""
        found = []
        for word, frequency in searcher.terms_with_prefix("all_f", typed[:2], limit=CANDIDATE_WORDS):
            if abs(len(word) - len(typed)) <= distance and within(word, typed, distance):
                found.append((_distance_rank(word, typed), -frequency, word))
        found.sort()
        return [word for *_, word in found[:MAX_CORRECTIONS]]

    def _clauses(self, concept: Concept, fields: Sequence[tuple[str, float]], typo: tuple[str, int] | None,
                 fuzzy_field: str) -> list[Clause]:
        """The concept as clauses of the top query: one per field when it has a single form."""
        if concept.required or typo or len(concept.alternatives) > 1:
            return [(Must if concept.required else Should, self._concept(concept, fields, typo, fuzzy_field))]
        phrase = concept.alternatives[0]
        return [(Should, tantivy.Query.boost_query(self._phrase(field, phrase), boost)) for field, boost in fields]

    def _concept(self, concept: Concept, fields: Sequence[tuple[str, float]], typo: tuple[str, int] | None,
                 fuzzy_field: str) -> tantivy.Query:
        """The concept in any of its forms (the typed one, its synonyms), in any field, by weight."""
        if typo and fuzzy_field:
            return tantivy.Query.boost_query(
                tantivy.Query.fuzzy_term_query(self.schema, fuzzy_field, typo[0], typo[1]), FUZZY_WEIGHT)
        forms = []
        for rank, phrase in enumerate(concept.alternatives):
            weight = 1.0 if rank == 0 else SYNONYM_WEIGHT
            forms.append(tantivy.Query.boolean_query(
                [(Should, tantivy.Query.boost_query(self._phrase(field, phrase), boost * weight))
                 for field, boost in fields]))
        return forms[0] if len(forms) == 1 else tantivy.Query.disjunction_max_query(forms)

    def _phrase(self, field: str, phrase: Phrase) -> tantivy.Query:
        if len(phrase.terms) == 1:
            return self._term(field, phrase.terms[0][1])
        return tantivy.Query.phrase_query(self.schema, field, list(phrase.terms))


def _distance_rank(word: str, typed: str) -> int:
    return 0 if word == typed else 1 if within(word, typed, 1) else 2


def _meta(doc: tantivy.Document) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(bytes(doc.get_first("meta") or b"{}"))
    return data

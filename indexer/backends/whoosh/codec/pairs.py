"""Pairs of common words: a phrase of two frequent words answered by one term.

A phrase is matched from its words' positions (search.backends.whoosh.phrases). When both
words are common, that means merging very long position lists in a large archive, and no way
of merging them that was tried (sort-merge, Roaring bitmaps, a compiled merge, position masks
per document) made it cheap (figures: BENCHMARKS.md, design measurements). Lucene's
CommonGrams and Elasticsearch's `index_phrases` index such word pairs as terms of their own;
so does newsdex, for the pairs of common words only, which keeps the extra postings small.

Each text field F (title_en, body_uk, ...) gets a field `F` + `SUFFIX` at the first commit
that writes to F (indexer.backends.whoosh.writer): the `COMMON` words (terms, after stemming or
lemmas) found in the most of that commit's documents (counted on `SAMPLE` of them) become the
field's common words, fixed from then on, and every later document's adjacent pairs of them
are indexed as "word word" terms with their frequency (made from a segment's text columns
when it is written: indexer.backends.whoosh.codec.text_columns). A two-word phrase of common
words is then one posting list (the phrase's frequency in each document), and matches, counts
and scores exactly as the positions do (tests/indexer/backends/whoosh/codec/test_pairs.py). Indexes
made before pairs, and
fields that already had documents, keep matching phrases by positions, as do phrases of
three words or more and phrases with a rarer word (fast by positions: the rarest word's
occurrences are the candidates).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping

from whoosh import formats
from whoosh.fields import FieldType
from whoosh.system import pack_uint

from indexer.backends.whoosh.documents import document_fields
from indexer.backends.whoosh.schema import text_field
from indexer.backends.whoosh.terms.term_keys import WordPlan, plan_for

SUFFIX = "__pairs"
COMMON = 64  # common words per field
MIN_SHARE = 0.05  # ... each in at least this share of the first commit's documents
MIN_DOCS = 2
SAMPLE = 2000  # documents of the first commit the common words are counted on


class PairField(FieldType):
    """The pairs of adjacent common words of a text field, as terms with frequencies."""

    indexed = True
    stored = False
    scorable = False
    unique = False
    column_type = None
    vector = None
    spelling = False
    multitoken_query = "default"

    def __init__(self, source: str, analyzer, words: Iterable[str]) -> None:
        """The pair field of text field `source` (analyzed by `analyzer`) for `words`."""
        self.source = source
        self.analyzer = analyzer
        self.words = frozenset(words)
        self.format = formats.Frequency()

    def index(self, value, **kwargs):
        """(term bytes, frequency, weight, encoded frequency) of each pair in a text."""
        plan = plan_for(self.analyzer)
        found = pair_counts(plan, self.words, value) if plan is not None else {}
        return [(pair.encode(), freq, float(freq), pack_uint(freq))
                for pair, freq in found.items()]

    def __eq__(self, other) -> bool:
        return (type(other) is PairField and other.source == self.source
                and other.words == self.words)

    def __hash__(self) -> int:
        return hash((self.source, self.words))


def pair_name(fieldname: str) -> str:
    """The name of a text field's pair field."""
    return fieldname + SUFFIX


def pair_counts(plan: WordPlan, words: frozenset[str], text: str) -> Counter:
    """How often each pair of common words stands next to each other in `text` (at
    positions p and p + 1 as the field's analyzer numbers them, every term of a word
    with every term of the next)."""
    counts: Counter = Counter()
    if not words or not isinstance(text, str):
        return counts
    before, previous = -2, ()
    for pos, found in plan.kept(text):
        common = [t for t in found if t in words]
        if common and previous and before == pos - 1:
            for first in previous:
                for second in common:
                    counts[f"{first} {second}"] += 1
        previous, before = common, pos
    return counts


def common_words(plan: WordPlan, texts: list[str]) -> frozenset[str]:
    """The `COMMON` terms found in the most of `texts` (at least `MIN_SHARE` of them),
    counted on the first `SAMPLE`: words are counted as written, and only the most
    frequent are analyzed (their forms' counts summed per term). Any choice of words
    gives the same answers; this one only decides which phrases are fast."""
    sample = texts[:SAMPLE]
    expression = plan.expression
    written: Counter = Counter()
    for text in sample:
        written.update(set(expression.findall(text) if expression.groups == 0
                           else (m.group(0) for m in expression.finditer(text))))
    documents: Counter = Counter()
    for word, count in written.most_common(4 * COMMON):
        for term in plan.terms(word):
            documents[term] += count
    floor = max(MIN_DOCS, MIN_SHARE * len(sample))
    ranked = sorted(documents.items(), key=lambda item: (-item[1], item[0]))
    return frozenset(term for term, count in ranked[:COMMON] if count >= floor)


def first_pair_fields(schema, searcher, items: Collection[tuple]) -> dict[str, PairField]:
    """Pair fields for the text fields that these (article, origins, copy) items are the
    first to write to (no pair field yet, nothing in the index's `searcher`), their
    common words chosen from the items' texts."""
    named = {text_field(kind, article.language) for article, _o, _c in items
             for kind in ("title", "body")}
    fresh = {name for name in named if name in schema and pair_name(name) not in schema
             and type(schema[name].format) is formats.Positions
             and not searcher.field_length(name)}
    if not fresh:  # the usual case: no document is looked at
        return {}
    texts: dict[str, list[str]] = {}
    for item in items:
        for name, value in document_fields(*item).items():
            if name in fresh and isinstance(value, str):
                texts.setdefault(name, []).append(value)
    added = {}
    for name, values in texts.items():
        analyzer = schema[name].analyzer
        plan = plan_for(analyzer)
        if plan is not None:
            added[pair_name(name)] = PairField(name, analyzer, common_words(plan, values))
    return added


def pair_fields(schema) -> dict[str, str]:
    """Each text field with a pair field in `schema`: text field -> pair field."""
    return {name[:-len(SUFFIX)]: name for name in schema.names() if name.endswith(SUFFIX)}


def with_pairs(fields: dict, pair_fields: Mapping[str, str]) -> dict:
    """A document's fields plus the text of each text field again for its pair field
    (`pair_fields`: text field -> pair field)."""
    for name, pairs in pair_fields.items():
        value = fields.get(name)
        if value is not None:
            fields[pairs] = value
    return fields


def pair_term(schema, fieldname: str, parts: list[list[str]]) -> tuple[str, bytes] | None:
    """(pair field, term) answering a phrase of two common words in `fieldname`, given as
    terms per position; None when the phrase is not one."""
    name = pair_name(fieldname)
    if (name not in schema or type(schema[name]) is not PairField or len(parts) != 2
            or any(len(alternatives) != 1 for alternatives in parts)):
        return None
    pairs = schema[name]
    first, second = parts[0][0], parts[1][0]
    if first not in pairs.words or second not in pairs.words:
        return None
    return name, f"{first} {second}".encode()

"""The OpenSearch index of a newsdex archive: its settings, analysis and mapping, declared once.

The mapping is strict (a field newsdex does not know is refused) and records what it is in
`_meta`: `{"format": FORMAT, "mapping_version": MAPPING_VERSION}`, as a Whoosh index records
its format in `newsdex.json`. An index without that `_meta` is not newsdex's; one of another
version is refused with what to do (`mapping_problem`). The shape of each document is
`indexer.backends.opensearch.documents` (the contract the reader relies on).

Analysis: newsdex analyzes every text itself (`indexer.backends.whoosh.analysis`, the same
analyzers as the Whoosh index) and sends the language fields pre-tokenized, so morphology
matches the Whoosh backend exactly. The `newsdex_lemmas` analyzer splits at whitespace, then
splits each token at `|` into tokens at the SAME position (`pattern_capture`, original
dropped): one position per word, with all its lemmas stacked there (the several lemmas of a
uk/ru word), so phrase queries keep word positions and a stacked position matches any of its
lemmas (Lucene builds a MultiPhraseQuery / SynonymQuery from stacked tokens). The raw
`title`/`body` are indexed with `newsdex_plain` (newsdex's word pattern, lower case, offsets in
the postings) for OpenSearch's unified highlighter and stored in `_source` as written.
"""

from __future__ import annotations

import os

from indexer.backends.whoosh.analysis import TOKEN_PATTERN
from indexer.backends.whoosh.schema import TEXT_LANGUAGES

FORMAT = "newsdex-opensearch"
MAPPING_VERSION = 1  # bump when a change needs existing indexes to be indexed again
ENTITY_KINDS = ("person", "place", "org")  # entities with ids, names and labels
LEMMA_ANALYZER = "newsdex_lemmas"
PLAIN_ANALYZER = "newsdex_plain"
ALTERNATIVES = "|"  # joins the lemmas of one position in a pre-tokenized field
DEFAULT_SHARDS = 1
DEFAULT_REPLICAS = 0  # one node in development; `?replicas=1` (or the env var) for a cluster
REPLICAS_ENV = "NEWSDEX_OPENSEARCH_REPLICAS"
SHARDS_ENV = "NEWSDEX_OPENSEARCH_SHARDS"

_KEYWORD = {"type": "keyword"}
_LOWER_KEYWORD = {"type": "keyword", "normalizer": "newsdex_lower"}


def text_fields(kind: str) -> list[str]:
    """The pre-tokenized per-language field names of "title" or "body" (as in Whoosh)."""
    return [f"{kind}_{lang}" for lang in TEXT_LANGUAGES]


def analysis() -> dict:
    """The analyzers and normalizer newsdex's fields use."""
    return {
        "filter": {
            "newsdex_alternatives": {"type": "pattern_capture", "preserve_original": False,
                                     "patterns": [r"([^|]+)"]},
        },
        "tokenizer": {
            "newsdex_words": {"type": "pattern", "pattern": TOKEN_PATTERN, "group": 0,
                              "flags": "UNICODE_CHARACTER_CLASS"},
        },
        "analyzer": {
            LEMMA_ANALYZER: {"type": "custom", "tokenizer": "whitespace",
                             "filter": ["newsdex_alternatives"]},
            PLAIN_ANALYZER: {"type": "custom", "tokenizer": "newsdex_words",
                             "filter": ["lowercase"]},
        },
        "normalizer": {"newsdex_lower": {"type": "custom", "filter": ["lowercase"]}},
    }


def properties() -> dict:
    """Every field of a newsdex document (see `indexer.backends.opensearch.documents`)."""
    props: dict = {
        "id": _KEYWORD,
        "hash": _KEYWORD,
        "url": {"type": "keyword", "index": False, "doc_values": False},
        "title": {"type": "text", "analyzer": PLAIN_ANALYZER, "index_options": "offsets"},
        "body": {"type": "text", "analyzer": PLAIN_ANALYZER, "index_options": "offsets"},
        "source": {"type": "keyword", "fields": {"lower": _LOWER_KEYWORD}},
        "lang": _KEYWORD,
        "published": {"type": "date", "format": "strict_date_optional_time"},
        "authors": {"type": "keyword", "index": False, "doc_values": False},
        "origins": {"type": "keyword", "index": False, "doc_values": False},
        "mentions": {"type": "object", "enabled": False},
        "date": {"type": "date", "format": "strict_date"},
        "dup_of": _KEYWORD,
        "copy": {"type": "boolean"},
        "bands": _KEYWORD,
        "minhash": {"type": "binary"},
    }
    for kind in ENTITY_KINDS:
        props[kind] = _KEYWORD
        props[f"{kind}_names"] = _LOWER_KEYWORD
        props[f"{kind}_entity"] = {"type": "keyword", "index": False}
    for kind in ("title", "body"):
        for name in text_fields(kind):
            props[name] = {"type": "text", "analyzer": LEMMA_ANALYZER,
                           "search_analyzer": LEMMA_ANALYZER}
    return props


def _count(query: dict, key: str, env: str, default: int) -> int:
    raw = (query.get(key) or [os.environ.get(env) or ""])[-1]
    if raw == "":
        return default
    if not raw.isdigit():
        from indexer.errors import IndexUnavailable

        raise IndexUnavailable(f"OpenSearch address: {key}={raw!r} is not a number")
    return int(raw)


def index_body(query: dict[str, list[str]] | None = None) -> dict:
    """The body of the create-index request: settings (shards and replicas from the
    address's query `?shards=N&replicas=N`, else $NEWSDEX_OPENSEARCH_SHARDS /
    $NEWSDEX_OPENSEARCH_REPLICAS, else 1 and 0) and the mapping with its `_meta`."""
    query = query or {}
    return {
        "settings": {
            "index": {
                "number_of_shards": _count(query, "shards", SHARDS_ENV, DEFAULT_SHARDS),
                "number_of_replicas": _count(query, "replicas", REPLICAS_ENV,
                                             DEFAULT_REPLICAS),
                # Whoosh's BM25F defaults, which Lucene's BM25 shares
                "similarity": {"default": {"type": "BM25", "k1": 1.2, "b": 0.75}},
            },
            "analysis": analysis(),
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {"format": FORMAT, "mapping_version": MAPPING_VERSION},
            "properties": properties(),
        },
    }


def mapping_problem(mapping: dict) -> str | None:
    """What is wrong with an existing index's mapping (`GET index/_mapping` of one index:
    `{"mappings": {...}}`), or None when it is newsdex's of this version."""
    meta = (mapping.get("mappings") or {}).get("_meta") or {}
    if meta.get("format") != FORMAT:
        return "is not a newsdex index (its mapping records no newsdex format)"
    version = meta.get("mapping_version")
    if version != MAPPING_VERSION:
        return (f"has newsdex mapping version {version}, this newsdex writes version "
                f"{MAPPING_VERSION}: delete the index and index the sources again")
    return None

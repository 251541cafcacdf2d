"""The Whoosh schema of a newsdex index, declared once.

Text is analyzed per language: an article fills `title_<lang>`/`body_<lang>` of its own
language (`xx` for any other), so that each language gets its own stemming and a query is
parsed by every language's analyzer. Facets are keyword fields of canonical entity ids;
`published` is a sortable date. The article itself is stored as-is for display.
"""

from __future__ import annotations

from whoosh.analysis import IDTokenizer, LowercaseFilter
from whoosh.columns import FixedBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from indexer.backends.whoosh import bands
from indexer.backends.whoosh.analysis import LANGUAGES, analyzer_for

TEXT_LANGUAGES = (*LANGUAGES, "xx")
TITLE_BOOST = 2.0

# Facet fields: the value of each is a list of canonical ids (or plain values).
ENTITY_FIELDS = ("person", "place", "org", "date")
FACET_FIELDS = (*ENTITY_FIELDS, "source", "lang")

# Schema version: bump when a change needs existing indexes to be rebuilt.
SCHEMA_VERSION = 3  # 3: near-duplicate fields dup_of, copy, lsh, minhash

# Near-duplicate fields (indexer.duplicates.minhash): added to older indexes in place by the writer.
# (Indexes made before the `bands` column keep their band keys as terms of `lsh`.)
DEDUP_FIELDS = ("dup_of", "copy", bands.FIELD, "minhash")


def text_fields(kind: str) -> list[str]:
    """The per-language field names of "title" or "body"."""
    return [f"{kind}_{lang}" for lang in TEXT_LANGUAGES]


def text_field(kind: str, language: str | None) -> str:
    """The field that holds `kind` ("title"/"body") of an article in `language`."""
    return f"{kind}_{language if language in LANGUAGES else 'xx'}"


def dedup_fields() -> dict:
    """Near-duplicates: the first copy's id, a copy flag, LSH band codes, the signature."""
    return {
        "dup_of": ID(stored=True),  # id of the first indexed copy of the same story
        "copy": ID(),  # "1" on every later copy: search counts a story once without them
        # MinHash band codes, a fixed-width column: the index holds the LSH table
        bands.FIELD: COLUMN(FixedBytesColumn(bands.WIDTH)),
        "minhash": STORED(),
    }


def build_schema() -> Schema:
    """A fresh schema object for a newsdex index."""
    fields = {
        "id": ID(stored=True, unique=True),
        "hash": ID(stored=True),
        "url": STORED(),
        "title": STORED(),
        "body": STORED(),
        "record": STORED(),
        "source": ID(stored=True, analyzer=IDTokenizer() | LowercaseFilter()),
        "lang": ID(stored=True),
        "published": DATETIME(stored=True, sortable=True),
        **dedup_fields(),
    }
    for field_name in ENTITY_FIELDS:
        fields[field_name] = KEYWORD(commas=True, lowercase=False, scorable=False)
    for lang in TEXT_LANGUAGES:
        analyzer = analyzer_for(lang)
        # uk/ru words analyze to several lemmas at one position: any of them may match.
        multi = "or" if lang in ("uk", "ru") else "default"
        fields[f"title_{lang}"] = TEXT(analyzer=analyzer, field_boost=TITLE_BOOST,
                                       multitoken_query=multi)
        fields[f"body_{lang}"] = TEXT(analyzer=analyzer, multitoken_query=multi)
    return Schema(**fields)

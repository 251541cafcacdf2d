"""Input readers: files, folders and stdin in plain text, JSON Lines, JSON and CSV to Articles.

Other formats (HTML, feeds, WARC) plug in with `register_reader`.
"""

from indexer.readers.core import NOT_NEWS, READERS, Reader, read_inputs, register_reader
from indexer.readers.records import (
    FIELD_ALIASES,
    normalize_language,
    parse_date,
    record_to_article,
    source_from_url,
    split_authors,
)

__all__ = [
    "FIELD_ALIASES",
    "NOT_NEWS",
    "READERS",
    "Reader",
    "normalize_language",
    "parse_date",
    "read_inputs",
    "record_to_article",
    "register_reader",
    "source_from_url",
    "split_authors",
]

"""Input readers: files, folders and stdin to Articles.

Plain text, JSON Lines, JSON and CSV here; HTML pages (`indexer.readers.html`), RSS/Atom/JSON feeds
(`indexer.readers.feeds`) and web archives (`indexer.readers.warc`) are registered by extension in
`indexer.readers.core`, and unnamed HTML/feeds are recognized by their content. Other formats
plug in with `register_reader`.
"""

from indexer.readers.core import (
    MAX_FILE_BYTES,
    NOT_NEWS,
    READERS,
    Reader,
    input_files,
    read_inputs,
    register_reader,
)
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
    "MAX_FILE_BYTES",
    "NOT_NEWS",
    "READERS",
    "Reader",
    "input_files",
    "normalize_language",
    "parse_date",
    "read_inputs",
    "record_to_article",
    "register_reader",
    "source_from_url",
    "split_authors",
]

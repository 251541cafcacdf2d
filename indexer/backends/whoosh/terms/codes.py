"""The word codes of an article's text fields, worked out by the writing process.

A sub-writer used to split each text field at whitespace and look every piece up in its
vocabulary (`indexer.backends.whoosh.terms.vocabulary`), while the writing process had already
split and looked
up the body's pieces for its MinHash signature (`indexer.duplicates.minhash`). Now the writing
process
numbers a text's pieces once (`indexer.text.piece_ids`) for both, and hands the field's codes to
the sub-writer with the document (under `KEY`, which Whoosh ignores: its name starts with
an underscore). A sub-writer forked from the writing process holds the same vocabulary and
uses them as they are; any other (a vocabulary begun anew, one forked half-way through a
word) analyzes the text itself (`indexer.backends.whoosh.codec.postings`).
"""

from __future__ import annotations

import numpy as np

from indexer.backends.whoosh.terms.term_keys import plan_for
from indexer.backends.whoosh.terms.vocabulary import vocabulary
from indexer.text.piece_ids import piece_ids

KEY = "_words"  # a document's {field name: (vocabulary serial, int32 codes as bytes, length)}


def numbered(text: str) -> tuple[list[str], np.ndarray]:
    """A text split at whitespace, and the process's numbers of its pieces."""
    pieces = text.split()
    return pieces, piece_ids().of(pieces)


def field_codes(schema, fieldname: str, numbers: np.ndarray) -> tuple | None:
    """(vocabulary serial, codes as bytes, length in terms) of a text field whose pieces
    are numbered `numbers`; None when the field's analyzer has no vocabulary."""
    if fieldname not in schema:
        return None
    analyzer = getattr(schema[fieldname], "analyzer", None)
    plan = None if analyzer is None else plan_for(analyzer)
    if plan is None:
        return None
    words = vocabulary(plan)
    found = words.codes(numbers)
    if found is None:
        return None
    codes, length = found
    return words.serial, codes.tobytes(), length

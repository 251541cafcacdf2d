"""Texts split at whitespace, each distinct piece looked up once.

A tokenizer whose words never hold whitespace (`\\w+`, newsdex's token pattern) finds in a
text exactly the words it finds in the text's whitespace-separated pieces, in order. News
repeats its pieces, so a writer maps each distinct piece to what its words give (their
codes, their hashes) and a text becomes `str.split` plus one dictionary look-up per piece:
`indexer.text_columns` (a sub-writer's word codes) and `indexer.dedup` (MinHash word
hashes) do. A regex scan and a look-up per word were a fifth of the CPU of a bulk load
(py-spy, 30,000 synthetic articles: 13% in the word codes, 7% in the word hashes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def splice(values: list, pieces: list[str], expand: Callable[[str], Iterable]) -> list:
    """`values`, one per piece, with each None (a piece of several words or none, or one
    not seen before) replaced by the values of its words, `expand(piece)`."""
    spliced: list = []
    start = 0
    while True:
        try:
            at = values.index(None, start)
        except ValueError:
            break
        spliced += values[start:at]
        spliced += expand(pieces[at])
        start = at + 1
    spliced += values[start:]
    return spliced

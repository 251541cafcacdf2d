"""Texts split at whitespace, each distinct piece looked up once.

A tokenizer whose words never hold whitespace (`\\w+`, newsdex's token pattern) finds in a
text exactly the words it finds in the text's whitespace-separated pieces, in order. News
repeats its pieces, so a writer maps each distinct piece to what its words give
(`PieceValues`: their codes, their hashes) and a text becomes `str.split` plus one dictionary
look-up per piece: `indexer.backends.whoosh.codec.text_columns` (a sub-writer's word codes) and
`indexer.duplicates.minhash` (MinHash word hashes) do. This replaces a regex scan and a look-up
per word (figures: BENCHMARKS.md, design measurements).
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


class PieceValues:
    """The values of the words of each distinct piece, worked out once: a piece of one word
    is kept as its value (one look-up per piece of a text), any other as their tuple."""

    def __init__(self, words: Callable[[str], list[str]], value: Callable[[str], object],
                 limit: int | None = None) -> None:
        """`words` splits a piece into its words, `value` gives a word's value; each cache
        is emptied when it passes `limit` pieces."""
        self._words, self._value, self._limit = words, value, limit
        self._single: dict[str, object] = {}
        self._several: dict[str, tuple] = {}

    def of(self, pieces: list[str]) -> list:
        """The value of every word of these pieces (a text split at whitespace), in order."""
        values = list(map(self._single.get, pieces))
        if None in values:  # a piece of several words or none, or one not seen before
            values = splice(values, pieces, self._piece)
        return values

    def _piece(self, piece: str) -> tuple:
        found = self._several.get(piece)
        if found is None:
            found = tuple(self._value(word) for word in self._words(piece))
            cache = self._single if len(found) == 1 else self._several
            if self._limit is not None and len(cache) > self._limit:
                cache.clear()
            cache[piece] = found[0] if len(found) == 1 else found
        return found

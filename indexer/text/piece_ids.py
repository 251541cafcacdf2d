"""Every distinct piece of text the writing process met, numbered once for all its look-ups.

A text split at whitespace (`indexer.text.pieces`) was looked up twice per piece: once in the
writing process for the MinHash word hashes of a body (`indexer.duplicates.minhash`), once more
in a sub-writer for the word codes of its text field (`indexer.backends.whoosh.terms.vocabulary`),
each time hashing a fresh string into a large dictionary (figures: BENCHMARKS.md, design
measurements). Here the writing process numbers each distinct piece once (`PieceIds`); what a
piece's words give (their hashes, their codes in one analyzer's vocabulary) is an array indexed
by that number (`PieceView`), so each further use of a text's pieces is one numpy take.

`PieceIds.of` takes a text's pieces and returns their numbers (int32), numbering new ones on;
after LIMIT pieces the numbering starts anew and `generation` changes, and a `PieceView` then
forgets what it worked out. The numbering belongs to the writing process's one writing thread
(it is not locked).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

LIMIT = 2_000_000  # distinct pieces numbered before the numbering starts anew
UNKNOWN, SEVERAL = -1, -2  # a view's entry: not worked out yet; a piece of 0 or 2+ words


class PieceIds:
    """Distinct pieces of text, numbered in the order met; `generation` changes when the
    numbering starts anew (after LIMIT pieces)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.pieces: list[str] = []
        self.generation = 0

    def of(self, pieces: list[str]) -> np.ndarray:
        """The numbers of these pieces (int32), new pieces numbered on."""
        found = list(map(self.index.get, pieces))
        if None in found:
            if len(self.pieces) + len(pieces) > LIMIT:
                self.index, self.pieces = {}, []
                self.generation += 1
                found = [None] * len(pieces)
            found = [self._add(piece) if number is None else number
                     for piece, number in zip(pieces, found, strict=True)]
        return np.array(found, dtype=np.int32)

    def _add(self, piece: str) -> int:
        number = self.index.get(piece)  # a piece met twice in the same text
        if number is None:
            number = self.index[piece] = len(self.pieces)
            self.pieces.append(piece)
        return number


class PieceView:
    """The values of the words of each numbered piece (a word's value: a non-negative
    int64), worked out once per piece: a text's values are one take from an array."""

    def __init__(self, words: Callable[[str], list[str]], value: Callable[[str], int]) -> None:
        """`words` splits a piece into its words, `value` gives a word's value."""
        self._words, self._value = words, value
        self._single = np.full(1024, UNKNOWN, dtype=np.int64)
        self._several: dict[int, tuple[int, ...]] = {}
        self._generation = 0

    def values(self, ids: PieceIds, numbers: np.ndarray) -> np.ndarray:
        """The value of every word of the pieces with these numbers, in order."""
        if self._generation != ids.generation:
            self._single[:] = UNKNOWN
            self._several.clear()
            self._generation = ids.generation
        if len(ids.pieces) > len(self._single):
            grown = np.full(max(len(ids.pieces), 2 * len(self._single)), UNKNOWN, np.int64)
            grown[:len(self._single)] = self._single
            self._single = grown
        found = self._single[numbers]
        odd = np.flatnonzero(found < 0)
        if not odd.size:
            return found
        for number in numbers[odd].tolist():
            if self._single[number] == UNKNOWN:
                self._learn(number, ids.pieces[number])
        found = self._single[numbers]
        odd = np.flatnonzero(found < 0)
        if not odd.size:
            return found
        parts, start = [], 0
        for at in odd.tolist():
            parts.append(found[start:at])
            parts.append(np.array(self._several[int(numbers[at])], dtype=np.int64))
            start = at + 1
        parts.append(found[start:])
        return np.concatenate(parts)

    def _learn(self, number: int, piece: str) -> None:
        values = tuple(self._value(word) for word in self._words(piece))
        if len(values) == 1:
            self._single[number] = values[0]
        else:
            self._single[number] = SEVERAL
            self._several[number] = values


_ids = PieceIds()


def piece_ids() -> PieceIds:
    """This process's numbering of pieces."""
    return _ids

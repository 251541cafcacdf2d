"""The words one analyzer has met in a process, numbered, kept from segment to segment.

`indexer.backends.whoosh.codec.text_columns` keeps a text field of a new segment as the codes
of its words. Those codes were numbered afresh for every segment, and each sub-writer (Whoosh
forks new ones for every commit) looked every distinct piece of text up anew, a sizeable share
of a bulk load's CPU (figures: BENCHMARKS.md, design measurements). Here the numbering belongs
to the process, one `Vocabulary` per analyzer: a forked sub-writer inherits its parent's,
numbers the pieces it meets on from there, and hands the pieces it learned back
(`word_caches.hand_back`); the parent learns them in turn (`learn`) before it forks the next
sub-writers. A segment's postings keep only the terms its documents use, so codes need not be
dense within a segment.
"""

from __future__ import annotations

import itertools
import os

import numpy as np
from whoosh.analysis.tokenizers import default_pattern

from indexer.backends.whoosh.analysis import TOKEN_PATTERN
from indexer.backends.whoosh.terms import caches as word_caches
from indexer.backends.whoosh.terms.term_keys import WordPlan, plan_for
from indexer.text.piece_ids import PieceView, piece_ids
from indexer.text.pieces import PieceValues

# Tokenizer patterns that match no whitespace: a text's words are the words of its pieces
# split at whitespace, each distinct piece matched once (newsdex's and Whoosh's default).
SPACELESS = frozenset({TOKEN_PATTERN, default_pattern.pattern})
LIMIT = word_caches.LIMIT  # words or terms a vocabulary holds before a segment starts anew
_serials = itertools.count()


class Vocabulary:
    """Word codes of one analyzer: each word's terms, each distinct piece's words."""

    def __init__(self, plan: WordPlan, log: bool = False) -> None:
        """An empty vocabulary of `plan`'s analyzer; with `log`, the pieces it learns are
        listed in `learned` (a sub-writer hands them back)."""
        self.plan = plan
        self.index: dict[str, int] = {}  # word -> code
        self.nterms = np.zeros(1024, dtype=np.int32)  # code -> number of terms
        self.first: list[int] = []  # code -> its first term in flat
        self.flat: list[int] = []  # term ids of every word, in word order
        self._term_ids: dict[str, int] = {}
        self.terms: list[str] = []  # term id -> text
        self.learned: list[str] | None = [] if log else None
        # Which vocabulary this is, in any process: codes the writing process worked out
        # are used by a sub-writer only if it holds the same vocabulary (forked from it)
        self.serial = (os.getpid(), next(_serials))
        self._view: PieceView | None = None
        expression = plan.expression
        self._findall = (expression.findall if expression.groups == 0
                         else lambda text: [m.group(0) for m in expression.finditer(text)])
        # A text is split at whitespace, which no word of the tokenizer holds, and each
        # distinct piece ("Kupiansk,", "3,000", "--") is matched once (else a piece is a word)
        self.split = expression.pattern in SPACELESS
        self._pieces = PieceValues(self._words if self.split else lambda piece: [piece],
                                   self._code)

    def __len__(self) -> int:
        return max(len(self.first), len(self.terms))

    def analyze(self, text: str) -> tuple[np.ndarray, int]:
        """A text's word codes and its length in terms (what Whoosh counts as its length)."""
        pieces = text.split() if self.split else self._findall(text)
        array = np.array(self._pieces.of(pieces), dtype=np.int32)
        return array, int(self.nterms[array].sum())

    def codes(self, numbers: np.ndarray) -> tuple[np.ndarray, int] | None:
        """`analyze` of a text split at whitespace whose pieces the process numbered
        `numbers` (`indexer.text.piece_ids`); None for an analyzer whose words may hold
        whitespace."""
        if not self.split:
            return None
        if self._view is None:
            self._view = PieceView(self._findall, self._code)
        array = self._view.values(piece_ids(), numbers).astype(np.int32)
        return array, int(self.nterms[array].sum())

    def learn(self, pieces: list[str]) -> None:
        """Number the words of these pieces (a sub-writer's `learned`), as `analyze` would."""
        if self.split:
            self._pieces.of(pieces)
        else:
            for word in pieces:
                self._code(word)

    def _words(self, piece: str) -> list[str]:
        if self.learned is not None:
            self.learned.append(piece)
        return self._findall(piece)

    def _code(self, word: str) -> int:
        code = self.index.get(word)
        if code is None:
            if not self.split and self.learned is not None:
                self.learned.append(word)
            code = self._add_word(word)
        return code

    def _add_word(self, word: str) -> int:
        code = len(self.first)
        found = self.plan.terms(word)
        if code >= len(self.nterms):
            self.nterms = np.concatenate([self.nterms, np.zeros_like(self.nterms)])
        self.nterms[code] = len(found)
        self.first.append(len(self.flat))
        for term in found:
            term_id = self._term_ids.get(term)
            if term_id is None:
                term_id = self._term_ids[term] = len(self.terms)
                self.terms.append(term)
            self.flat.append(term_id)
        self.index[word] = code
        return code


_vocabularies: dict[str, Vocabulary] = {}


def vocabulary(plan: WordPlan) -> Vocabulary:
    """This process's vocabulary of `plan`'s analyzer, begun anew once it holds LIMIT words
    or terms (call it when a segment starts: its codes stay valid until it ends)."""
    key = plan.key
    found = _vocabularies.get(key)
    if found is None or len(found) >= LIMIT:
        found = _vocabularies[key] = Vocabulary(plan, log=word_caches.in_sub_writer())
    return found


def learned() -> dict[str, list[str]]:
    """The pieces each vocabulary of this process learned since it was forked."""
    return {key: found.learned for key, found in _vocabularies.items() if found.learned}


def learn(schema, pieces: dict[str, list[str]]) -> None:
    """In the parent: learn what its sub-writers learned, for each analyzer of the schema's
    fields that has a word plan (the next sub-writers inherit it)."""
    for field in schema:
        analyzer = getattr(field, "analyzer", None)
        plan = None if analyzer is None else plan_for(analyzer)
        if plan is not None and pieces.get(plan.key):
            vocabulary(plan).learn(pieces[plan.key])


def _after_fork() -> None:
    for key, found in list(_vocabularies.items()):
        if len(found.first) != len(found.index) or len(found.terms) != len(found._term_ids):
            del _vocabularies[key]  # forked by another thread while it was learning a word
        else:
            found.learned = []  # a child lists what it learns from here on


os.register_at_fork(after_in_child=_after_fork)

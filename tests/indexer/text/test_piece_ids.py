"""Pieces numbered once for all the writer's look-ups (indexer.text.piece_ids), and what the
word codes and signatures worked out from those numbers give
(indexer.backends.whoosh.terms.codes)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.backends.whoosh.analysis import analyzer_for
from indexer.backends.whoosh.terms import vocabulary
from indexer.backends.whoosh.terms.term_keys import plan_for
from indexer.duplicates import minhash as dedup
from indexer.text import piece_ids

TEXTS = ["", "one", "a b a b a", "U.S.-led -- talks: 3,000 troops", "— … ' ’ ``",
         "Куп’янськ, СИРСЬКИЙ і İstanbul; Straße ΟΔΟΣ ΣΟΦΟΣ", "a\u00a0b\tc\nd e\u2003f"]


def _words(piece: str) -> list[str]:
    return re.findall(r"\w+", piece)


@pytest.fixture
def ids(monkeypatch) -> piece_ids.PieceIds:
    """A fresh numbering that starts anew after 12 pieces."""
    monkeypatch.setattr(piece_ids, "LIMIT", 12)
    fresh = piece_ids.PieceIds()
    monkeypatch.setattr(piece_ids, "_ids", fresh)
    return fresh


def test_pieces_are_numbered_once_and_anew_after_the_limit(ids):
    assert ids.of(["a", "b", "a"]).tolist() == [0, 1, 0]
    assert ids.of(["b", "c"]).tolist() == [1, 2]
    assert ids.of([str(i) for i in range(10)]).tolist() == list(range(10))  # 13 > 12
    assert ids.generation == 1 and ids.pieces[:2] == ["0", "1"]


def test_views_give_every_word_of_the_pieces_across_generations(ids):
    view = piece_ids.PieceView(_words, len)
    for text in [*TEXTS, *TEXTS[::-1], " ".join(TEXTS)]:
        pieces = text.split()
        expected = [len(w) for piece in pieces for w in _words(piece)]
        assert view.values(ids, ids.of(pieces)).tolist() == expected, text
    assert ids.generation >= 2


@pytest.mark.parametrize("text", TEXTS)
def test_signatures_from_numbered_pieces_equal_those_of_the_text(ids, text):
    pieces = text.split()
    ours = dedup.signature_of(pieces, ids.of(pieces))
    reference = dedup.signature(text)
    assert (ours is None and reference is None) or ours.tolist() == reference.tolist()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=30), max_size=40),
       st.sampled_from(["en", "uk", "ru"]))
def test_word_codes_from_numbered_pieces_equal_the_analyzed_text(texts, language):
    """The writer's codes (`Vocabulary.codes`) are the sub-writer's (`analyze`), whichever
    comes first, the numbering and the vocabulary starting anew in between."""
    words = vocabulary.vocabulary(plan_for(analyzer_for(language)))
    for text in texts:
        numbers = piece_ids.piece_ids().of(text.split())
        codes, length = words.codes(numbers)
        analyzed, analyzed_length = words.analyze(text)
        assert codes.tolist() == analyzed.tolist() and length == analyzed_length
        assert codes.dtype == np.int32

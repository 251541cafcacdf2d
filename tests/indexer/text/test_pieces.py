"""Texts split at whitespace (indexer.text.pieces): the split keeps every word whole."""

from __future__ import annotations

import re

import pytest

from indexer.backends.whoosh.terms.vocabulary import SPACELESS
from indexer.text.pieces import splice

SPACES = [chr(i) for i in range(0x110000) if chr(i).isspace()]


@pytest.mark.parametrize("pattern", sorted(SPACELESS))
def test_no_word_of_the_split_tokenizers_holds_whitespace(pattern):
    assert len(SPACES) > 20  # tab, newline, no-break and em spaces, line separator ...
    for space in SPACES:
        for text in (f"a{space}b", f"a.{space}b", f"a'{space}b", f"u.s{space}.b"):
            words = re.findall(pattern, text)
            assert all(space not in word for word in words), (pattern, text)
            assert re.findall(pattern, text) == [
                w for piece in text.split() for w in re.findall(pattern, piece)]


@pytest.mark.parametrize(("values", "pieces", "expected"), [
    ([], [], []),
    ([1, 2], ["a", "b"], [1, 2]),
    ([None], ["--"], []),
    ([1, None, 3], ["a", "b-c", "d"], [1, "b", "c", 3]),
    ([None, None], ["x-y", "--"], ["x", "y"]),
])
def test_splice_replaces_each_missing_value_by_its_pieces_words(values, pieces, expected):
    assert splice(values, pieces, lambda piece: re.findall(r"\w+", piece)) == expected

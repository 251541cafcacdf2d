"""A text field's word codes (indexer.text_columns): the text split at whitespace, each
distinct piece matched once, gives exactly the tokenizer's words, in order."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import LowercaseFilter, RegexTokenizer

from indexer.analysis import analyzer_for
from indexer.fast_terms import plan_for
from indexer.text_columns import TextColumns

TEXTS = [
    "U.S.-led talks on 3,000 troops — don't stop",
    "Куп’янськ, Сирський: «тест» і т.д.; Купянск",
    "a'b.c'd e.f'g h.i.j'k",
    "",
    "  \t\n ",
    "tab\tand\nnewline\u00a0nbsp\u2003em\u2028line\x1cunit",
    "— -- ... ,,, «»",
    "word word. word, (word) word! WORD",
]


def _words_of(columns: TextColumns, codes) -> list[str]:
    by_code = {code: word for word, code in columns._index.items()}
    return [by_code[code] for code in codes.tolist()]


def _check(plan, texts: list[str]) -> None:
    columns = TextColumns(plan, 1.0)
    for _ in range(2):  # first learning the pieces, then looking them up
        for text in texts:
            codes, length = columns.analyze(text)
            words = [m.group(0) for m in plan.expression.finditer(text)]
            assert _words_of(columns, codes) == words, text
            assert length == sum(len(plan.terms(word)) for word in words)


@pytest.mark.parametrize("language", ["en", "uk", "xx"])
def test_pieces_give_the_tokenizer_words(language):
    _check(plan_for(analyzer_for(language)), TEXTS)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(
    [*"ab1_ .,'’ʼ-—\t\n\u00a0\u2003яї", "U.S.", "don't", "3,000"])).map("".join), max_size=6))
def test_pieces_give_the_tokenizer_words_of_any_text(texts):
    _check(plan_for(analyzer_for("uk")), texts)


def test_a_tokenizer_whose_words_hold_spaces_is_not_split():
    """Only tokenizers known to match no whitespace split texts at it first."""
    plan = plan_for(RegexTokenizer(r"[^,]+") | LowercaseFilter())
    _check(plan, ["New York, Los Angeles", "a b c", ", ,"])
    columns = TextColumns(plan, 1.0)
    codes, _ = columns.analyze("New York, Los Angeles")
    assert _words_of(columns, codes) == ["New York", " Los Angeles"]

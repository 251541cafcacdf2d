"""A process's word codes (indexer.backends.whoosh.terms.vocabulary): the text split at whitespace,
each distinct
piece matched once, gives exactly the tokenizer's words, in order; what a sub-writer learned
is learned again by its parent, and a vocabulary forked mid-word is not inherited."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import LowercaseFilter, RegexTokenizer

from indexer.backends.whoosh.analysis import analyzer_for
from indexer.backends.whoosh.codec.text_columns import TextColumns
from indexer.backends.whoosh.terms import vocabulary
from indexer.backends.whoosh.terms.term_keys import plan_for
from indexer.backends.whoosh.terms.vocabulary import Vocabulary

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


def _words_of(vocab: Vocabulary, codes) -> list[str]:
    by_code = {code: word for word, code in vocab.index.items()}
    return [by_code[code] for code in codes.tolist()]


def _check(plan, texts: list[str]) -> Vocabulary:
    vocab = Vocabulary(plan)
    for _ in range(2):  # first learning the pieces, then looking them up
        for text in texts:
            codes, length = vocab.analyze(text)
            words = [m.group(0) for m in plan.expression.finditer(text)]
            assert _words_of(vocab, codes) == words, text
            assert length == sum(len(plan.terms(word)) for word in words)
    return vocab


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
    vocab = Vocabulary(plan)
    codes, _ = vocab.analyze("New York, Los Angeles")
    assert _words_of(vocab, codes) == ["New York", " Los Angeles"]


@pytest.mark.parametrize("pattern", ["uk", "comma"])
def test_the_parent_learns_what_a_sub_writer_learned(pattern):
    """The pieces (or, for a tokenizer that is not split at whitespace, the words) a logging
    vocabulary learned make another vocabulary number the same words in the same order."""
    plan = plan_for(analyzer_for("uk") if pattern == "uk"
                    else RegexTokenizer(r"[^,]+") | LowercaseFilter())
    child = Vocabulary(plan, log=True)
    for text in [*TEXTS, *TEXTS]:
        child.analyze(text)
    parent = Vocabulary(plan)
    parent.learn(child.learned)
    assert parent.index == child.index
    assert parent.terms == child.terms and parent.flat == child.flat
    assert len(child.learned) == len(set(child.learned))  # each learned once
    assert parent.learned is None


def test_a_vocabulary_starts_anew_when_full(monkeypatch):
    """The process's vocabulary of an analyzer is shared by segments until it holds LIMIT
    words; the next segment's columns get a new one."""
    monkeypatch.setattr(vocabulary, "_vocabularies", {})
    monkeypatch.setattr(vocabulary, "LIMIT", 5)
    plan = plan_for(analyzer_for("en"))
    first = TextColumns(plan, 1.0)
    assert TextColumns(plan, 1.0).vocab is first.vocab
    first.analyze("one two three four")
    assert TextColumns(plan, 1.0).vocab is first.vocab
    first.analyze("five six")
    assert TextColumns(plan, 1.0).vocab is not first.vocab


def test_a_vocabulary_forked_while_learning_a_word_is_not_inherited(monkeypatch):
    """After a fork, a child logs what it learns; a vocabulary caught half-way through
    numbering a word (forked by another thread) is left behind."""
    monkeypatch.setattr(vocabulary, "_vocabularies", {})
    whole = vocabulary.vocabulary(plan_for(analyzer_for("en")))
    half = vocabulary.vocabulary(plan_for(analyzer_for("uk")))
    whole.analyze("kept words")
    half.analyze("Київ")
    half.first.append(len(half.flat))  # _add_word's first step, not its last
    vocabulary._after_fork()
    assert list(vocabulary._vocabularies.values()) == [whole]
    assert whole.learned == []
    whole.analyze("kept words and new ones")
    assert whole.learned == ["and", "new", "ones"]
    assert vocabulary.learned() == {whole.plan.key: ["and", "new", "ones"]}

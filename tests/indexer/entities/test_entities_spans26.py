"""Issue 26 span rules: uk legal forms with their quoted names, ru places the gazetteer lacks
(real natasha + pymorphy3 models), and the fixed dev / held-out splits of the benchmark."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import SHARED_DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.entities import EntityExtractor
from indexer.entities.common import Cand
from indexer.entities.uk_orgs import legal_quoted

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


@pytest.mark.parametrize("text, org", [
    ("Підрядником стало ТОВ «Будмонтажсервіс», яке виграло тендер.", "ТОВ «Будмонтажсервіс»"),
    ("Акції ПрАТ «Хліборобтех» купив інвестор зі Львова.", "ПрАТ «Хліборобтех»"),
    ("Контракт уклало ДП «Вінницяліс» ще навесні.", "ДП «Вінницяліс»"),
])
def test_uk_legal_form_and_closing_quote_join_the_org(extractor, text, org):
    orgs = {m.text for m in extractor.extract(text, "uk") if m.type == "org"}
    assert org in orgs


def test_ru_place_unknown_to_the_gazetteer_is_kept(extractor):
    text = "Паводок затопил деревню Верхние Ключи под Тамбовом и поселок Кривая Балка."
    places = {m.text: m.id for m in extractor.extract(text, "ru") if m.type == "place"}
    assert "Тамбовом" in places
    kept = [t for t, pid in places.items() if pid.startswith("loc-")]
    assert kept, places


@settings(max_examples=60, deadline=None)
@given(abbr=st.sampled_from(["ТОВ", "ПАТ", "ДП", "ПрАТ", "КП"]),
       name=st.text(alphabet="абвгдежзиклмнопрстуф", min_size=3, max_size=12),
       pre=st.text(alphabet="абв ", max_size=8))
def test_legal_quoted_oracle(abbr, name, pre):
    """Oracle: the widened span is exactly 'ABBR «Name»' when the name's span sat inside the
    quotes, and the abbreviation's own candidate is dropped."""
    text = f"{pre} {abbr} «{name.capitalize()}» діє."
    s = text.index("«") + 1
    e = text.index("»")
    a = text.index(abbr, len(pre))
    cands = [Cand(a, a + len(abbr), "org", "x", "x", 3), Cand(s, e, "org", "y", "y", 3)]
    out = legal_quoted(text, cands)
    assert [(c.start, c.end) for c in out] == [(a, e + 1)]
    assert text[out[0].start:out[0].end] == f"{abbr} «{name.capitalize()}»"


@pytest.mark.skipif(not (SHARED_DATA / "nerel").exists(), reason="gold corpora absent")
def test_splits_are_fixed_and_disjoint():
    import entities_splits as splits

    train, held = splits.conll_train_docs()
    assert len(held) == len(train + held) // splits.CONLL_HELD_FRACTION
    dev, heldout = splits.ner_uk_dev(), splits.ner_uk_held()
    assert not {d.id for d in dev} & {d.id for d in heldout} and heldout
    assert [d.id for d in splits.ner_uk_held()] == [d.id for d in heldout]
    nerel = splits.nerel("dev")
    assert len(nerel) == 94
    for doc in nerel:  # flat: no kept span inside another
        assert not any(a != b and a[0] <= b[0] and b[1] <= a[1]
                       for a in doc.spans for b in doc.spans)

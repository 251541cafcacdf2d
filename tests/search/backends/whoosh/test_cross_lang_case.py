"""Cross-language matching does not depend on the case a name is typed in (kupiansk,
KUPIANSK, Kupiansk), in the engine and on the CLI; a lower-case stop word is no name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_article, person, place
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.pipeline import index_articles
from search.backends import open_search
from search.cli import cli
from search.request import SearchRequest


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    kup = place("703656", "Kupiansk", 49.71, 37.61)
    he = person("he", "Хе")  # a pronoun taken for a name by an entity model
    articles = [
        make_article("Kupiansk liberated", "Forces entered Kupiansk.", url="https://x.test/1",
                     language="en", mentions=[kup]),
        make_article("Бої за Куп'янськ", "Сили увійшли до Куп'янська.", url="https://x.test/2",
                     language="uk", mentions=[kup]),
        make_article("Бои за Купянск", "Войска вошли в Купянск.", url="https://x.test/3",
                     language="ru", mentions=[kup]),
        make_article("Хе у Лондоні", "Хе виступив.", url="https://x.test/4",
                     language="uk", mentions=[he]),
        make_article("Budget", "He says the budget will pass.", url="https://x.test/5",
                     language="en"),
    ]
    folder = tmp_path_factory.mktemp("xl") / "ix"
    assert index_articles(articles, folder, entities=False).added == 5
    return folder


@pytest.fixture(scope="module")
def engine(index_dir):
    eng = open_search(index_dir)
    yield eng
    eng.close()


def _ids(engine, text: str, cross: bool = True) -> set[str]:
    result = engine.search(SearchRequest(query=text, cross_lang=cross, per_page=100))
    return {hit.id for hit in result.hits}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.booleans(), min_size=8, max_size=8))
def test_any_case_of_a_name_reaches_every_language(engine, upper):
    typed = "".join(c.upper() if u else c for c, u in zip("kupiansk", upper, strict=True))
    assert _ids(engine, typed) == {"https://x.test/1", "https://x.test/2", "https://x.test/3"}
    assert _ids(engine, typed, cross=False) == {"https://x.test/1"}


def test_a_lower_case_stop_word_is_no_name_but_the_capitalized_name_is(engine):
    assert _ids(engine, "he") == set()  # English drops it as a stop word: no name
    assert _ids(engine, "He") == {"https://x.test/4"}  # as typed, it may be one


@pytest.mark.parametrize("typed", ["kupiansk", "Kupiansk", "KUPIANSK", "куп'янськ"])
def test_cli_cross_lang_in_any_case(index_dir, typed):
    out = CliRunner().invoke(cli, ["search", typed, "--cross-lang", "--json",
                                   "--index", str(index_dir)])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output.splitlines()[-1])["total"] == 3

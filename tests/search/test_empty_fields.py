"""A text field empty in every document of a segment (no postings at all) indexes and searches."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from search.cli import cli

WORDS = st.sampled_from(["alpha", "bravo", "charlie", "delta", "echo"])
TEXT = st.one_of(st.just(""), st.lists(WORDS, min_size=1, max_size=4).map(" ".join))


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _index_and_search(tmp_path, records, *options: str) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    index_dir = tmp_path / "ix"
    result = _run("index", str(corpus), "--index", str(index_dir), *options)
    # 1 says some records were skipped (no body); never a crash
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "unexpected error" not in result.output
    with_body = [r for r in records if r["body"]]
    found = _run("search", "--index", str(index_dir), "--json", "")
    assert found.exit_code == 0, found.output
    assert 0 < json.loads(found.output)["total"] <= len(with_body)
    for word in ("alpha", "bravo"):
        hits = _run("search", "--index", str(index_dir), "--json", word)
        assert hits.exit_code == 0, hits.output
        want = sum(1 for r in with_body if word in r["title"].split() + r["body"].split())
        # near-duplicates may be folded into one hit
        assert (json.loads(hits.output)["total"] > 0) == (want > 0)


@pytest.mark.parametrize("options", [(), ("--no-entities", "--jobs", "2")])
def test_every_title_empty(tmp_path, options):
    records = [{"title": "", "body": f"alpha story {i}", "url": f"https://e.test/{i}"}
               for i in range(3)]
    _index_and_search(tmp_path, records, *options)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=6),
       st.sampled_from([("--no-entities",), ("--no-entities", "--jobs", "2")]))
def test_any_mix_of_empty_titles_and_bodies(tmp_path_factory, pairs, options):
    # A body of its own for each article (exact copies are stored once); at least one body.
    assume(any(b for _t, b in pairs))
    records = [{"title": t, "body": f"{b} story{i}" if b else "", "url": f"https://e.test/{i}"}
               for i, (t, b) in enumerate(pairs)]
    _index_and_search(tmp_path_factory.mktemp("mix"), records, *options)


def test_two_indexes_with_the_same_segment_ids_do_not_share_decoded_postings(tmp_path):
    # Whoosh draws segment ids from `random`: a seeded process gives two indexes one id.
    import random

    from indexer.article import Article
    from indexer.pipeline import index_articles
    from search.backends.whoosh.engine import SearchEngine, SearchRequest

    sizes = {"one": 1, "three": 3}
    for name, count in sizes.items():
        random.seed(0)
        index_articles([Article(title=f"Bravo {n}", body=f"bravo story number {n}",
                                url=f"https://{name}.test/{n}", language="en")
                        for n in range(count)], tmp_path / name, entities=False)
    for name in ("three", "one", "three"):
        engine = SearchEngine(tmp_path / name)
        try:
            result = engine.search(SearchRequest(query="bravo", per_page=10))
            assert result.total == sizes[name]
            assert {h.id for h in result.hits} == {f"https://{name}.test/{n}"
                                                   for n in range(sizes[name])}
        finally:
            engine.close()


def test_query_words_skip_binary_terms_of_date_fields(tmp_path):
    # published:"2022-05-06" put the date field's binary term among the words to highlight:
    # UnicodeDecodeError (500 on the page and API) once the query had hits.
    from whoosh import query as wq

    from indexer.article import Article
    from indexer.backends.whoosh.writer import open_index
    from indexer.pipeline import index_articles
    from search.backends.whoosh.hits import query_words

    index_articles([Article(title="Bravo", body="bravo story", url="https://b.test/1",
                            language="en")], tmp_path / "ix", entities=False)
    q = wq.Or([wq.Term("body_en", "bravo"), wq.Term("published", b"\xff\xfe\x00\x80"),
               wq.Term("person", "oleksandr-syrskyi")])
    with open_index(tmp_path / "ix").searcher() as searcher:
        words = query_words(q, searcher.reader())
    assert words == {"en": {"bravo"}, "entity ids": {"oleksandr-syrskyi"}}

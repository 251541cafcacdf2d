"""The completion table (indexer.backends.whoosh.completion) against a slow reference: the
stored records of a real index, their mentions filtered in Python."""

from __future__ import annotations

import json

import pytest
from anyascii import anyascii
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.backends.whoosh import completion
from indexer.backends.whoosh.store import open_index
from indexer.pipeline import index_articles


def reference(index_dir, prefix: str, facets=completion.FACETS) -> dict[tuple[str, str], int]:
    """(facet, id) -> article count of every entity with a spelling (name or text as
    written, or its transliteration) having a word that starts with `prefix`."""
    key = completion.normalize(prefix)
    spellings: dict[tuple[str, str], set[str]] = {}
    counts: dict[tuple[str, str], set[int]] = {}
    with open_index(index_dir).searcher() as searcher:
        for docnum, stored in enumerate(searcher.reader().all_stored_fields()):
            for m in json.loads(stored.get("record") or "{}").get("mentions", []):
                if m["type"] in facets:
                    spellings.setdefault((m["type"], m["id"]), set()).update(
                        {m["name"], m["text"]})
                    counts.setdefault((m["type"], m["id"]), set()).add(docnum)
    out = {}
    for entity, names in spellings.items():
        forms = {completion.normalize(f) for s in names for f in (s, anyascii(s))}
        if key and any(f.startswith(key) or f" {key}" in f for f in forms):
            out[entity] = len(counts[entity])
    return out


def _spellings(index_dir) -> list[str]:
    with open_index(index_dir).searcher() as searcher:
        return sorted({m[f] for stored in searcher.reader().all_stored_fields()
                       for m in json.loads(stored.get("record") or "{}").get("mentions", [])
                       for f in ("name", "text") if m["type"] in completion.FACETS})


def test_table_matches_the_stored_records(seed_index):
    names = _spellings(seed_index)
    assert completion.exists(seed_index) and names

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.one_of(
        st.sampled_from(names).flatmap(lambda s: st.integers(1, len(s)).map(lambda n: s[:n])),
        st.sampled_from(names).map(lambda s: s.split()[-1][:4].upper()),
        st.text(alphabet="абвгкпсуKkupsyrOo'’ ", min_size=1, max_size=5)))
    def check(prefix):
        got = completion.lookup(seed_index, prefix, limit=1000)
        assert {(c.facet, c.id): c.count for c in got} == reference(seed_index, prefix)
        assert [c.count for c in got] == sorted((c.count for c in got), reverse=True)

    check()


@pytest.mark.parametrize("prefix", ["Сирськ", "сирськ", "Куп'ян", "Купян", "куп’ян", "Kup"])
def test_cyrillic_latin_and_apostrophes(seed_index, prefix):
    got = completion.lookup(seed_index, prefix)
    assert got and got[0].id in {"oleksandr-syrskyi", "703656"}, got


def test_empty_prefix_and_missing_table(seed_index, tmp_path):
    assert completion.lookup(seed_index, "  ") == []
    assert completion.lookup(tmp_path, "Kup") == []


def test_counts_follow_a_replaced_article(tmp_path):
    from indexer.article import Article

    index_dir = tmp_path / "index"
    first = Article(title="Kupiansk shelled", body="Shelling hit Kupiansk on Monday.",
                    url="https://c.test/1", language="en")
    index_articles([first], index_dir)
    assert [(c.id, c.count) for c in completion.lookup(index_dir, "kupia")] == [("703656", 1)]
    other = Article(title="Kharkiv news", body="Kharkiv was quiet on Monday.",
                    url="https://c.test/1", language="en")
    index_articles([other], index_dir)  # the same id, another text: replaced
    assert completion.lookup(index_dir, "kupia") == []
    assert completion.lookup(index_dir, "khar")[0].count == 1


def test_delete_rewrites_the_table(tmp_path):
    """`newsdex delete` (by id, by source) takes the deleted articles out of the counts and
    drops names no live article holds; the table equals the stored records after each."""
    from conftest import make_article, person, place

    from indexer.backends.whoosh.maintenance import delete_articles

    kup, syr = place("703656", "Kupiansk"), person("oleksandr-syrskyi", "Oleksandr Syrskyi")
    zel = person("volodymyr-zelensky", "Volodymyr Zelensky")
    articles = [make_article(f"Story {i}", f"Story {i} about the front.", language="en",
                             url=f"https://d.test/{i}", source=source, mentions=mentions)
                for i, (source, mentions) in enumerate([
                    ("Wire", [kup, syr]), ("Wire", [kup]), ("Other", [kup, zel])])]
    index_dir = tmp_path / "index"
    assert index_articles(articles, index_dir, entities=False).added == 3

    def table(prefix: str) -> dict[tuple[str, str], int]:
        got = {(c.facet, c.id): c.count for c in completion.lookup(index_dir, prefix)}
        assert got == reference(index_dir, prefix)  # what the live records say
        return got

    assert table("kup") == {("place", "703656"): 3}
    assert delete_articles(index_dir, ids=["https://d.test/0"], wait=5) == 1
    assert table("kup") == {("place", "703656"): 2}
    assert table("syr") == {}  # only the deleted article named him
    assert delete_articles(index_dir, source="Other", wait=5) == 1
    assert table("kup") == {("place", "703656"): 1} and table("zel") == {}
    names = json.loads((index_dir / completion.DIR / "names.json").read_text("utf-8"))
    assert set(names["person"]) == set()  # the table's source forgets them too


def test_delete_leaves_an_index_without_a_table_without_one(tmp_path):
    from conftest import make_article, place

    from indexer.backends.whoosh.maintenance import delete_articles

    index_dir = tmp_path / "index"
    index_articles([make_article(f"Story {i}", f"Story {i}.", url=f"https://e.test/{i}",
                                 language="en", mentions=[place("703656", "Kupiansk")])
                    for i in range(2)], index_dir, entities=False)
    for name in ("keys.txt", "starts.npy", "names.json"):
        (index_dir / completion.DIR / name).unlink()  # as an index written before the table
    assert delete_articles(index_dir, ids=["https://e.test/0"], wait=5) == 1
    assert not completion.exists(index_dir)

"""The gazetteer read from its SQLite file answers every look-up as the built dicts do."""

from __future__ import annotations

import random
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.entities import gazetteer, gazetteer_store


@pytest.fixture(scope="module")
def built_and_stored(tmp_path_factory):
    built = gazetteer.build()
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite"
    gazetteer_store.write(built, path)
    return built, gazetteer.Gazetteer(**gazetteer_store.read(path, gazetteer.Place))


@pytest.mark.slow
def test_every_sampled_entry_reads_back(built_and_stored):
    built, stored = built_and_stored
    rng = random.Random(7)
    for table in ("aliases", "folds"):
        source = getattr(built, table)
        for key in rng.sample(sorted(source), 3000):
            assert getattr(stored, table).get(key) == (source[key] or None), (table, key)
    for pid in rng.sample(sorted(built.places), 3000):
        assert stored.places[pid] == built.places[pid]
        assert pid in stored.places
    for name in ("capital_region", "region_stems", "region_en", "capitals"):
        assert getattr(stored, name) == getattr(built, name)
    assert len(stored.places) == len(built.places)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=12))
def test_any_surface_looks_up_the_same(built_and_stored, surface):
    built, stored = built_and_stored
    assert stored.lookup(surface) == built.lookup(surface)
    assert stored.lookup(surface, fold=False) == built.lookup(surface, fold=False)
    assert (surface in stored.places) == (surface in built.places)


@pytest.mark.slow
def test_known_names_and_their_places(built_and_stored):
    built, stored = built_and_stored
    for name in ("kyiv", "куп'янськ", "лондон", "washington", "harkiv"):
        ids = stored.lookup(name)
        assert ids == built.lookup(name)
        assert all(stored.places[i] == built.places[i] for i in ids)


def test_a_file_that_is_no_gazetteer_is_refused(tmp_path):
    junk = tmp_path / "gazetteer.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(sqlite3.DatabaseError):
        gazetteer_store.read(junk, gazetteer.Place)
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).close()
    with pytest.raises(sqlite3.DatabaseError):
        gazetteer_store.read(empty, gazetteer.Place)
    with pytest.raises(OSError):
        gazetteer_store.read(tmp_path / "missing.sqlite", gazetteer.Place)

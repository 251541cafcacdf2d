"""GET /api/complete (issue 28.4): entity names from the completion table, any script."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("prefix", "entity"), [("Куп", "703656"), ("kup", "703656"),
                                                ("Сирськ", "oleksandr-syrskyi"),
                                                ("куп’ян", "703656")])
def test_complete_any_script(seed, prefix, entity):
    response = seed.get("/api/complete", query_string={"prefix": prefix})
    assert response.status_code == 200, response.data
    values = response.get_json()["values"]
    assert values[0]["value"] == entity and values[0]["count"] == 3, values


def test_complete_facet_and_limit(seed):
    data = seed.get("/api/complete?prefix=K&facet=person&limit=2").get_json()
    assert len(data["values"]) <= 2 and all(v["facet"] == "person" for v in data["values"])
    assert not any(v["value"] == "703656" for v in data["values"])


def test_complete_empty_prefix_gives_no_names(seed):
    assert seed.get("/api/complete?prefix=%20").get_json()["values"] == []


@pytest.mark.parametrize("query", ["?prefix=Kup&facet=lang", "?prefix=Kup&limit=0",
                                   "?prefix=Kup&limit=x"])
def test_complete_bad_input_is_400(seed, query):
    response = seed.get(f"/api/complete{query}")
    assert response.status_code == 400, response.data
    assert response.get_json()["error"]


def test_complete_is_in_the_openapi_document(seed):
    spec = seed.get("/api/openapi.json").get_json()
    names = [p["name"] for p in spec["paths"]["/api/complete"]["get"]["parameters"]]
    assert names == ["prefix", "facet", "limit"]

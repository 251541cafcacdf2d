"""The server answers as /api/openapi.json says: documented codes, empty dates, 405 with Allow."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from conftest import ARTICLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.backends.whoosh.engine import MAX_PAGE
from web import SECURITY_HEADERS
from web.openapi import spec

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
SPEC = spec()
OPERATIONS = [(path, method, op) for path, item in SPEC["paths"].items()
              for method, op in item.items()]
SEARCH_LIKE = ["/api/search", "/api/export.csv", "/api/export.jsonl", "/api/facets/place"]
# Inputs outside the schema, inputs at its edges, and inputs it allows that once failed.
BAD_INPUTS = [
    {}, {"until": ""}, {"since": ""}, {"page": ""}, {"sort": ""}, {"per_page": ""},
    {"facet_size": ""}, {"match": ""}, {"cross_lang": ""}, {"limit": ""},
    {"page": str(MAX_PAGE)}, {"page": str(MAX_PAGE + 1)}, {"page": "99999999999999999999"},
    {"since": "2023-01-01", "until": "2022-01-01"}, {"until": "2022-02-30"},
    {"person": ","}, {"person": ""}, {"place": "Куп'янськ"}, {"org": "\u202e\x00"},
    {"source": "   "}, {"lang": "日本語"}, {"date": "not a day"}, {"cross_lang": "true"},
    {"q": "x" * 2001}, {"q": "("},
]


def urls_of(path: str) -> list[str]:
    """Concrete URLs of an operation's path: a good and a bad value of each path parameter."""
    if "{article_id}" in path:
        return [path.replace("{article_id}", i) for i in (ARTICLE, "nope", "/nope", "%00")]
    if "{name}" in path:
        return [path.replace("{name}", "place"), path.replace("{name}", "bogus")]
    return [path]


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS,
                         ids=[op["operationId"] for _, _, op in OPERATIONS])
def test_every_answer_of_an_operation_is_a_documented_response(demo, path, method, op):
    documented = set(op["responses"])
    seen = set()
    for url in urls_of(path):
        for params in BAD_INPUTS:
            response = demo.open(f"{url}?{urlencode(params)}", method=method.upper())
            response.close()
            assert str(response.status_code) in documented, (url, params, response.data[:200])
            seen.add(response.status_code)
            if response.status_code == 308:
                assert response.headers["Location"]
            if response.status_code >= 400:
                assert response.is_json and response.json["error"]
    assert 200 in seen


def test_every_parameterized_operation_documents_400_and_503():
    for path, _method, op in OPERATIONS:
        if any(p["in"] == "query" for p in op.get("parameters", [])):
            assert {"200", "400", "503"} <= set(op["responses"]), path
    assert "404" in SPEC["paths"]["/api/articles/{article_id}"]["get"]["responses"]


@pytest.mark.parametrize("path", SEARCH_LIKE)
@pytest.mark.parametrize("name", ["since", "until"])
def test_empty_date_on_the_api_is_400_as_its_schema_says(demo, path, name):
    response = demo.get(f"{path}?{name}=")
    assert response.status_code == 400
    assert response.json["parameter"] == name and "empty" in response.json["error"]
    schema = next(p for p in SPEC["paths"]["/api/search"]["get"]["parameters"]
                  if p["name"] == name)
    assert schema["schema"]["format"] == "date" and schema["schema"]["minLength"] == 10


def test_empty_fields_of_the_search_page_form_still_mean_not_given(demo):
    assert demo.get("/?q=&since=&until=&page=&sort=").status_code == 200


@pytest.mark.parametrize("path", SEARCH_LIKE)
def test_since_after_until_is_a_documented_400(demo, path):
    response = demo.get(f"{path}?since=2023-01-01&until=2022-01-01")
    assert response.status_code == 400 and response.json["parameter"] == "since"
    op = SPEC["paths"]["/api/search"]["get"]
    since = next(p for p in op["parameters"] if p["name"] == "since")
    assert "until" in since["description"] and "400" in since["description"]
    assert "since` after `until" in op["responses"]["400"]["description"]


@FUZZ
@given(page=st.integers(-10, 10**6), path=st.sampled_from(SEARCH_LIKE[:1] + SEARCH_LIKE[3:]))
def test_page_is_answered_as_its_schema_says(demo, page, path):
    schema = next(p for p in SPEC["paths"]["/api/search"]["get"]["parameters"]
                  if p["name"] == "page")["schema"]
    response = demo.get(f"{path}?q=*&page={page}")
    valid = schema["minimum"] <= page <= schema["maximum"]
    assert response.status_code == (200 if valid else 400), response.data[:200]
    if valid and path == "/api/search" and page > 10:
        assert response.json["hits"] == []


@FUZZ
@given(value=st.text(max_size=10), name=st.sampled_from(["person", "place", "org", "source",
                                                          "lang"]),
       path=st.sampled_from(SEARCH_LIKE))
def test_any_unicode_filter_value_is_200_as_the_schema_allows(demo, value, name, path):
    response = demo.get(f"{path}?{urlencode({name: value})}")
    response.close()
    assert response.status_code == 200, response.data[:200]


NOT_SERVED = [("TRACE", "/api/articles/0"), ("DELETE", "/api/search"), ("POST", "/api/search"),
              ("PUT", "/api/export.csv"), ("PATCH", "/api/facets/place"),
              ("POST", "/api/openapi.json"), ("DELETE", f"/api/articles/{ARTICLE}"),
              ("PUT", "/"), ("TRACE", "/"), ("POST", f"/articles/{ARTICLE}"),
              ("DELETE", "/static/style.css")]


@pytest.mark.parametrize(("method", "url"), NOT_SERVED)
def test_method_not_served_is_405_with_allow(demo, method, url):
    response = demo.open(url, method=method)
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert "GET" in allowed and method not in allowed
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    if url.startswith("/api/"):
        assert response.is_json and method in response.json["error"]
    else:
        assert response.mimetype == "text/html" and b"405" in response.data

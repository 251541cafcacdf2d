"""The classes of mismatch schemathesis found between /api/openapi.json and the server
(tests/web/test_schemathesis.py), each as a plain test: URL article ids with a collapsed
`//`, the `date` filter's form, and the parameter a query syntax error names."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from conftest import ARTICLE
from hypothesis import given, settings
from hypothesis import strategies as st

from web.api import restore_scheme
from web.openapi import spec

DATE_PATTERN = next(p for p in spec()["paths"]["/api/search"]["get"]["parameters"]
                    if p["name"] == "date")["schema"]["items"]["pattern"]


@pytest.mark.parametrize("sent", [ARTICLE, ARTICLE.replace("://", ":/", 1),
                                  quote(ARTICLE, safe=""), quote(ARTICLE, safe="/:")])
def test_url_id_found_as_sent(demo, sent):
    """Unescaped, escaped, or with the `//` collapsed as nginx forwards it: 200."""
    response = demo.get(f"/api/articles/{sent}")
    assert response.status_code == 200, (sent, response.status_code)
    assert response.json["id"] == ARTICLE


@pytest.mark.parametrize("article_id, expected", [
    ("https:/a.example/1", "https://a.example/1"), ("http:/a/b", "http://a/b"),
    ("https://a.example/1", "https://a.example/1"), ("sha1:ab/c", "sha1:ab/c"),
    ("x/https:/a", "x/https:/a"), ("https:///a", "https:///a")])
def test_restore_scheme(article_id, expected):
    assert restore_scheme(article_id) == expected


def test_unknown_collapsed_id_is_still_404(demo):
    response = demo.get("/api/articles/https:/demo.newsdex.invalid/none")
    assert response.status_code == 404 and response.json["error"]


@settings(max_examples=60, deadline=None)
@given(value=st.one_of(st.from_regex(DATE_PATTERN), st.text(max_size=12),
                       st.dates().map(str).map(lambda d: f" {d}x")))
def test_date_filter_as_documented(demo_app, value):
    """A `date` filter the document's pattern accepts is 200; any other is a 400 naming it."""
    response = demo_app.test_client().get("/api/search", query_string={"date": value})
    if re.search(DATE_PATTERN, value):
        assert response.status_code == 200, (value, response.json)
    else:
        assert response.status_code == 400, value
        assert response.json["parameter"] == "date"


@pytest.mark.parametrize("q", ["{", "[a TO", '"unclosed', "published:nonsense"])
def test_query_syntax_error_names_q(demo, q):
    response = demo.get("/api/search", query_string={"q": q})
    assert response.status_code == 400, q
    assert response.json["parameter"] == "q" and response.json["error"]

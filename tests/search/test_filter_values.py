"""Any filter value (no letters, punctuation, empty, Unicode) is a result or a 400, not 5xx."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.entities import resolve
from search.backends.whoosh.engine import FILTER_FIELDS
from search.cli import cli

FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
NO_LETTERS = [",", " , ", ",,", "", " ", "\t", ".", "-", "'", "’", "\u0301", "\x00", "!?",
              "5Y", "、", "٫", "\u200b", "\ufeff"]
filter_value = st.one_of(st.sampled_from(NO_LETTERS), st.text(max_size=12),
                         st.text(alphabet=",.;:-' \t", max_size=6))
ROUTES = ["/", "/api/search", "/api/export.csv", "/api/export.jsonl",
          *[f"/api/facets/{name}" for name in FILTER_FIELDS]]


@pytest.mark.parametrize("kind", ["person", "place", "org", "date", "source", "lang"])
@pytest.mark.parametrize("text", NO_LETTERS)
def test_resolve_of_a_value_without_letters_is_a_list(kind, text):
    assert isinstance(resolve(kind, text), list)


@FUZZ
@given(kind=st.sampled_from(["person", "place", "org", "date", "source", "lang"]),
       text=st.text())
def test_resolve_never_raises(kind, text):
    assert all(isinstance(i, str) for i in resolve(kind, text))


def test_reported_export_with_comma_person_is_200(demo):
    response = demo.get("/api/export.csv?q=5Y&person=%2C&person=&person=I")
    assert response.status_code == 200, response.data[:300]
    assert response.data.startswith(b"id,title")


@FUZZ
@given(route=st.sampled_from(ROUTES), name=st.sampled_from(FILTER_FIELDS),
       values=st.lists(filter_value, min_size=1, max_size=3))
def test_any_filter_value_is_never_a_server_error(demo, route, name, values):
    response = demo.get(f"{route}?{urlencode([(name, v) for v in values])}")
    response.close()
    assert response.status_code < 500, response.data[:300]
    if response.status_code == 400 and route.startswith("/api/"):
        assert response.json["error"]


@pytest.mark.parametrize("name", FILTER_FIELDS)
@pytest.mark.parametrize("value", [",", " ", "", "!?", "Ω,"])
def test_cli_filter_without_letters_is_no_traceback(demo_index, name, value):
    result = CliRunner().invoke(cli, ["search", "--index", str(demo_index), f"--{name}", value])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "unexpected error" not in result.output

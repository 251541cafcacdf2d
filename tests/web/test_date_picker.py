"""Dates on the page and in the API: the since/until date picker of the search form, and
`published:` / `date:` query terms (search.query_dates) over HTTP."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from search.cli import cli


def test_search_form_has_native_date_pickers_holding_the_range(demo):
    page = demo.get("/?q=Kupiansk&since=2022-09-01&until=2022-09-30").get_data(as_text=True)
    form = page[page.index('class="searchbox"'):page.index("</form>")]
    assert re.search(r'<input id="since" type="date" name="since" value="2022-09-01">', form)
    assert re.search(r'<input id="until" type="date" name="until" value="2022-09-30">', form)
    assert '<label for="since">' in form and '<label for="until">' in form
    assert 'type="hidden" name="since"' not in form  # not sent twice


def test_empty_date_pickers_submit_without_error(demo):
    response = demo.get("/?q=Kupiansk&since=&until=&cross_lang=0&cross_lang=1")
    assert response.status_code == 200
    assert 'value=""' in response.get_data(as_text=True)


@pytest.mark.parametrize(("query", "day"), [
    ("published:2022-09-10", "2022-09-10"), ('published:"2022-09-10"', "2022-09-10"),
])
def test_a_published_day_gives_that_day_only(demo, query, day):
    body = demo.get("/api/search", query_string={"q": query, "per_page": 100}).get_json()
    assert body["total"] >= 1
    assert all(h["published"].startswith(day) for h in body["hits"])


def test_published_year_month_and_day_narrow_down(demo):
    totals = [demo.get("/api/search", query_string={"q": f"published:{q}"}).get_json()["total"]
              for q in ("2022", "2022-09", "2022-09-10")]
    assert totals[0] > totals[1] > totals[2] > 0


@pytest.mark.parametrize("query", ["published:bogus", 'published:"2022-13-01"', "date:soon"])
def test_bad_date_is_a_400_naming_the_term_never_a_500(demo, query):
    response = demo.get("/api/search", query_string={"q": query})
    assert response.status_code == 400
    term = query.replace('"', "").split(":")[0]
    assert term + ":" in response.get_data(as_text=True)
    page = demo.get("/", query_string={"q": query})
    assert page.status_code == 400 and "is not a date" in page.get_data(as_text=True)


def test_bad_date_on_the_cli_is_exit_2_with_the_term(demo_index):
    result = CliRunner().invoke(cli, ["search", "--index", str(demo_index),
                                      'published:"2022-02-30"'])
    assert result.exit_code == 2
    assert "published:2022-02-30 is not a date" in result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output

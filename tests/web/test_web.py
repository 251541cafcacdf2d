"""The web app's JSON API and error paths, against real indexes (seed and demo corpora)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, DEMO, XSS

from search.cli import cli
from web import SECURITY_HEADERS, create_app
from web.params import SEARCH_PARAMS

OK_ROUTES = [
    "/", "/?q=Kupiansk", "/?q=Kupiansk&sort=newest", "/?q=*&sort=oldest&page=2&per_page=5",
    "/?place=Kupiansk&place=Kherson", "/?person=Syrskyi&lang=uk", "/?find_place=Kup",
    "/?facet_size=50", "/?since=2022-09-01&until=2022-09-30", "/?q=zzqqxxw", "/?q=Kupianks",
    "/?date=2022-09-10", "/?q=&sort=&page=&since=", f"/articles/{ARTICLE}", f"/articles/{XSS}",
    "/api/search", "/api/search?q=Kupiansk&place=Купянск", "/api/facets/place?contains=Kup",
    "/api/facets/source", "/api/openapi.json", f"/api/articles/{ARTICLE}", "/api/export.csv",
    "/api/export.jsonl?lang=ru", "/static/style.css", "/static/app.js",
]


@pytest.mark.parametrize("url", OK_ROUTES)
def test_route_answers_with_security_headers(demo, url):
    response = demo.get(url)
    response.close()
    assert response.status_code == 200, response.data[:500]
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


BAD_PARAMS = [
    ("sort=best", "sort"), ("page=0", "page"), ("page=two", "page"), ("page=1001", "page"),
    ("per_page=0", "per_page"), ("per_page=101", "per_page"), ("per_page=1.5", "per_page"),
    ("facet_size=-1", "facet_size"), ("since=2022-13-01", "since"), ("since=yesterday", "since"),
    ("until=2022-2-1", "until"), ("since=2023-01-01&until=2022-01-01", "since"),
    ("date=10.09.2022", "date"), ("q=" + "x" * 2001, "q"),
]


@pytest.mark.parametrize("path", ["/api/search", "/api/export.csv", "/api/export.jsonl",
                                  "/api/facets/place"])
@pytest.mark.parametrize(("query", "param"), BAD_PARAMS)
def test_bad_parameter_is_400_json_naming_it(demo, path, query, param):
    response = demo.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response.is_json and response.json["parameter"] == param
    assert param in response.json["error"]
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(("query", "param"), BAD_PARAMS)
def test_bad_parameter_on_page_is_friendly_400(demo, query, param):
    response = demo.get(f"/?{query}")
    assert response.status_code == 400
    assert "That search could not run" in response.text and param in response.text


@pytest.mark.parametrize("query", ["(a AND", '"unclosed', "a AND", "published:[2022 to"])
def test_malformed_query_is_400(demo, query):
    api = demo.get("/api/search", query_string={"q": query})
    assert api.status_code == 400 and api.json["error"]
    assert "position" in api.json
    page = demo.get("/", query_string={"q": query})
    assert page.status_code == 400
    assert "That search could not run" in page.text
    assert 'role="alert"' in page.text and 'aria-invalid="true"' in page.text


@pytest.mark.parametrize("url", ["/articles/nope", "/articles/https://demo.newsdex.invalid/x",
                                 "/api/articles/sha1:0000", "/api/nothing", "/nothing"])
def test_unknown_is_404(demo, url):
    response = demo.get(url)
    assert response.status_code == 404
    assert response.is_json == url.startswith("/api/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_facet_and_method(demo):
    assert demo.get("/api/facets/colour").status_code == 400
    response = demo.post("/api/search")
    assert response.status_code == 405 and response.is_json


def test_index_unavailable_is_503_until_indexed(tmp_path):
    from indexer.pipeline import index_paths

    app = create_app(tmp_path / "index", {"NEWSDEX_LAZY_INDEX": True})
    client = app.test_client()
    api = client.get("/api/search")
    assert api.status_code == 503 and "index" in api.json["error"]
    page = client.get("/")
    assert page.status_code == 503 and "newsdex index" in page.text
    index_paths([str(DEMO)], tmp_path / "index", entities=False)
    assert client.get("/api/search").json["total"] == 37
    app.extensions["newsdex"].close()


def _cli_json(index_dir: Path, query: str, params: dict) -> dict:
    args = ["search", query, "--index", str(index_dir), "--json"]
    for name, values in params.items():
        flag = {"per_page": "--limit"}.get(name, f"--{name}")
        for value in values if isinstance(values, list) else [values]:
            args += [flag, str(value)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


PARITY = [
    ("seed", "Kupiansk", {}),
    ("seed", "", {"place": ["Купянск"]}),
    ("seed", "", {"person": ["Syrskyi"], "lang": ["en", "ru"]}),
    ("demo", "", {}),
    ("demo", "", {"source": ["Demo Wire", "Демо-Вісник"]}),
    ("demo", "Kupiansk", {"lang": ["uk", "ru"], "sort": "newest"}),
    ("demo", "", {"place": ["Kharkiv"], "since": "2022-09-01", "until": "2023-12-31"}),
    ("demo", "*", {"sort": "oldest", "page": 2, "per_page": 5}),
    ("demo", "grain OR nato", {"org": ["NATO"]}),
    ("demo", "Kupianks", {}),
]


@pytest.mark.parametrize(("which", "query", "params"), PARITY)
def test_api_search_equals_cli_json(request, which, query, params):
    index_dir = request.getfixturevalue(f"{which}_index")
    client = request.getfixturevalue(which)
    expected = _cli_json(index_dir, query, params)
    got = client.get("/api/search", query_string={"q": query, **params}).json
    for data in (expected, got):
        data.pop("took_ms")
    assert got["total"] == expected["total"]
    assert got["facets"] == expected["facets"]
    assert got == expected


def test_place_filter_finds_every_spelling(seed):
    data = seed.get("/api/search?place=Kupiansk").json
    assert data["total"] == 3
    assert data["histogram"] is not None


def test_facet_values_contains(seed, demo):
    values = demo.get("/api/facets/place?contains=Kup").json["values"]
    assert [v["label"] for v in values] == ["Kupiansk"]
    assert values[0]["count"] == demo.get("/api/search?place=Kupiansk").json["total"] == 7
    assert values[0]["lat"] and not values[0]["selected"]
    narrowed = demo.get("/api/facets/place?contains=kup&lang=uk").json["values"]
    assert narrowed[0]["count"] == 3
    data = seed.get("/api/facets/person", query_string={"contains": "syr", "limit": 1}).json
    assert data["facet"] == "person" and len(data["values"]) == 1


@pytest.mark.parametrize("params", [{}, {"q": "Kupiansk"}, {"lang": "uk", "sort": "oldest"},
                                    {"source": ["Demo Wire", "Демо-Новости"]},
                                    {"q": "zzqqxxw"}, {"page": 3, "per_page": 1}])
def test_export_streams_every_match(demo, params):
    total = demo.get("/api/search", query_string={**params, "page": 1}).json["total"]
    response = demo.get("/api/export.csv", query_string=params)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.is_streamed
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["id", "title", "url", "source", "published", "language", "people",
                       "places", "orgs", "dates"]
    assert len(rows) - 1 == total
    lines = demo.get("/api/export.jsonl", query_string=params).text.splitlines()
    assert len(lines) == total
    assert all(json.loads(line)["id"] for line in lines)


def test_export_csv_values(demo):
    rows = list(csv.DictReader(io.StringIO(demo.get("/api/export.csv?q=Kupiansk").text)))
    row = next(r for r in rows if r["id"] == ARTICLE)
    assert row["title"].startswith("Ukrainian forces enter Kupiansk")  # no match markers
    assert "Kupiansk" in row["places"].split("; ") and row["language"] == "en"
    assert "2022-09-10" in row["dates"].split("; ")


def test_article_api_shape(demo):
    data = demo.get(f"/api/articles/{ARTICLE}").json
    assert data["id"] == ARTICLE and data["source"] == "Demo Wire"
    assert {"people", "places", "orgs", "dates", "mentions", "body", "origins"} <= set(data)


def test_openapi_documents_every_api_route(demo_app):
    spec = demo_app.test_client().get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    routes = {str(r.rule) for r in demo_app.url_map.iter_rules() if r.rule.startswith("/api/")}
    documented = {p.replace("{article_id}", "<path:article_id>").replace("{name}", "<name>")
                  for p in spec["paths"]}
    assert routes == documented
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert names == set(SEARCH_PARAMS)


def test_api_cross_lang_and_match_parameters(seed):
    plain = seed.get("/api/search?q=Kupiansk").get_json()
    wide = seed.get("/api/search?q=Kupiansk&cross_lang=1").get_json()
    assert plain["total"] == 1 and wide["total"] == 3
    assert {v["value"]: v["count"] for v in wide["facets"]["lang"]} == {"en": 1, "uk": 1, "ru": 1}
    anyword = seed.get("/api/search?q=Kupiansk+Washington&match=any").get_json()
    allwords = seed.get("/api/search?q=Kupiansk+Washington").get_json()
    assert anyword["total"] > allwords["total"]
    for bad in ("cross_lang=maybe", "match=some"):
        response = seed.get(f"/api/search?q=x&{bad}")
        assert response.status_code == 400
        assert response.get_json()["parameter"] == bad.split("=")[0]


@pytest.mark.parametrize("path", ["/static/../../../../etc/passwd",
                                  "/static/..%2f..%2fpyproject.toml",
                                  "/static/%2e%2e/%2e%2e/pyproject.toml",
                                  "/articles/../../etc/passwd", "/api/articles/..%2f..%2fetc",
                                  "/api/export.csv/../../../etc/passwd"])
def test_no_path_reaches_the_file_system(seed, path):
    response = seed.get(path)
    assert response.status_code in (400, 404), (path, response.status_code)
    assert b"root:" not in response.data and b"[project]" not in response.data
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hostile_sizes_are_refused_not_served(seed):
    cases = {"q": "a" * 5000, "per_page": "1000000", "page": "99999999999999999999",
             "facet_size": "100000000"}
    for name, value in cases.items():
        response = seed.get("/api/search", query_string={name: value})
        assert response.status_code == 400, name
        assert response.get_json()["parameter"] == name
    wildcard = seed.get("/api/search?q=" + " OR ".join(f"w{i}" for i in range(150)))
    assert wildcard.status_code == 400 and "too many words" in wildcard.get_json()["error"]


def test_serve_binds_to_loopback_by_default():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "[default: 127.0.0.1]" in result.output

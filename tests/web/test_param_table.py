"""The one parameter table: the OpenAPI document's parameters and the server's validation are
both made from it, so for every parameter of every operation the server accepts exactly the
values its JSON Schema allows (jsonschema is the oracle) and names the parameter in a 400."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema_rs import Draft202012Validator

from web.openapi import spec
from web.param_table import CROSS_RULES, PARAMS, Param, params_of

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
SPEC = spec()
OPERATIONS = {op["operationId"]: (path, op) for path, item in SPEC["paths"].items()
              for op in item.values()}
QUERY_OPS = ["search", "facetValues", "exportCsv", "exportJsonl"]
HTML_ROUTES = {"/", "/articles/<path:article_id>", "/static/<path:filename>"}


def url_of(operation: str, **params) -> str:
    """A URL of `operation` (path parameters filled with a valid value) with `params`."""
    path = OPERATIONS[operation][0].replace("{name}", "place")
    return f"{path}?{urlencode(params, doseq=True)}"


def accepted(param: Param, value) -> bool:
    """The oracle: whether `value` is valid for the parameter's documented JSON Schema."""
    schema = param.schema()
    if param.repeatable:
        schema, value = schema["items"], value
    if param.type == "integer":
        try:
            value = int(value)
        except ValueError:
            return False
    return Draft202012Validator(schema, validate_formats=True).is_valid(value)


def edges(param: Param) -> tuple[list[str], list[str]]:
    """(values the schema allows, values it refuses) at the edges of a parameter's schema."""
    if param.type == "integer":
        return ([str(param.minimum), str(param.maximum)],
                [str(param.minimum - 1), str(param.maximum + 1), "x", "1.5", ""])
    if param.enum:
        return list(param.enum), ["bogus", param.enum[0].upper() + "?", ""]
    if param.format == "date":
        return ["2022-02-24", "2024-02-29"], ["2022-02-30", "2022/02/24", "24.02.2022", ""]
    if param.pattern:
        return ["2022-02-24", ""], ["2022/02/24", "x"]
    if param.max_length:
        return ["x" * param.max_length, ""], ["x" * (param.max_length + 1)]
    return ["Kupiansk", "", "Куп'янськ"], []


CASES = [(op, p) for op in QUERY_OPS for p in params_of(op) if p.where == "query"]


@pytest.mark.parametrize(("operation", "param"), CASES,
                         ids=[f"{op}-{p.name}" for op, p in CASES])
def test_every_parameter_valid_passes_invalid_is_400_naming_it(demo, operation, param):
    good, bad = edges(param)
    for value in good:
        assert accepted(param, value) or (value == "" and not param.typed), (param.name, value)
        response = demo.get(url_of(operation, **{param.name: value}))
        response.close()
        assert response.status_code == 200, (param.name, value, response.data[:200])
    for value in bad:
        assert not accepted(param, value), (param.name, value)
        response = demo.get(url_of(operation, **{param.name: value}))
        assert response.status_code == 400, (param.name, value, response.status_code)
        assert response.json["parameter"] == param.name, response.json


def test_the_page_validates_through_the_same_table(demo):
    """The HTML page takes the same parameters (empty form fields mean 'not given')."""
    for param in params_of("page"):
        good, bad = edges(param)
        for value in [v for v in bad if v]:
            response = demo.get(url_of("search", **{param.name: value}).replace(
                "/api/search", "/"))
            assert response.status_code == 400, (param.name, value)
            assert response.mimetype == "text/html"
        for value in good:
            assert demo.get(f"/?{urlencode({param.name: value})}").status_code == 200


@FUZZ
@given(data=st.data(), param=st.sampled_from([p for p in PARAMS if p.where == "query"
                                              and (p.type == "integer" or p.enum)
                                              and set(p.operations) & set(QUERY_OPS)]))
def test_generated_values_are_answered_as_the_schema_says(demo, data, param):
    if param.type == "integer":
        value = str(data.draw(st.integers(param.minimum - 50, param.maximum + 50)))
    else:
        value = data.draw(st.sampled_from(param.enum) | st.text(max_size=6))
    operation = next(op for op in QUERY_OPS if op in param.operations)
    response = demo.get(url_of(operation, **{param.name: value}))
    response.close()
    if accepted(param, value.strip()) and value == value.strip():
        assert response.status_code == 200, (param.name, value, response.data[:200])
    elif not accepted(param, value.strip()):
        assert response.status_code == 400 and response.json["parameter"] == param.name


@FUZZ
@given(day=st.dates() | st.text(alphabet="0123456789-", max_size=11),
       name=st.sampled_from(["since", "until", "date"]))
def test_dates_are_answered_as_the_schema_says(demo, day, name):
    value = day if isinstance(day, str) else day.isoformat()
    param = next(p for p in PARAMS if p.name == name)
    response = demo.get(url_of("search", **{name: value}))
    if accepted(param, value):
        assert response.status_code == 200, (name, value, response.data[:200])
    else:
        assert response.status_code == 400 and response.json["parameter"] == name, value


def test_path_parameters_from_the_table(demo):
    assert demo.get("/api/facets/bogus").json["parameter"] == "name"
    for name in next(p for p in PARAMS if p.name == "name").enum:
        assert demo.get(f"/api/facets/{name}").status_code == 200
    assert demo.get(f"/api/articles/{quote('no such id')}").status_code == 404


def test_each_operation_documents_exactly_the_table_parameters():
    for operation, (_path, op) in OPERATIONS.items():
        assert [p["name"] for p in op.get("parameters", [])] == \
            [p.name for p in params_of(operation)], operation
        assert [p["schema"] for p in op.get("parameters", [])] == \
            [p.schema() for p in params_of(operation)], operation
        if any(p.name == "q" for p in params_of(operation)):  # the cross-parameter rules
            assert op["x-newsdex-rules"] == CROSS_RULES


def test_every_route_is_documented_and_every_documented_path_is_served(demo_app):
    rules = {rule.rule: rule.methods - {"HEAD", "OPTIONS"}
             for rule in demo_app.url_map.iter_rules()}
    documented = {}
    for path, item in SPEC["paths"].items():
        flask_path = path.replace("{article_id}", "<path:article_id>").replace("{name}",
                                                                               "<name>")
        documented[flask_path] = {method.upper() for method in item}
    api = {rule: methods for rule, methods in rules.items() if rule.startswith("/api/")}
    assert api == documented
    assert set(rules) - set(api) == HTML_ROUTES  # the HTML pages and static files


def test_every_response_code_has_a_body_schema():
    for operation, (_path, op) in OPERATIONS.items():
        codes = set(op["responses"])
        assert {"200", "405"} <= codes, operation
        if operation != "openapi":
            assert "503" in codes, operation
        for code, response in op["responses"].items():
            if "$ref" in response:
                name = response["$ref"].rsplit("/", 1)[1]
                response = SPEC["components"]["responses"][name]
            if code != "308":
                assert all("schema" in c for c in response["content"].values()), (operation,
                                                                                  code)
    not_allowed = SPEC["components"]["responses"]["MethodNotAllowed"]
    assert not_allowed["headers"]["Allow"]["required"]


@pytest.mark.parametrize("operation", [*QUERY_OPS, "article"])
def test_a_method_not_served_is_405_with_allow_as_documented(demo, operation):
    response = demo.post(url_of(operation).replace("{article_id}", "x"))
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"] and response.json["error"]

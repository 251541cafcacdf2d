"""Schemathesis over every operation of /api/openapi.json against a real `newsdex serve`.

A session fixture indexes the demo corpus (articles with people, places, organizations and
dates) into a temporary folder and serves it on 127.0.0.1 at a free port. Every operation
of the served document is fuzzed (examples, coverage and fuzzing phases; positive and
negative data) with every built-in response check, under a fixed seed and a bounded number
of cases; the per-operation, per-check tallies are printed at the end of the session. The
ids of indexed articles are sent to /api/articles/{article_id} as explicit cases, since a
generated string names no article.
"""

from __future__ import annotations

import functools
import http.client
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
import schemathesis
from conftest import DEMO, ROOT, free_port
from hypothesis import HealthCheck, seed, settings
from schemathesis.checks import CHECKS, load_all_checks

from web.openapi import spec

NEWSDEX = str(Path(sys.executable).parent / "newsdex")  # the installed command
MAX_EXAMPLES = 300  # per operation and phase; bounds the whole run well under two minutes
UNDOCUMENTED = ("POST", "PUT", "PATCH", "DELETE")
# Every built-in function check (max_response_time needs a limit, which we do not set).
load_all_checks()  # the Open API checks register on first import
ALL_CHECKS = [check for check in CHECKS.get_all() if callable(check)
              and not isinstance(check, type)]
assert {"status_code_conformance", "content_type_conformance", "response_headers_conformance",
        "response_schema_conformance", "negative_data_rejection", "positive_data_acceptance",
        "unsupported_method", "not_a_server_error"} <= {c.__name__ for c in ALL_CHECKS}
TALLY: Counter = Counter()  # (operation, check, "run" | "skipped" | "failed" | why) -> count
CASES: Counter = Counter()  # operation -> cases sent
PHASES: Counter = Counter()  # (phase, status code) -> cases

pytestmark = pytest.mark.slow


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.fixture(scope="session")
def served(tmp_path_factory, request):
    """(base URL, ids of every indexed article) of `newsdex serve` over the demo corpus."""
    folder = tmp_path_factory.mktemp("schemathesis")
    index = folder / "index"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    done = subprocess.run([NEWSDEX, "index", str(DEMO / "articles.jsonl"), "--index",
                           str(index)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    port = free_port()
    log = (folder / "serve.log").open("w")
    proc = subprocess.Popen([NEWSDEX, "serve", "--index", str(index), "--port", str(port),
                             "--workers", "1", "--threads", "4"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    started = time.monotonic()
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, (folder / "serve.log").read_text()
            try:
                status, body = _get(port, "/api/search?per_page=100")
                if status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (folder / "serve.log").read_text()
            time.sleep(0.2)
        ids = [hit["id"] for hit in json.loads(body)["hits"]]
        assert len(ids) == 37
        yield f"http://127.0.0.1:{port}", ids
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()
        _report(request.config, time.monotonic() - started)


def _report(config, seconds: float) -> None:
    """Print cases per operation and, per check, cases it ran on / applied to / failed."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or not CASES:
        return
    if capture is not None:  # shown without -s too, for the closing note
        with capture.global_and_fixture_disabled():
            _write(reporter, seconds)
    else:
        _write(reporter, seconds)


def _write(reporter, seconds: float) -> None:
    reporter.write_line(f"\nschemathesis: {sum(CASES.values())} cases in {seconds:.1f} s "
                        "(server start to stop)")
    for operation, cases in sorted(CASES.items()):
        reporter.write_line(f"  {operation}: {cases} cases")
    for phase in sorted({key[0] for key in PHASES}):
        codes = {code: n for (p, code), n in sorted(PHASES.items()) if p == phase}
        reporter.write_line(f"  phase {phase}: {sum(codes.values())} cases, by status {codes}")
    for check in sorted({key[1] for key in TALLY}):
        run, skipped, failed = (sum(v for k, v in TALLY.items() if k[1] == check and k[2] == w)
                                for w in ("run", "skipped", "failed"))
        why = {w: sum(v for k, v in TALLY.items() if k[1] == check and k[2] == w)
               for w in ("q-syntax", "since-after-until")}
        reporter.write_line(f"  check {check}: run {run}, skipped {skipped}, failed {failed}"
                            + (f" (documented 400s skipped: {why})" if any(why.values())
                               else ""))


def _documented_400(case, response) -> str | None:
    """Why a 400 for schema-valid input is what the document states in words (its JSON Schema
    cannot): `q` with bad Whoosh syntax (an unclosed bracket or quote, a field that takes a
    date), or `since` after `until`. None for every other response."""
    if response.status_code != 400:
        return None
    param = response.json().get("parameter")
    query = case.query or {}
    if param == "q" and query.get("q"):
        return "q-syntax"
    since, until = (str(query.get(k) or "").strip() for k in ("since", "until"))
    if param == "since" and since and until and since > until:
        return "since-after-until"
    return None


def _counted(label: str, check):
    """`check`, tallying each run, each run it did not skip, and each failure."""

    @functools.wraps(check)
    def run(ctx, response, case):
        TALLY[label, check.__name__, "run"] += 1
        why = check.__name__ == "positive_data_acceptance" and _documented_400(case, response)
        if why:
            TALLY[label, check.__name__, why] += 1
            return True  # skipped: see _documented_400 (every other 400 still fails)
        try:
            skipped = check(ctx, response, case)
        except BaseException:
            TALLY[label, check.__name__, "failed"] += 1
            raise
        if skipped:
            TALLY[label, check.__name__, "skipped"] += 1
        return skipped

    return run


def _validate(case, base: str):
    label = case.operation.label
    CASES[label] += 1
    phase = case.meta.phase.name.value if case.meta is not None else "explicit"
    try:
        response = case.call_and_validate(base_url=base, timeout=30,
                                          checks=[_counted(label, c) for c in ALL_CHECKS])
    except BaseException:
        PHASES[phase, "failed"] += 1
        raise
    PHASES[phase, response.status_code] += 1
    return response


# The document the server serves, built by the same function (test_served_document_is_spec
# checks they are equal); loaded at import so each operation is a test of its own (a lazy
# schema from a fixture needs pytest internals this pytest no longer has).
schema = schemathesis.openapi.from_dict(spec())


def test_served_document_is_spec(served):
    base, _ = served
    status, body = _get(int(base.rsplit(":", 1)[1]), "/api/openapi.json")
    assert status == 200
    assert json.loads(body) == spec(base)


@schema.parametrize()
@seed(20261207)
@settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_conforms(case, served):
    _validate(case, served[0])


def test_real_articles_conform(served):
    """Each indexed article through the documented operation: 200 and a conforming body."""
    base, ids = served
    operation = schema["/api/articles/{article_id}"]["GET"]
    for article_id in ids:
        response = _validate(operation.Case(path_parameters={"article_id": article_id}), base)
        assert response.status_code in (200, 308), (article_id, response.status_code)
        if response.status_code == 200:
            assert response.json()["id"] == article_id


@pytest.mark.parametrize("method", UNDOCUMENTED)
def test_undocumented_methods_are_405_with_allow(served, method):
    """Every documented path answers a method it does not serve with 405, an Allow header
    naming GET, and a JSON error body."""
    base, ids = served
    port = int(base.rsplit(":", 1)[1])
    paths = {"/api/articles/{article_id}": "/api/articles/" + quote(ids[0], safe=""),
             "/api/facets/{name}": "/api/facets/person"}
    raw = spec()["paths"]
    for template, methods in raw.items():
        path = paths.get(template, template)
        assert "{" not in path, template
        assert method.lower() not in methods, template
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(method, path)
            response = conn.getresponse()
            body = response.read()
        finally:
            conn.close()
        assert response.status == 405, (method, path, response.status)
        allow = {m.strip() for m in (response.getheader("Allow") or "").split(",")}
        assert "GET" in allow, (method, path, response.getheader("Allow"))
        assert method not in allow
        assert response.getheader("Content-Type", "").startswith("application/json"), path
        assert json.loads(body)["error"], path

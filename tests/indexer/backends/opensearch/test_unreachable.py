"""An `opensearch://` address nobody answers at (and one whose backend module is absent):
every front end says so with the address (its password left out), never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from indexer.backends import index_backend, remote_class
from indexer.errors import IndexUnavailable
from search.backends import open_search
from search.cli import cli
from web import create_app

ADDRESS = "opensearch://bob:s3cret@127.0.0.1:9/news"  # port 9: nothing listens


def _write(address):
    with index_backend(address).writer(wait=1):
        pass


@pytest.mark.parametrize("opener", [open_search, _write,
                                    lambda a: index_backend(a).delete(ids=["x"], wait=1),
])
def test_opening_is_index_unavailable_without_the_password(opener):
    with pytest.raises(IndexUnavailable) as raised:
        opener(ADDRESS)
    assert "opensearch://bob@127.0.0.1:9/news" in str(raised.value)
    assert "does not answer" in str(raised.value) and "s3cret" not in str(raised.value)


def test_a_missing_backend_module_is_index_unavailable():
    with pytest.raises(IndexUnavailable, match="cannot open OpenSearch indexes") as raised:
        remote_class("indexer.backends.opensearch.absent_module", "Nothing", ADDRESS)
    assert "s3cret" not in str(raised.value)


@pytest.mark.parametrize("args", [["search", "harbour"], ["stats"], ["show", "x"],
                                  ["complete", "Kyi"], ["index", "-"], ["check"],
                                  ["delete", "x"], ["optimize"], ["export", "harbour"]])
def test_cli_commands_exit_with_the_message(args):
    result = CliRunner().invoke(cli, [*args, "--index", ADDRESS], input="")
    assert result.exit_code == 1, result.output
    assert "does not answer" in result.output, result.output
    assert "s3cret" not in result.output and "Traceback" not in result.output


def test_the_api_answers_503():
    app = create_app(ADDRESS, {"TESTING": True, "NEWSDEX_LAZY_INDEX": True})
    response = app.test_client().get("/api/search?q=harbour")
    assert response.status_code == 503
    assert "s3cret" not in response.get_data(as_text=True)


def test_check_reports_the_silent_cluster_as_a_problem():
    report = index_backend(ADDRESS).check()
    assert not report.ok and "does not answer" in report.problems[0]
    assert "s3cret" not in " ".join(report.problems)

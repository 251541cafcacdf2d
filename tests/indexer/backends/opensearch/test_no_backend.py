"""An `opensearch://` address while this installation has no OpenSearch backend module:
every front end says so with the address (its password left out), never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from indexer.backends import index_backend
from indexer.errors import IndexUnavailable
from search.backends import open_search
from search.cli import cli
from web import create_app

ADDRESS = "opensearch://bob:s3cret@127.0.0.1:9200/news"


@pytest.mark.parametrize("opener", [open_search, index_backend])
def test_opening_is_index_unavailable_without_the_password(opener):
    with pytest.raises(IndexUnavailable) as raised:
        opener(ADDRESS)
    assert "opensearch://bob@127.0.0.1:9200/news" in str(raised.value)
    assert "s3cret" not in str(raised.value)


@pytest.mark.parametrize("args", [["search", "harbour"], ["stats"], ["show", "x"],
                                  ["complete", "Kyi"], ["index", "-"]])
def test_cli_commands_exit_with_the_message(args):
    result = CliRunner().invoke(cli, [*args, "--index", ADDRESS], input="")
    assert result.exit_code == 1, result.output
    assert "cannot open OpenSearch indexes" in result.output
    assert "s3cret" not in result.output and "Traceback" not in result.output


def test_the_api_answers_503():
    app = create_app(ADDRESS, {"TESTING": True, "NEWSDEX_LAZY_INDEX": True})
    response = app.test_client().get("/api/search?q=harbour")
    assert response.status_code == 503
    assert "s3cret" not in response.get_data(as_text=True)

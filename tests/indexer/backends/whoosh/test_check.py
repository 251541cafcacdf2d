"""`newsdex check` verifies an index and reports problems."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from indexer.backends.whoosh.check import check_index
from indexer.pipeline import index_articles
from search.cli import cli


def test_check_a_healthy_index(tmp_path, small_articles):
    index_articles(small_articles, tmp_path / "ix", entities=False)
    report = check_index(tmp_path / "ix")
    assert report.ok and report.documents == 5 and report.segments >= 1
    result = CliRunner().invoke(cli, ["check", "--index", str(tmp_path / "ix"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["documents"] == 5


def test_check_reports_a_missing_index(tmp_path):
    result = CliRunner().invoke(cli, ["check", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no newsdex index" in result.output


# Whoosh leaves the damaged segment's file unclosed when it fails to open it.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_check_reports_a_damaged_segment(tmp_path, small_articles):
    index_articles(small_articles, tmp_path / "ix", entities=False)
    for f in (tmp_path / "ix").glob("*.seg"):
        f.write_bytes(f.read_bytes()[:100])  # truncate the segment file
    report = check_index(tmp_path / "ix")
    assert not report.ok
    result = CliRunner().invoke(cli, ["check", "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1 and "problem:" in result.output


def test_optimize_merges_segments_and_keeps_every_article(tmp_path, small_articles):
    index_dir = tmp_path / "ix"
    for article in small_articles:  # one commit each: five segments
        index_articles([article], index_dir, entities=False)
    assert check_index(index_dir).segments > 1
    result = CliRunner().invoke(cli, ["optimize", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "optimized: 1 segment" in result.output
    report = check_index(index_dir)
    assert report.ok and report.segments == 1 and report.documents == 5
    searched = CliRunner().invoke(cli, ["search", "Kupiansk", "--index", str(index_dir),
                                        "--json"])
    assert json.loads(searched.output)["total"] == 1

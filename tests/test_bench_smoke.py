"""Smoke version of the scale benchmark: the three engines agree on a small synthetic corpus."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT

BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))

pytest.importorskip("tantivy")

from corpora import synthetic  # noqa: E402
from engines import ENGINES  # noqa: E402
from scale import specs  # noqa: E402

SIZE = 1000  # facet values asked for: enough to compare well past the top 10


def _above_cutoff(answers: list[dict[str, int]]) -> list[dict[str, int]]:
    """Counts above the tie at the cut-off of a truncated list (ties may be cut anywhere)."""
    cut = max((min(a.values()) if len(a) >= SIZE else 0) for a in answers)
    return [{k: v for k, v in a.items() if v > cut} for a in answers]


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    """The same 600 synthetic articles indexed by newsdex, FTS5 and Tantivy."""
    records = list(synthetic(600, seed=5))
    base = tmp_path_factory.mktemp("bench")
    opened = {}
    for name, cls in ENGINES.items():
        cls.index(iter(records), base / name)
        opened[name] = cls(base / name)
    yield opened
    for engine in opened.values():
        engine.close()


@pytest.mark.slow
def test_engines_agree_on_totals_facets_and_months(engines):
    checked = 0
    for spec in specs("synthetic"):
        answers = {name: e.run(spec, facet_size=SIZE) for name, e in engines.items()}
        totals = {name: a.total for name, a in answers.items()}
        assert len(set(totals.values())) == 1, (spec.name, totals)
        assert all(len(a.hits) == min(10, a.total) for a in answers.values()), spec.name
        if not spec.faceted:
            continue
        for facet in ("person", "place", "source", "lang"):
            if getattr(spec, facet, None):
                continue  # newsdex's multi-select counts ignore the facet's own filter
            counts = _above_cutoff([a.facets[facet] for a in answers.values()])
            assert all(c == counts[0] for c in counts), (spec.name, facet)
        ours = answers["newsdex"].months
        if ours:  # newsdex chose monthly bars: the others count months
            assert ours == answers["fts5"].months == answers["tantivy"].months, spec.name
        checked += 1
    assert checked == len(specs("synthetic")) // 2


@pytest.mark.slow
def test_scale_run_budgets_runs_and_combines_parts(tmp_path):
    import scale

    first = scale.run("synthetic", 200, tmp_path / "a", engines=("fts5",), repeat=5,
                      budget=0.0, cache=tmp_path)
    second = scale.run("synthetic", 200, tmp_path / "b", engines=("tantivy",), repeat=2,
                       cache=tmp_path)
    assert {c["runs"] for c in first["engines"]["fts5"]["serve"]["latency"].values()} == {3}
    assert {c["runs"] for c in second["engines"]["tantivy"]["serve"]["latency"].values()} == {2}
    text = scale.markdown(scale.combine([first, second]))
    assert "| fts5 | " in text and "| tantivy | " in text
    assert "these had fewer than 5: fts5 `all` 3" in text
    assert "Each engine's part finished at: fts5 " in text
    with pytest.raises(ValueError, match="different corpora or scales"):
        scale.combine([first, {**second, "scale": 300}])
    served = scale.run("synthetic", 200, tmp_path / "a", engines=("fts5",), repeat=2,
                       reindex=False, cache=tmp_path)  # serving only, on the first index
    assert "index" not in served["engines"]["fts5"]
    both = scale.combine([first, served])["engines"]["fts5"]
    assert both["index"] == first["engines"]["fts5"]["index"]
    assert both["serve"] == served["engines"]["fts5"]["serve"]
    text = scale.markdown(scale.combine([first, served]))
    assert f"fts5's indexing figures are from a part that finished at " \
           f"{first['engines']['fts5']['finished']}; its serving figures, from a part " \
           "that only served" in text


@pytest.mark.slow
def test_scale_run_opens_each_index_from_a_cold_disk_where_allowed(tmp_path, monkeypatch):
    import scale

    monkeypatch.setattr(scale, "_drop_page_cache", lambda: True)  # not this machine's cache
    figures = scale.run("synthetic", 200, tmp_path / "a", engines=("fts5",), repeat=1,
                        cache=tmp_path, cold_disk=True)
    cold = figures["engines"]["fts5"]["cold_disk"]
    assert 0 <= cold["open_s"] <= cold["cold_s"] < 60 and cold["read_mb"] >= 0
    text = scale.markdown(figures)
    assert "From a cold disk" in text
    assert text.split("From a cold disk", 1)[1].count("| fts5 | ") == 1
    monkeypatch.setattr(scale, "_drop_page_cache", lambda: False)  # no permission
    again = scale.run("synthetic", 200, tmp_path / "a", engines=("fts5",), repeat=1,
                      reindex=False, cache=tmp_path, cold_disk=True)
    assert again["engines"]["fts5"]["cold_disk"] is None
    assert "From a cold disk" not in scale.markdown(again)

"""The `newsdex` command line, end to end over real indexes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DEMO, shared

from search.cli import cli

SEED_TITLE = "Russia attempts to capture Kupiansk - Expert explains Russian intent"


def run(*args: str, input: str | bytes | None = None):  # noqa: A002 - CliRunner's name
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def search_json(index_dir, *args: str) -> dict:
    result = run("search", "--index", str(index_dir), "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_seed_article_with_its_entities(seed_index):
    data = search_json(seed_index, "Kupiansk")
    seed = [h for h in data["hits"] if h["language"] == "en"]
    assert len(seed) == 1
    hit = seed[0]
    assert hit["title"] == SEED_TITLE
    assert "Getty" not in json.dumps(hit)
    people = {p["name"] for p in hit["people"]}
    assert {"Oleksandr Syrskii", "Oleksandr Musiienko", "John Kirby"} <= people
    places = {p["id"]: p for p in hit["places"]}
    assert {"703656", "713122", "704204"} <= set(places)
    assert places["703656"]["name"] == "Kupiansk"
    assert places["703656"]["country"] == "UA" and places["703656"]["lat"] == pytest.approx(
        49.71, abs=0.05)
    assert any("Kharkiv" in p["name"] for p in hit["places"] if p["id"] != "706483")
    assert {"2022-02-27", "2022-09-10"} <= set(hit["dates"])
    assert set(data) >= {"query", "total", "page", "hits", "facets"}


@pytest.mark.parametrize(
    ("option", "value"),
    [("--place", "Купянск"), ("--place", "Куп'янськ"), ("--place", "Kupyansk"),
     ("--person", "Syrskyi"), ("--person", "Сырский"), ("--person", "Сирського")],
)
def test_any_spelling_filters_to_seed_uk1_ru1(seed_index, option, value):
    data = search_json(seed_index, option, value, "--facet", "place")
    assert data["total"] == 3
    assert sorted(h["language"] for h in data["hits"]) == ["en", "ru", "uk"]
    kupiansk = [v for v in data["facets"]["place"] if v["value"] == "703656"]
    assert kupiansk and kupiansk[0]["count"] == 3


def test_query_fields_and_empty_query(seed_index):
    everything = search_json(seed_index)
    assert everything["total"] == 5
    assert search_json(seed_index, "*")["total"] == 5
    assert search_json(seed_index, "place:Купянск")["total"] == 3
    assert search_json(seed_index, "lang:uk")["total"] == 2
    assert search_json(seed_index, "Купянском")["total"] >= 1  # Russian stemming


def test_terminal_view_and_facets(seed_index):
    result = run("search", "--index", str(seed_index), "Kupiansk", "--facet", "place",
                 "--no-color")
    assert result.exit_code == 0, result.output
    assert SEED_TITLE in result.output
    assert "place: " in result.output and "Kupiansk (" in result.output


@pytest.mark.parametrize("query", ['"unclosed', "(a AND", "a OR", "nofield:x"])
def test_malformed_query_exits_2_with_a_message(seed_index, query):
    result = CliRunner().invoke(cli, ["search", "--index", str(seed_index), query])
    assert result.exit_code == 2, result.output
    assert "Error:" in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_parameters_exit_2(seed_index):
    result = CliRunner().invoke(cli, ["search", "--index", str(seed_index), "--limit", "101"])
    assert result.exit_code == 2 and "--limit" in result.output
    result = CliRunner().invoke(cli, ["search", "--index", str(seed_index), "--page", "0"])
    assert result.exit_code == 2 and "page" in result.output
    result = CliRunner().invoke(cli, ["search", "--index", str(seed_index), "--since",
                                      "yesterday"])
    assert result.exit_code == 2


def test_show_and_stats(seed_index):
    data = search_json(seed_index, "Kupiansk", "--lang", "en")
    article_id = data["hits"][0]["id"]
    shown = run("show", article_id, "--index", str(seed_index))
    assert shown.exit_code == 0, shown.output
    assert SEED_TITLE in shown.output and "Oleksandr Syrskii" in shown.output
    assert shown.output.count(SEED_TITLE) == 1
    as_json = json.loads(run("show", article_id, "--index", str(seed_index), "--json").output)
    assert as_json["body"].startswith("The Russians have once again")
    stats = run("stats", "--index", str(seed_index))
    assert stats.exit_code == 0, stats.output
    assert "5 articles" in stats.output and "Українська (2)" in stats.output
    missing = CliRunner().invoke(cli, ["show", "nope", "--index", str(seed_index)])
    assert missing.exit_code == 1 and "no article with id 'nope'" in missing.output


def test_search_without_an_index_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["search", "x", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no newsdex index" in result.output


def test_extract_json_offsets_are_into_the_input(tmp_path):
    seed_file = next(shared("seed").glob("*.txt"))
    result = run("extract", str(seed_file), str(shared("samples", "uk1.txt")), "--json")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["language"] for line in lines] == ["en", "uk"]
    for line in lines:
        text = Path(line["source"]).read_text(encoding="utf-8")
        for e in line["entities"]:
            assert text[e["start"]:e["end"]] == e["text"]
            assert set(e) == {"type", "text", "start", "end", "id", "name"}
    seed = lines[0]["entities"]
    syrskii = [e for e in seed if e["text"] == "Oleksandr Syrskii"]
    assert syrskii and syrskii[0]["type"] == "person"
    assert {e["type"] for e in seed if e["text"] in ("Avdiivka", "Lyman")} == {"place"}
    assert not [e for e in seed if "Getty" in e["text"]]


def test_extract_reads_stdin():
    result = run("extract", "-", "--json", input="Kupiansk was liberated on September 10, 2022.")
    assert result.exit_code == 0, result.output
    line = json.loads(result.output)
    assert line["source"] == "-"
    assert {"703656", "2022-09-10"} <= {e["id"] for e in line["entities"]}


def test_bad_inputs_are_reported_and_the_rest_indexed(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("A good title\n\nA body about Kharkiv and the grain deal.\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    lines = tmp_path / "dump.jsonl"
    lines.write_text('{"title": "One", "body": "First body text."}\n'
                     '{"title": "Two", "body": \n'
                     '{"title": "Three", "body": "Third body text."}\n')
    index_dir = tmp_path / "ix"
    result = CliRunner().invoke(cli, ["index", "--index", str(index_dir), "--no-entities",
                                      str(good), str(empty), str(binary), str(lines),
                                      str(tmp_path / "missing.txt")])
    assert result.exit_code == 1, result.output
    out = result.output
    assert f"{tmp_path / 'missing.txt'}: " in out
    assert f"{empty}: " in out and f"{binary}: " in out
    assert f"{lines}:2: " in out
    assert "3 added" in out and "4 skipped" in out
    assert search_json(index_dir)["total"] == 3


def test_index_summary_and_reindex_adds_nothing(tmp_path):
    index_dir = tmp_path / "ix"
    first = run("index", "--index", str(index_dir), str(DEMO))
    assert first.exit_code == 0, first.output
    assert "0 skipped" in first.output
    again = run("index", "--index", str(index_dir), str(DEMO), "--json")
    assert again.exit_code == 0, again.output
    report = json.loads(again.output)
    assert report["added"] == 0 and report["unchanged"] == report["read"] > 30
    by_lang = search_json(index_dir, "--facet", "lang")["facets"]["lang"]
    assert {v["value"] for v in by_lang} == {"en", "uk", "ru"}
    kharkiv = search_json(index_dir, "--place", "Харків", "--facet", "lang")
    assert {v["value"] for v in kharkiv["facets"]["lang"]} == {"en", "uk", "ru"}


@pytest.mark.slow
def test_bbc_indexes_every_article_once(tmp_path):
    bbc = shared("bbc")
    index_dir = tmp_path / "bbc"
    result = run("index", "--index", str(index_dir), "--no-entities", "--json", str(bbc))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["read"] == 2225 and not report["skipped"]
    assert report["added"] + report["duplicates"] == 2225
    stats = json.loads(run("stats", "--index", str(index_dir), "--json").output)
    assert stats["inputs"] == 2225 and stats["articles"] == report["added"]
    again = json.loads(run("index", "--index", str(index_dir), "--no-entities", "--json",
                           str(bbc)).output)
    assert (again["added"], again["replaced"], again["unchanged"]) == (0, 0, 2225)
    mutu = search_json(index_dir, "title:Mutu", "--limit", "20")  # sport/199.txt is latin-1
    hit = next(h for h in mutu["hits"] if h["title"] == "Chelsea sack Mutu")
    body = json.loads(run("show", hit["id"], "--index", str(index_dir), "--json").output)["body"]
    assert "a £15.8m signing" in body


@pytest.mark.parametrize(("query", "suggestion"), [("Kupyansk", "Kupiansk"),
                                                   ("Kupyansk AND Lymn", "Kupiansk AND Lyman")])
def test_did_you_mean_from_the_index_vocabulary(seed_index, query, suggestion):
    data = search_json(seed_index, query)
    assert data["total"] == 0
    assert data["suggestion"] == suggestion
    text = run("search", "--index", str(seed_index), query).output
    assert f'Did you mean: "{suggestion}"?' in text


def test_empty_result_says_when_other_languages_match(seed_index):
    data = search_json(seed_index, "Kupyansk")  # a transliteration the gazetteer knows
    assert data["total"] == 0
    assert "3 articles match with names in every language (cross-language search)" in data[
        "notes"]


def test_cross_lang_reaches_every_language_with_counts(seed_index):
    plain = search_json(seed_index, "Kupiansk")
    assert [h["language"] for h in plain["hits"]] == ["en"]
    data = search_json(seed_index, "Kupiansk", "--cross-lang")
    assert data["total"] == 3
    assert {v["value"]: v["count"] for v in data["facets"]["lang"]} == {"en": 1, "uk": 1, "ru": 1}
    assert any("cross-language" in note for note in data["notes"])
    uk = next(h for h in data["hits"] if h["language"] == "uk")
    assert "<mark>Куп&#x27;янськ</mark>" in uk["snippet_html"]
    text = run("search", "--index", str(seed_index), "Kupiansk", "--cross-lang").output
    assert "lang: English (1)" in text and "Українська (1)" in text and "Русский (1)" in text


@pytest.mark.parametrize(("query", "lang"), [("Харків", "uk"), ("Купянск", "ru")])
def test_inflected_query_finds_the_sample(seed_index, query, lang):
    data = search_json(seed_index, query)
    assert lang in {h["language"] for h in data["hits"]}


@pytest.mark.parametrize(("prefix", "line"), [("Kup", "place\tKupiansk\t3\t703656"),
                                              ("Куп", "place\tKupiansk\t3\t703656"),
                                              ("Syr", "person\tOleksandr Syrskyi\t3\t")])
def test_complete_entity_names_in_any_script(seed_index, prefix, line):
    result = run("complete", prefix, "--index", str(seed_index))
    assert result.exit_code == 0, result.output
    assert any(row.startswith(line) for row in result.output.splitlines()), result.output


@pytest.mark.parametrize("args", [(), ("Kupiansk",), ("--place", "Харків")])
def test_limit_zero_gives_counts_without_hits(demo_index, args):
    counts = search_json(demo_index, *args, "--limit", "0")
    full = search_json(demo_index, *args, "--limit", "100")
    assert counts["hits"] == [] and counts["per_page"] == 0
    assert counts["total"] == full["total"] > 0
    assert counts["facets"] == full["facets"] and counts["histogram"] == full["histogram"]
    text = run("search", *args, "--limit", "0", "--index", str(demo_index))
    assert text.exit_code == 0 and "Timeline" in text.output
    assert run("search", "--limit", "-1", "--index", str(demo_index)).exit_code == 2

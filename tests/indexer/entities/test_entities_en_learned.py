"""The CoNLL-2003-trained English NER (issue 26): loads from the repository with no network,
and joins en_core_web_sm's spans in the real extractor."""

from __future__ import annotations

import socket

import pytest

import indexer.entities.en_learned as learned
from indexer.entities import EntityExtractor


def test_model_loads_from_the_repo_path_without_network(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the model tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    nlp = learned.load(learned.MODEL_DIR)
    assert {"PER", "LOC", "ORG", "MISC"} <= set(nlp.get_pipe("ner").labels)
    assert nlp.meta["name"] == "en_conll_ner"
    doc = nlp("Shares of Deutsche Bank fell in Frankfurt .")
    assert ("Deutsche Bank", "ORG") in {(e.text, e.label_) for e in doc.ents}


def test_missing_model_folder_is_a_domain_error(tmp_path):
    with pytest.raises(learned.LearnedModelMissing, match="make train-entities"):
        learned.load(tmp_path)


@pytest.mark.parametrize(("text", "org", "old_span"), [
    # en_core_web_sm joins the two organisations into one span; the trained model splits them
    ("Amnesty International and Human Rights Watch criticised the ruling on Tuesday.",
     "Amnesty International", "Amnesty International and Human Rights Watch"),
])
def test_trained_model_finds_orgs_the_old_path_missed(monkeypatch, text, org, old_span):
    new = {m.text for m in EntityExtractor().extract(text, "en") if m.type == "org"}
    monkeypatch.setattr(learned, "_MODEL", [None])  # the old path: en_core_web_sm alone
    old = {m.text for m in EntityExtractor().extract(text, "en") if m.type == "org"}
    assert org in new and org not in old, (new, old)
    assert old_span in old and old_span not in new

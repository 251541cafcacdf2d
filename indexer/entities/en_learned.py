"""The CoNLL-2003-trained English NER (issue 26) and how its spans join en_core_web_sm's.

The model lives in the repository (`models/en_conll_ner/`, built by
`scripts/train_en_ner.py`; loaded from that path only, never downloaded). Its labels are
CoNLL's: PER, LOC, ORG, MISC. Per type, the label set `LEARNED_TYPES` says where its spans
replace en_core_web_sm's (chosen by CoNLL dev F1, BENCHMARKS.md "English NER trained on
CoNLL-2003"); en_core_web_sm keeps the other types, and the rules of `english.py` read the
merged spans as they read spaCy's. Without the model folder the extractor runs on
en_core_web_sm alone and logs a notice once.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

MODEL_DIR = Path(__file__).resolve().parent / "models" / "en_conll_ner"
# CoNLL label -> the OntoNotes label the rules of english.py read
ONTO = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}
# en_core_web_sm labels a CoNLL type covers
SM_LABELS = {"PER": ("PERSON",), "LOC": ("GPE", "LOC", "FAC"), "ORG": ("ORG",)}
# CoNLL types whose learned spans replace en_core_web_sm's (by dev F1)
LEARNED_TYPES = frozenset({"ORG", "LOC"})

_log = logging.getLogger(__name__)
_MODEL: list[Any] = []


class LearnedModelMissing(RuntimeError):
    """The trained model folder is absent (run `make train-entities`)."""


def load(path: Path = MODEL_DIR) -> Any:
    """The trained pipeline at `path` (a folder: nothing is fetched); raises
    LearnedModelMissing when the folder has no model."""
    import spacy

    if not (path / "meta.json").is_file():
        raise LearnedModelMissing(f"{path}: no trained English NER (make train-entities)")
    return spacy.load(path)


def learned_nlp() -> Any | None:
    """The repository's trained NER, loaded once per process; None (with a logged notice, once)
    when it is absent, and the extractor then uses en_core_web_sm's spans only."""
    if not _MODEL:
        try:
            _MODEL.append(load())
        except LearnedModelMissing as exc:
            _log.warning("%s; English entities use en_core_web_sm only", exc)
            _MODEL.append(None)
    return _MODEL[0]


def merge_ents(doc: Any, learned: Any, types: frozenset[str] = LEARNED_TYPES,
               drop_sm: bool = True) -> Any:
    """Set `doc.ents` (en_core_web_sm's Doc) to the model's spans (Doc `learned`, same text)
    of `types`, relabelled to OntoNotes labels, plus sm's spans that overlap none of them;
    with `drop_sm`, sm's spans of the labels those types cover go too (the model decides the
    type alone). Each side decides only its own types: where sm finds a person, which
    the model does not decide, the model's span there gives way; where the model finds a
    person, sm's span of a decided label there stands (Kupiansk: a place to sm, a
    person to the model). Returns `doc`."""
    people = [(e.start, e.end) for e in doc.ents if e.label_ in SM_LABELS["PER"]]
    learned_people = [(e.start_char, e.end_char) for e in learned.ents if e.label_ == "PER"]
    spans = []
    for ent in learned.ents:
        if ent.label_ in types and ent.label_ in ONTO:
            span = doc.char_span(ent.start_char, ent.end_char, label=ONTO[ent.label_])
            if span is not None and "PER" not in types and _overlaps(span, people):
                continue
            if span is not None:
                spans.append(span)
    decided = {lab for t in types for lab in SM_LABELS.get(t, ())} if drop_sm else set()
    taken = [(s.start, s.end) for s in spans]
    for ent in doc.ents:
        if _overlaps(ent, taken):
            continue
        if ent.label_ in decided and not any(
                s < ent.end_char and ent.start_char < e for s, e in learned_people):
            continue
        spans.append(ent)
    doc.ents = sorted(spans, key=lambda s: s.start)
    return doc


def _overlaps(span: Any, ranges: list[tuple[int, int]]) -> bool:
    return any(s < span.end and span.start < e for s, e in ranges)

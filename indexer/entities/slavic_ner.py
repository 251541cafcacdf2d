"""natasha's news NER model for Ukrainian and Russian: loaded once per process, run in
batches (`ner_spans`), so that extraction pays for the model only when it has Slavic text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_NER: list[Any] = []


def ner_tagger() -> Any:
    """natasha's NewsNERTagger, loaded once."""
    if not _NER:
        from natasha import NewsEmbedding, NewsNERTagger

        _NER.append(NewsNERTagger(NewsEmbedding()))
    return _NER[0]


def ner_spans(texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
    """natasha spans (start, stop, PER|LOC|ORG) for several texts in batched calls."""
    if not texts:
        return []
    return [[(s.start, s.stop, s.type) for s in markup.spans]
            for markup in ner_tagger().map(list(texts))]
